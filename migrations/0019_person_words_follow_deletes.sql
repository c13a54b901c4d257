-- hand-written
-- A person's name-word postings go with the person. Nothing in the service deletes people (a merge
-- keeps both), but any DELETE left the postings behind: the register benchmark's clean-up left 1.9
-- million under one municipality, read by every country-wide search and counted against its cap
-- before the join with person dropped them.
CREATE FUNCTION app_unindex_person_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM person_name_word w USING removed r
    WHERE w.person_id = r.id AND w.org_id = r.org_id AND w.word = ANY (string_to_array(r.search_key, ' '));
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER person_words_delete AFTER DELETE ON person REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION app_unindex_person_words();
