-- Name search that scales to the country: exact words through a GIN index of each name's words,
-- misspellings through a dictionary of distinct name words.
CREATE TABLE "name_token" (
	"token" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "name_tokens" text[] GENERATED ALWAYS AS (string_to_array(search_key, ' ')) STORED;--> statement-breakpoint
CREATE INDEX "name_token_trgm" ON "name_token" USING gin ("token" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "name_token_prefix" ON "name_token" USING btree ("token" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "person_tokens" ON "person" USING gin ("name_tokens");--> statement-breakpoint
CREATE INDEX "person_pin" ON "person" USING btree ("pin");--> statement-breakpoint
CREATE INDEX "person_key_birth" ON "person" USING btree ("search_key","birth_date");--> statement-breakpoint
-- The dictionary holds words, not people, so it is not a tenant table: every request may read it,
-- and only the trigger (running as the tables' owner) writes it.
GRANT SELECT ON name_token TO aimak_app, aimak_system;--> statement-breakpoint
-- Statement-level, over the rows the statement wrote: a bulk import pays once, not per person.
CREATE FUNCTION app_collect_name_tokens() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO name_token (token)
    SELECT DISTINCT t FROM written, unnest(string_to_array(written.search_key, ' ')) AS t WHERE t <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER person_name_tokens_insert AFTER INSERT ON person REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION app_collect_name_tokens();--> statement-breakpoint
CREATE TRIGGER person_name_tokens_update AFTER UPDATE ON person REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION app_collect_name_tokens();--> statement-breakpoint
INSERT INTO name_token (token)
  SELECT DISTINCT t FROM person, unnest(string_to_array(search_key, ' ')) AS t WHERE t <> ''
  ON CONFLICT DO NOTHING;
