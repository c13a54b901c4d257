-- hand-written
-- The policies read the caller's organisations from a setting. Called bare, app_read_org_ids() is
-- inlined and evaluated for every row a policy filters: a district office reading 450
-- municipalities parsed 450 UUIDs per person row (0.3 ms each; a country-wide search spent 0.65 s
-- in it). As a scalar subquery it is an InitPlan, evaluated once per query. The same for the
-- caller's own organisation and user, and for the system role's `current_user = 'aimak_system'`:
-- the planner cannot estimate an equality without a column and takes 0.5 % for it, so every row
-- count it planned for the system role was 200 times too small (screening a batch of 108,880 people
-- against the register hashed all 6.5 million PINs and name keys, 15.5 s, instead of probing the
-- two indexes, 1.2 s); as a scalar subquery it holds for every row or none.
CREATE OR REPLACE FUNCTION app_protect_tenant_table(tbl regclass, org_column text DEFAULT 'org_id') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY tenant_read ON %s FOR SELECT TO aimak_app USING (%I = ANY ((SELECT app_read_org_ids())::uuid[]))', tbl, org_column);
  EXECUTE format('CREATE POLICY tenant_insert ON %s FOR INSERT TO aimak_app WITH CHECK (%I = (SELECT app_org_id()))', tbl, org_column);
  EXECUTE format('CREATE POLICY tenant_update ON %s FOR UPDATE TO aimak_app USING (%I = (SELECT app_org_id())) WITH CHECK (%I = (SELECT app_org_id()))', tbl, org_column, org_column);
  EXECUTE format('CREATE POLICY tenant_delete ON %s FOR DELETE TO aimak_app USING (%I = (SELECT app_org_id()))', tbl, org_column);
  EXECUTE format('CREATE POLICY system_all ON %s TO aimak_system USING ((SELECT current_user = ''aimak_system'')) WITH CHECK ((SELECT current_user = ''aimak_system''))', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO aimak_app, aimak_system', tbl);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_protect_reference_table(tbl regclass) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('CREATE POLICY reference_read ON %s FOR SELECT TO aimak_app USING (true)', tbl);
  EXECUTE format('CREATE POLICY system_all ON %s TO aimak_system USING ((SELECT current_user = ''aimak_system'')) WITH CHECK ((SELECT current_user = ''aimak_system''))', tbl);
  EXECUTE format('GRANT SELECT ON %s TO aimak_app', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO aimak_system', tbl);
END $$;
--> statement-breakpoint
-- Every existing policy that calls one of the three bare, or tests current_user bare, gets the
-- same scalar subquery (the cast keeps `= ANY ((SELECT …))` an array, not a subquery's rows).
CREATE FUNCTION pg_temp.app_policy_reading_once(expression text) RETURNS text LANGUAGE sql AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(expression,
    '\mapp_read_org_ids\(\)', '(SELECT app_read_org_ids())::uuid[]', 'g'),
    '\m(app_org_id|app_user_id)\(\)', '(SELECT \1())', 'g'),
    '\(CURRENT_USER = ''aimak_system''::name\)', '(SELECT (CURRENT_USER = ''aimak_system''::name))', 'g')
$$;
--> statement-breakpoint
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN
    SELECT tablename, policyname, qual, with_check FROM pg_policies
    WHERE schemaname = 'public'
      AND (qual ~ '\m(app_read_org_ids|app_org_id|app_user_id)\(\)|CURRENT_USER ='
        OR with_check ~ '\m(app_read_org_ids|app_org_id|app_user_id)\(\)|CURRENT_USER =')
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
