-- The foreign key of 0054 (an event annulled by a merge names the merge's event) is checked on every
-- deletion of an event: without an index, each deleted event read every event of the country, and
-- removing a 100,000-household book's events ran for minutes without end. Few events name one.
CREATE INDEX "life_event_annulled_by_event_id_index" ON "life_event" USING btree ("annulled_by_event_id") WHERE "life_event"."annulled_by_event_id" is not null;