-- A merge of probable duplicates drops the duplicate's stay in a household it was registered in by
-- mistake; the arrival (or birth) that opened that stay then read, under the kept person's name, as
-- something that happened there, and could not be annulled (the merge's own event came after it).
-- The merge now annuls it itself, as a clerk's annulment marks an event, and names here the merge's
-- `person-merged` event that did, so the history says which merge voided it and whose record it was.
-- The strays earlier merges left are not voided here: which stays a merge dropped as registered by
-- mistake (not joined with the kept record's) only the audit trail tells, and a migration's writes
-- would go unaudited, outside the organisations' audit chains (see ARCHITECTURE.md).
ALTER TABLE "life_event" ADD COLUMN "annulled_by_event_id" uuid;--> statement-breakpoint
ALTER TABLE "life_event" ADD CONSTRAINT "life_event_annulled_by_event_id_life_event_id_fk" FOREIGN KEY ("annulled_by_event_id") REFERENCES "public"."life_event"("id") ON DELETE no action ON UPDATE no action;