-- hand-written
-- recordReadings has refused a post's second standing reading of a minute since readings were
-- recorded; should a database hold two all the same, the upgrade stops here and says which, rather
-- than with the index's bare "could not create unique index": a water master voids the wrong one
-- (with its reason, as the page does) and the upgrade runs again. Nothing is changed for them.
-- As the system role: the table's owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
DO $$
DECLARE
  twice record;
BEGIN
  SELECT s.code, o.name, date_trunc('minute', timezone('UTC', r.read_at)) AS minute_utc
    INTO twice
    FROM gauge_reading r
    JOIN canal_structure s ON s.id = r.structure_id
    JOIN organisation o ON o.id = r.org_id
    WHERE r.voided_at IS NULL
    GROUP BY r.org_id, r.structure_id, s.code, o.name, date_trunc('minute', timezone('UTC', r.read_at))
    HAVING count(*) > 1
    LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'gauge post % of % has two standing readings in the minute % UTC: void the wrong one, then upgrade again',
      twice.code, twice.name, twice.minute_utc;
  END IF;
END $$;--> statement-breakpoint
RESET ROLE;--> statement-breakpoint
CREATE UNIQUE INDEX "gauge_reading_one_a_minute" ON "gauge_reading" USING btree ("org_id","structure_id",date_trunc('minute', timezone('UTC', "read_at"))) WHERE "gauge_reading"."voided_at" is null;
