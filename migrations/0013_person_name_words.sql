CREATE TABLE "person_name_word" (
	"word" text NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "person_name_word_pkey" PRIMARY KEY("word","org_id","person_id")
);
--> statement-breakpoint
DROP INDEX "person_org_name_tokens";--> statement-breakpoint
DROP INDEX "person_tokens";--> statement-breakpoint
ALTER TABLE "person" DROP COLUMN "name_tokens";--> statement-breakpoint
ALTER TABLE "person" DROP COLUMN "org_name_tokens";--> statement-breakpoint
-- hand-written
SELECT app_protect_tenant_table('person_name_word');--> statement-breakpoint
-- Statement-level over the rows written, as the name-word dictionary's trigger: an import pays
-- once per statement. The rows carry the person's organisation, so the tenant policies hold.
CREATE FUNCTION app_index_person_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM person_name_word w USING before_rows b, written n
      WHERE n.id = b.id AND (n.search_key IS DISTINCT FROM b.search_key OR n.org_id <> b.org_id)
        AND w.person_id = b.id AND w.org_id = b.org_id
        AND w.word = ANY (string_to_array(b.search_key, ' '));
    INSERT INTO person_name_word (word, org_id, person_id)
      SELECT DISTINCT t, n.org_id, n.id FROM written n JOIN before_rows b ON b.id = n.id,
        unnest(string_to_array(n.search_key, ' ')) AS t
      WHERE t <> '' AND (n.search_key IS DISTINCT FROM b.search_key OR n.org_id <> b.org_id);
  ELSE
    INSERT INTO person_name_word (word, org_id, person_id)
      SELECT DISTINCT t, n.org_id, n.id FROM written n, unnest(string_to_array(n.search_key, ' ')) AS t
      WHERE t <> '';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER person_words_insert AFTER INSERT ON person REFERENCING NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION app_index_person_words();--> statement-breakpoint
CREATE TRIGGER person_words_update AFTER UPDATE ON person REFERENCING OLD TABLE AS before_rows NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION app_index_person_words();--> statement-breakpoint
-- The people already registered, read and written as the system role (its policy sees every
-- organisation; the tables' owner is bound by the forced policies and would see none).
SET LOCAL ROLE aimak_system;--> statement-breakpoint
INSERT INTO person_name_word (word, org_id, person_id)
  SELECT DISTINCT t, p.org_id, p.id FROM person p, unnest(string_to_array(p.search_key, ' ')) AS t WHERE t <> '';--> statement-breakpoint
RESET ROLE;
