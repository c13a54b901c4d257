-- hand-written
-- Every request's session lookup reads the organisations a district office may read, through a
-- recursive query over the unit tree. Written into the session script, it was planned with every
-- request (0.45 of the script's 0.7 ms of planning, for municipalities too); in PL/pgSQL its plans
-- are made once per connection and kept.
CREATE FUNCTION app_descendant_codes(unit text) RETURNS SETOF text LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY WITH RECURSIVE tree(code) AS (
      SELECT unit
      UNION
      SELECT v.code FROM admin_unit_version v JOIN tree t ON v.parent_code = t.code WHERE v.valid_to IS NULL
    ) SELECT tree.code FROM tree;
END $$;--> statement-breakpoint
-- An office and, for a district office, every organisation whose unit lies in its area. The area
-- is walked once and joined (an IN over the walk, correlated with the office's row, walked the
-- whole country again for each of 450 organisations: 1.8 s a request for a national office).
CREATE FUNCTION app_organisations_read_by(office uuid) RETURNS uuid[] LANGUAGE plpgsql STABLE AS $$
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
      SELECT u.id FROM organisation u JOIN app_descendant_codes(area) AS d(code) ON d.code = u.admin_unit_code
    ) r);
END $$;
