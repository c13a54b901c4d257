-- hand-written
-- A household search matches the address with ILIKE, which no index serves beneath a tenant
-- policy (ILIKE is not leakproof): a district office's search read every household of its 20
-- municipalities (165 ms), a municipality's all of its own (20 ms). This function finds them through
-- the address's trigram index (migration 0023) and keeps only the organisations asked for that the
-- calling transaction reads (withTenant's aimak.read_org_ids, which the tenant policies trust too).
-- It runs as aimak_every_org, whose policy passes every household, and plans each call with its
-- values (EXECUTE), so a pattern every address holds ("көчөсү") reads the organisations' households
-- through their own index instead.
CREATE FUNCTION app_households_by_address(pattern text, org_ids uuid[], row_limit integer)
RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN QUERY EXECUTE
    'SELECT id FROM household
      WHERE (coalesce(street, '''') || '' '' || coalesce(house, '''')) ILIKE $1
        AND org_id = ANY ($2) AND org_id = ANY ($3)
      LIMIT $4'
    USING pattern, org_ids, app_read_org_ids(), row_limit;
END $$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_households_by_address(text, uuid[], integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_households_by_address(text, uuid[], integer) TO aimak_app;--> statement-breakpoint
-- A function's owner must be able to create in its schema when it is given the function; only then.
GRANT CREATE ON SCHEMA public TO aimak_every_org;--> statement-breakpoint
ALTER FUNCTION app_households_by_address(text, uuid[], integer) OWNER TO aimak_every_org;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM aimak_every_org;
