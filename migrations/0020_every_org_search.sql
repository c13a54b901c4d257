CREATE INDEX "person_name_words" ON "person" USING gin (string_to_array("search_key", ' ')) WITH (fastupdate=false);--> statement-breakpoint
-- hand-written
-- The index is written row by row (fastupdate off), so a search never reads a pending list of
-- recent entries sequentially, and an insert never finds itself merging one.
-- An office whose area holds every organisation (a national office) searches the whole register.
-- Under the tenant policies that search can use neither index well: array overlap is not
-- leakproof, so PostgreSQL will not use the GIN index above beneath a policy, and the policy's
-- `org_id = any(…)` over every organisation either descends the name-word index once per
-- organisation or compares each posting with the whole list. Such an office reads every row anyway,
-- so its search reads `person_every_org`: a view owned by a role of its own whose policy passes
-- every person, gated by the transaction's `aimak.reads_every_org` setting, which withTenant sets
-- only for an actor whose readable organisations are all of them (and which the view checks once
-- a query, not per row). The setting is trusted as aimak.read_org_ids is: both come from the session.
CREATE FUNCTION app_reads_every_org() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT coalesce(current_setting('aimak.reads_every_org', true), '') = 'on' $$;--> statement-breakpoint
DO $$
BEGIN
  CREATE ROLE aimak_every_org NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL; -- roles are the cluster's; another database made it
END $$;--> statement-breakpoint
GRANT aimak_every_org TO CURRENT_USER;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO aimak_every_org;--> statement-breakpoint
GRANT SELECT ON person TO aimak_every_org;--> statement-breakpoint
CREATE POLICY every_org_read ON person FOR SELECT TO aimak_every_org USING (true);--> statement-breakpoint
-- Only what a search shows of a person.
CREATE VIEW person_every_org AS
  SELECT id, org_id, pin, surname, given_name, patronymic, name_latin, sex, birth_date, death_date,
    search_key, merged_into
  FROM person WHERE (SELECT app_reads_every_org());--> statement-breakpoint
-- A view's owner must be able to create in its schema when it is given the view; only then.
GRANT CREATE ON SCHEMA public TO aimak_every_org;--> statement-breakpoint
ALTER VIEW person_every_org OWNER TO aimak_every_org;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM aimak_every_org;--> statement-breakpoint
GRANT SELECT ON person_every_org TO aimak_app;
