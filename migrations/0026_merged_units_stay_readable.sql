CREATE INDEX "admin_unit_merged" ON "admin_unit" USING btree ("code") WHERE "admin_unit"."successor_code" is not null;--> statement-breakpoint
-- hand-written
-- A municipality merged into another keeps its organisation and its register (the history and the
-- people in it), but its unit is abolished and its villages move under the successor, so a walk of
-- the units in force no longer reaches it: its district office lost sight of its register, and a
-- national office stopped reading every organisation (and so left the country-wide views). An
-- organisation is read where its unit stands today: a unit merged away counts as its successor's,
-- along a chain of merges. The merged units are few and found through their own index, so the walk
-- costs what it did.
CREATE OR REPLACE FUNCTION app_organisations_read_by(office uuid) RETURNS uuid[] LANGUAGE plpgsql STABLE AS $$
DECLARE
  area text;
BEGIN
  SELECT o.admin_unit_code INTO area FROM organisation o WHERE o.id = office AND o.kind = 'district-office';
  IF area IS NULL THEN
    RETURN ARRAY[office];
  END IF;
  RETURN (SELECT array_agg(DISTINCT r.id) FROM (
      SELECT office AS id
      UNION ALL
      SELECT u.id FROM organisation u JOIN (
        WITH RECURSIVE walk AS MATERIALIZED (SELECT d.code FROM app_descendant_codes(area) AS d(code)),
        merged(code, today) AS (
          SELECT a.code, a.successor_code FROM admin_unit a WHERE a.successor_code IS NOT NULL
          UNION
          SELECT m.code, a.successor_code FROM merged m JOIN admin_unit a ON a.code = m.today
          WHERE a.successor_code IS NOT NULL
        )
        SELECT walk.code FROM walk
        UNION ALL
        SELECT m.code FROM merged m JOIN walk ON walk.code = m.today
      ) w ON w.code = u.admin_unit_code
    ) r);
END $$;
