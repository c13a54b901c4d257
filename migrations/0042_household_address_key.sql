DROP INDEX "household_address_trigrams";--> statement-breakpoint
ALTER TABLE "household" ADD COLUMN "address_key" text;--> statement-breakpoint
CREATE INDEX "household_address_key_trigrams" ON "household" USING gin ("address_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "household_address_key_missing" ON "household" USING btree ("id") WHERE "household"."address_key" is null;--> statement-breakpoint
CREATE INDEX "household_phone" ON "household" USING btree ("phone");--> statement-breakpoint
-- hand-written
-- The address is searched by its key (household.address_key: the village's names, street and house
-- folded as names are, written by the application), word by word in any order: exactly (each word
-- within the key), or, when that finds nothing, nearly (each word's trigram word similarity to some
-- part of the key at least 0.5: "манос" for манас, "akbulak" for ак-булак). Both are served by the
-- key's trigram index, which no condition beneath a tenant policy may use (LIKE and <% are not
-- leakproof): so, as before, the function runs as aimak_every_org, keeps only the organisations
-- asked for that the transaction reads, and plans each call with its words. Without organisations
-- it reads every household, for an office that reads every organisation (app_reads_every_org) or
-- the system role, in place of the view household_every_org and the index of street and house it used.
DROP FUNCTION app_households_by_address(text, uuid[], integer);--> statement-breakpoint
CREATE FUNCTION app_households_by_address(words text[], nearly boolean, org_ids uuid[], row_limit integer)
RETURNS TABLE (id uuid, score real) LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp AS $$
DECLARE
  matches text := '';
  scored text := '0';
  word text;
BEGIN
  -- How near is near (%> reads it), for the rest of the transaction: set here, not as the function's
  -- SET clause, which PostgreSQL refuses to a role that is not a superuser while pg_trgm is not loaded.
  IF nearly THEN
    PERFORM set_config('pg_trgm.word_similarity_threshold', '0.5', true);
  END IF;
  FOREACH word IN ARRAY words LOOP
    -- A number is a whole word's start ("8" is 8 or 8а, not 18); it and a word of one or two letters
    -- have no trigram to look up, so they are tested on the rows the other words find (written
    -- on an expression the index does not hold: in the index, they would make it read all of it).
    matches := matches || CASE
      WHEN nearly THEN format(' AND address_key %%> %L', word)
      WHEN word ~ '^[0-9]' THEN format(' AND ('' '' || address_key) LIKE %L', '% ' || word || '%')
      WHEN length(word) < 3 THEN format(' AND ('' '' || address_key) LIKE %L', '%' || word || '%')
      ELSE format(' AND address_key LIKE %L', '%' || word || '%') END;
    -- A near match scores how near it is; an exact one as if each word were a whole word of it,
    -- which it mostly is (scoring every row of a common street's 2,000 cost more than finding them).
    scored := scored || CASE WHEN nearly THEN format(' + word_similarity(%L, address_key)', word) ELSE ' + 1' END;
  END LOOP;
  IF org_ids IS NULL THEN
    -- The role a transaction chose (SET ROLE, which only a member may choose), not the function's owner.
    IF app_reads_every_org() OR current_setting('role') = 'aimak_system' THEN
      RETURN QUERY EXECUTE format('SELECT id, (%s)::real FROM household WHERE true%s LIMIT $1', scored, matches)
        USING row_limit;
    END IF;
  ELSE
    RETURN QUERY EXECUTE format('SELECT id, (%s)::real FROM household
        WHERE org_id = ANY ($1) AND org_id = ANY ($2)%s LIMIT $3', scored, matches)
      USING org_ids, app_read_org_ids(), row_limit;
  END IF;
END $$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_households_by_address(text[], boolean, uuid[], integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_households_by_address(text[], boolean, uuid[], integer) TO aimak_app, aimak_system;--> statement-breakpoint
-- A function's owner must be able to create in its schema when it is given the function; only then.
GRANT CREATE ON SCHEMA public TO aimak_every_org;--> statement-breakpoint
ALTER FUNCTION app_households_by_address(text[], boolean, uuid[], integer) OWNER TO aimak_every_org;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM aimak_every_org;
