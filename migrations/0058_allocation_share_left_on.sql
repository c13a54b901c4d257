-- The day a share's user left inside the run's period (archived on it), as the run took it: the run's
-- page names it beside their smaller share. Null for a user there to the period's end.
ALTER TABLE "allocation_share" ADD COLUMN "left_on" date;--> statement-breakpoint
-- Runs cut in spans before (0057) cut them on their users' archive days of then: a share whose user's
-- archive day still starts one of its run's spans, with no water for them in it, left that day.
UPDATE "allocation_share" s SET "left_on" = u."archived_on"
  FROM "allocation_run" r, "water_user" u
  WHERE r."id" = s."run_id" AND u."id" = s."water_user_id" AND r."spans" IS NOT NULL
    AND u."archived_on" > r."from_day" AND u."archived_on" <= r."to_day"
    AND EXISTS (
      SELECT 1 FROM jsonb_array_elements(r."spans") WITH ORDINALITY AS span(value, n)
      WHERE (span.value->>'fromDay')::date = u."archived_on"
        AND coalesce((s."span_allocated_m3"->>(span.n::int - 1))::float8, 0) = 0
    );
