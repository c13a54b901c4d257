CREATE TABLE "register_day_count" (
	"org_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"counts" jsonb NOT NULL,
	"criteria" jsonb NOT NULL,
	"certificates" jsonb NOT NULL,
	"counted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "register_day_count_org_id_on_date_pk" PRIMARY KEY("org_id","on_date")
);
--> statement-breakpoint
SELECT app_protect_tenant_table('register_day_count');--> statement-breakpoint
-- hand-written
-- A municipality's register counted on a day, kept so that an oblast or national summary reads
-- 450 rows instead of counting 6.5 million people. Any write to what the counts read (households,
-- their members, people, vulnerability flags, certificates) drops the counts of the organisations
-- it touched, every day of them: a back-dated event changes past days too. The statement-level
-- triggers run as the writer, whose rows are its own organisation's (or the system's), so the
-- tenant's own delete policy lets them drop its counts.
-- The shared lock on the organisation's count key makes a count and a write take turns: a count
-- (which holds the key exclusively, src/server/registry/day-counts.ts) that started before a
-- write committed is stored before the write's trigger drops it; one that starts after sees it.
CREATE FUNCTION app_register_counts_drop() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched uuid[];
  org uuid;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.org_id) INTO touched FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.org_id) INTO touched FROM old_rows o;
  ELSE
    SELECT array_agg(DISTINCT r.org_id) INTO touched
      FROM (SELECT n.org_id FROM new_rows n UNION ALL SELECT o.org_id FROM old_rows o) r;
  END IF;
  IF touched IS NULL THEN
    RETURN NULL;
  END IF;
  -- In a stable order, so two writers touching the same organisations cannot wait on each other.
  FOREACH org IN ARRAY (SELECT array_agg(t ORDER BY t) FROM unnest(touched) t) LOOP
    PERFORM pg_advisory_xact_lock_shared(hashtext('register-count:' || org::text));
  END LOOP;
  DELETE FROM register_day_count c WHERE c.org_id = ANY (touched);
  RETURN NULL;
END $$;--> statement-breakpoint
DO $$
DECLARE
  tbl text;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['household', 'household_member', 'person', 'household_flag', 'certificate'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_register_counts_drop()', tbl || '_counts_insert', tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_register_counts_drop()', tbl || '_counts_update', tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_register_counts_drop()', tbl || '_counts_delete', tbl);
  END LOOP;
END $$;
