-- hand-written
-- The policies read the caller's organisations from a setting. Called bare, app_read_org_ids() is
-- inlined and evaluated for every row a policy filters: a district office reading 450
-- municipalities parsed 450 UUIDs per person row (0.3 ms each; a country-wide search spent 0.65 s
-- in it). As a scalar subquery it is an InitPlan, evaluated once per query. The same for the
-- caller's own organisation and user.
CREATE OR REPLACE FUNCTION app_protect_tenant_table(tbl regclass, org_column text DEFAULT 'org_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT TO aimak_app USING (%I = ANY ((SELECT app_read_org_ids())::uuid[]))', tbl, org_column);
  EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT TO aimak_app WITH CHECK (%I = (SELECT app_org_id()))', tbl, org_column);
  EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE TO aimak_app USING (%I = (SELECT app_org_id())) WITH CHECK (%I = (SELECT app_org_id()))', tbl, org_column, org_column);
  EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE TO aimak_app USING (%I = (SELECT app_org_id()))', tbl, org_column);
  EXECUTE format('CREATE POLICY system_all ON %s TO aimak_system USING (current_user = ''aimak_system'') WITH CHECK (current_user = ''aimak_system'')', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO aimak_app, aimak_system', tbl);
END $$;
--> statement-breakpoint
-- Every existing policy that calls one of the three bare gets the same scalar subquery (the cast
-- keeps `= ANY ((SELECT …))` an array, not a subquery's rows).
CREATE FUNCTION pg_temp.app_policy_reading_once(expression text) RETURNS text LANGUAGE sql AS $$
  SELECT regexp_replace(regexp_replace(expression,
    '\mapp_read_org_ids\(\)', '(SELECT app_read_org_ids())::uuid[]', 'g'),
    '\m(app_org_id|app_user_id)\(\)', '(SELECT \1())', 'g')
$$;
--> statement-breakpoint
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN
    SELECT tablename, policyname, qual, with_check FROM pg_policies
    WHERE schemaname = 'public'
      AND (qual ~ '\m(app_read_org_ids|app_org_id|app_user_id)\(\)' OR with_check ~ '\m(app_read_org_ids|app_org_id|app_user_id)\(\)')
  LOOP
    IF p.qual IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I USING (%s)', p.policyname, p.tablename,
        pg_temp.app_policy_reading_once(p.qual));
    END IF;
    IF p.with_check IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', p.policyname, p.tablename,
        pg_temp.app_policy_reading_once(p.with_check));
    END IF;
  END LOOP;
END $$;
