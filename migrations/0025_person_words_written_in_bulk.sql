-- hand-written: the index changes its storage parameters in place (drizzle-kit would rebuild it).
-- A national office's word index takes new entries into a pending list of at most 1 MB, merged in
-- sorted batches, rather than one posting-tree descent per word per person: on the bench's
-- 87,275-person import that was a second of the person insert's five. A search reads the pending
-- list too, but 1 MB of it costs a search far less than a millisecond.
ALTER INDEX "person_name_words" SET (fastupdate = on, gin_pending_list_limit = 1024);--> statement-breakpoint
-- The name words go in in their index's order (sorted with the DISTINCT that was already there),
-- so each insert lands beside the last; the sort gets the memory to stay off disk.
CREATE OR REPLACE FUNCTION app_index_person_words() RETURNS trigger LANGUAGE plpgsql
SET work_mem = '64MB' AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM person_name_word w USING before_rows b, written n
      WHERE n.id = b.id AND (n.search_key IS DISTINCT FROM b.search_key OR n.org_id <> b.org_id)
        AND w.person_id = b.id AND w.org_id = b.org_id
        AND w.word = ANY (string_to_array(b.search_key, ' '));
    INSERT INTO person_name_word (word, org_id, person_id)
      SELECT DISTINCT t, n.org_id, n.id FROM written n JOIN before_rows b ON b.id = n.id,
        unnest(string_to_array(n.search_key, ' ')) AS t
      WHERE t <> '' AND (n.search_key IS DISTINCT FROM b.search_key OR n.org_id <> b.org_id)
      ORDER BY 1, 2, 3;
  ELSE
    INSERT INTO person_name_word (word, org_id, person_id)
      SELECT DISTINCT t, n.org_id, n.id FROM written n, unnest(string_to_array(n.search_key, ' ')) AS t
      WHERE t <> ''
      ORDER BY 1, 2, 3;
  END IF;
  RETURN NULL;
END $$;
