-- hand-written
-- A rehearsal (a merge's plan: the merge carried out and rolled back, src/server/registry/search.ts
-- planMerge) drops no kept day counts. Its writes fired the counts' triggers (0035, 0036) like any
-- other: they deleted the organisation's register_day_count rows, which stay locked until the
-- rollback restores them, and took the count key shared. So a clerk's write whose trigger deleted
-- the same rows waited for the plan, the plan for any such write in progress, and either for a
-- count under way; all for rows the rollback puts back. The rehearsal says so in a setting of its
-- own transaction (aimak.rehearsal = 'on', set with set_config(…, true)), which ends with it.
-- Only planMerge sets it, in a transaction it always rolls back: one that set it and committed would
-- leave the counts it changed stale. Policies and grants are untouched.
-- The rest is 0036's function as it was.
CREATE OR REPLACE FUNCTION app_register_counts_forget(touched uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  IF touched IS NULL OR current_setting('aimak.rehearsal', true) = 'on' THEN
    RETURN;
  END IF;
  -- In a stable order, so two writers touching the same organisations cannot wait on each other.
  FOREACH org IN ARRAY (SELECT array_agg(t ORDER BY t) FROM unnest(touched) t) LOOP
    PERFORM pg_advisory_xact_lock_shared(hashtext('register-count:' || org::text));
  END LOOP;
  DELETE FROM register_day_count c WHERE c.org_id = ANY (touched);
END $$;
