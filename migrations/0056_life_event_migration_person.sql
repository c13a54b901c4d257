CREATE INDEX "life_event_migration_person" ON "life_event" USING btree ("org_id","person_id","occurred_on") WHERE "life_event"."kind" = 'migration' and "life_event"."annulled_at" is null;--> statement-breakpoint
-- hand-written: the register's counts of a past day (0035) read each member's last labour-migration
-- event by then, so the kept counts are dropped when a migration event changes without the person's
-- record changing with it (an annulment restores the record, which drops them already; a merge moves
-- events to the kept person). Inserted and deleted events come with the person's own write.
CREATE TRIGGER life_event_counts_update AFTER UPDATE ON life_event REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_register_counts_drop_changed('kind = ''migration'' AND annulled_at IS NULL, CASE WHEN kind = ''migration'' THEN ROW(person_id, occurred_on, details->''migration'') END');
