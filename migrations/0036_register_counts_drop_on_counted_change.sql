-- hand-written
-- A write drops a municipality's kept day counts (0035) only when it changes what they count: an
-- UPDATE that changed a phone, the notes, a street, a name or a certificate's wording kept every
-- kept day of the municipality to be counted again, so a clerk's day of small corrections kept an
-- oblast's summary cold. The UPDATE triggers now compare, row by row (old and new paired by id),
-- only what src/server/registry/day-counts.ts reads (countPlaces, countFlagged,
-- countCertificates) and the organisation, listed per table at the end, and drop the counts of
-- the organisations whose rows differ there, before or after (a row moved to another
-- municipality changes both). Where the counts read only whether a value is there (a PIN, a
-- disability group, a revocation) or a part of it (a labour migration's start), that is what is
-- compared: a PIN's typo corrected changes no count.
-- Reading another column in those counts needs it added here. Inserts and deletes drop as before.
-- The lock and the delete stay those of 0035, in one function both triggers call.
CREATE FUNCTION app_register_counts_forget(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  IF touched IS NULL THEN
    RETURN;
  END IF;
  -- In a stable order, so two writers touching the same organisations cannot wait on each other.
  FOREACH org IN ARRAY (SELECT array_agg(t ORDER BY t) FROM unnest(touched) t) LOOP
    PERFORM pg_advisory_xact_lock_shared(hashtext('register-count:' || org::text));
  END LOOP;
  DELETE FROM register_day_count c WHERE c.org_id = ANY (touched);
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_register_counts_drop() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.org_id) INTO touched FROM new_rows n;
  ELSE
    SELECT array_agg(DISTINCT o.org_id) INTO touched FROM old_rows o;
  END IF;
  PERFORM app_register_counts_forget(touched);
  RETURN NULL;
END $$;--> statement-breakpoint
-- The UPDATE trigger's one argument is what the table's counts read, as expressions over a row;
-- old and new rows are paired by id, and a row without its pair (its id changed) counts as changed.
CREATE FUNCTION app_register_counts_drop_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
BEGIN
  EXECUTE format(
    'WITH n AS (SELECT id, org_id, ROW(%1$s) AS counted FROM new_rows),
          o AS (SELECT id, org_id, ROW(%1$s) AS counted FROM old_rows)
     SELECT array_agg(DISTINCT r.org_id)
       FROM n FULL JOIN o ON o.id = n.id
       CROSS JOIN LATERAL (VALUES (n.org_id), (o.org_id)) r(org_id)
      WHERE r.org_id IS NOT NULL AND n.counted IS DISTINCT FROM o.counted',
    TG_ARGV[0]) INTO touched;
  PERFORM app_register_counts_forget(touched);
  RETURN NULL;
END $$;--> statement-breakpoint
-- What each table's counts read, the organisation first.
DO $$
DECLARE
  counted record;
BEGIN
  FOR counted IN SELECT * FROM (VALUES
    ('household', 'org_id, village_code, formed_on, dissolved_on'),
    ('household_member', 'org_id, household_id, person_id, from_date, to_date'),
    ('person', 'org_id, sex, birth_date, death_date, pin IS NULL, disability_group IS NULL, migration IS NULL, migration->>''since'''),
    ('household_flag', 'org_id, household_id, criterion_code, set_on, cleared_on'),
    ('certificate', 'org_id, issued_on, revoked_at IS NULL')
  ) AS c(tbl, columns) LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', counted.tbl || '_counts_update', counted.tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_register_counts_drop_changed(%L)', counted.tbl || '_counts_update', counted.tbl, counted.columns);
  END LOOP;
END $$;
