-- hand-written
-- The system role's policies test `current_user = 'aimak_system'`. The planner cannot estimate an
-- equality without a column and takes 0.5 % for it, so every row count it planned for the system
-- role was 200 times too small: screening a batch of 108,880 people against the register hashed
-- all 6.5 million PINs and name keys (15.5 s) instead of probing the two indexes (1.2 s). As a
-- scalar subquery the test is evaluated once per query, and the planner counts it as a condition
-- that holds for every row or none.
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
DO $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'system_all' LOOP
    EXECUTE format('ALTER POLICY system_all ON %I USING ((SELECT current_user = %L)) WITH CHECK ((SELECT current_user = %L))',
      p.tablename, 'aimak_system', 'aimak_system');
  END LOOP;
END $$;
