-- hand-written
-- How many postings a set of name words has in person_name_word, as the planner estimates it from
-- the column's statistics: a wide search drives from the rarest word, and counting the postings
-- themselves cost tens of milliseconds a query (a common given name has 350,000 across the
-- country). The statistics cannot be read from pg_stats under row-level security; the planner's
-- own estimate of the same query can. (Volatile: PostgreSQL allows EXPLAIN in no other kind.)
CREATE FUNCTION app_name_word_postings(words text[]) RETURNS float8
  LANGUAGE plpgsql VOLATILE PARALLEL RESTRICTED AS $$
DECLARE
  plan json;
BEGIN
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM person_name_word WHERE word = ANY (%L::text[])', words)
    INTO plan;
  RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8;
END $$;--> statement-breakpoint
-- The thousand most common words are known by their own frequency, the rest by the average.
ALTER TABLE person_name_word ALTER COLUMN word SET STATISTICS 1000;--> statement-breakpoint
-- A rolled-back import leaves dead entries at the high end of the uuidv7 indexes, and PostgreSQL 15
-- steps over each of them whenever it plans a join on those columns; the default lets VACUUM skip
-- index clean-up when few pages hold dead rows, so it is always done for the register's tables.
ALTER TABLE person SET (vacuum_index_cleanup = on);--> statement-breakpoint
ALTER TABLE household SET (vacuum_index_cleanup = on);--> statement-breakpoint
ALTER TABLE household_member SET (vacuum_index_cleanup = on);--> statement-breakpoint
ALTER TABLE person_name_word SET (vacuum_index_cleanup = on);
