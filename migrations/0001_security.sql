-- Security: two roles the service switches to in every transaction (SET LOCAL ROLE), row-level
-- security FORCEd on every tenant table, and the append-only audit trail.
--   aimak_app    : requests. Sees the rows of the organisations named in aimak.read_org_ids and
--                  writes only rows of aimak.org_id.
--   aimak_system : the service's own work (log-in, sessions, migrations of data, CLI, backups).
-- The connection's own user owns the tables and, being a member of both roles (to SET ROLE), falls
-- under their policies; so the system policies test current_user, and the tenant ones need the
-- aimak.* settings: with FORCE, a bare owner connection sees no tenant row.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aimak_app') THEN
    CREATE ROLE aimak_app NOLOGIN NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aimak_system') THEN
    CREATE ROLE aimak_system NOLOGIN NOBYPASSRLS;
  END IF;
END $$;
--> statement-breakpoint
GRANT aimak_app TO CURRENT_USER;
--> statement-breakpoint
GRANT aimak_system TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO aimak_app, aimak_system;
--> statement-breakpoint
-- Backups record which migrations the data belongs to.
GRANT USAGE ON SCHEMA drizzle TO aimak_system;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO aimak_system;
--> statement-breakpoint
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('aimak.user_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_org_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('aimak.org_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE FUNCTION app_read_org_ids() RETURNS uuid[] LANGUAGE sql STABLE AS
  $$ SELECT coalesce(string_to_array(nullif(current_setting('aimak.read_org_ids', true), ''), ',')::uuid[], '{}') $$;
--> statement-breakpoint
-- Turns on the standard tenant policies for a table with an org_id column. Later migrations call
-- it for every tenant table they create.
CREATE FUNCTION app_protect_tenant_table(tbl regclass, org_column text DEFAULT 'org_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT TO aimak_app USING (%I = ANY (app_read_org_ids()))', tbl, org_column);
  EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT TO aimak_app WITH CHECK (%I = app_org_id())', tbl, org_column);
  EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE TO aimak_app USING (%I = app_org_id()) WITH CHECK (%I = app_org_id())', tbl, org_column, org_column);
  EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE TO aimak_app USING (%I = app_org_id())', tbl, org_column);
  EXECUTE format('CREATE POLICY system_all ON %s TO aimak_system USING (current_user = ''aimak_system'') WITH CHECK (current_user = ''aimak_system'')', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO aimak_app, aimak_system', tbl);
END $$;
--> statement-breakpoint
-- Shared reference data: everyone reads, only the system writes.
CREATE FUNCTION app_protect_reference_table(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY reference_read ON %s FOR SELECT TO aimak_app USING (true)', tbl);
  EXECUTE format('CREATE POLICY system_all ON %s TO aimak_system USING (current_user = ''aimak_system'') WITH CHECK (current_user = ''aimak_system'')', tbl);
  EXECUTE format('GRANT SELECT ON %s TO aimak_app', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO aimak_system', tbl);
END $$;
--> statement-breakpoint
SELECT app_protect_reference_table('admin_unit');
--> statement-breakpoint
SELECT app_protect_reference_table('admin_unit_version');
--> statement-breakpoint
SELECT app_protect_tenant_table('organisation', 'id');
--> statement-breakpoint
SELECT app_protect_tenant_table('organisation_village');
--> statement-breakpoint
SELECT app_protect_tenant_table('membership');
--> statement-breakpoint
SELECT app_protect_tenant_table('api_token');
--> statement-breakpoint
-- A user may read their own memberships in any organisation (to choose where to work).
CREATE POLICY own_memberships ON membership FOR SELECT TO aimak_app USING (user_id = app_user_id());
--> statement-breakpoint
-- Users are global; a request sees itself and the users of the organisations it reads. The
-- password hash and lockout counters are not granted to the application role at all.
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY user_read ON app_user FOR SELECT TO aimak_app USING (
  id = app_user_id() OR EXISTS (
    SELECT 1 FROM membership m WHERE m.user_id = app_user.id AND m.org_id = ANY (app_read_org_ids())));
--> statement-breakpoint
CREATE POLICY user_insert ON app_user FOR INSERT TO aimak_app WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY user_update ON app_user FOR UPDATE TO aimak_app USING (
  id = app_user_id() OR EXISTS (
    SELECT 1 FROM membership m WHERE m.user_id = app_user.id AND m.org_id = app_org_id()));
--> statement-breakpoint
CREATE POLICY system_all ON app_user TO aimak_system
  USING (current_user = 'aimak_system') WITH CHECK (current_user = 'aimak_system');
--> statement-breakpoint
GRANT SELECT (id, username, display_name, locale, disabled_at, version, created_at, locked_until) ON app_user TO aimak_app;
--> statement-breakpoint
-- Drizzle names every column in an INSERT (with DEFAULT), so INSERT is granted on the table.
GRANT INSERT ON app_user TO aimak_app;
--> statement-breakpoint
GRANT UPDATE (display_name, locale, disabled_at, version, password_hash, failed_logins, locked_until) ON app_user TO aimak_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON app_user TO aimak_system;
--> statement-breakpoint
-- Sessions belong to the system alone: requests never read another session's token or CSRF secret.
ALTER TABLE session ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE session FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_all ON session TO aimak_system
  USING (current_user = 'aimak_system') WITH CHECK (current_user = 'aimak_system');
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON session TO aimak_system;
--> statement-breakpoint
-- The audit trail: requests append to and read their own organisations' chains; nobody updates
-- or deletes, enforced by grants and by a trigger that also stops the owner.
SELECT app_protect_tenant_table('audit_event');
--> statement-breakpoint
REVOKE UPDATE, DELETE ON audit_event FROM aimak_app, aimak_system;
--> statement-breakpoint
SELECT app_protect_tenant_table('audit_chain_head');
--> statement-breakpoint
REVOKE DELETE ON audit_chain_head FROM aimak_app, aimak_system;
--> statement-breakpoint
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
