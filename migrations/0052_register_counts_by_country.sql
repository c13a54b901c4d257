-- hand-written: the register's counts of a day (0035) count those abroad by the country they went
-- to (`abroadByCountry` in the kept counts; a country is its ISO code since 0051). The counts kept
-- before lack it, so they are dropped, to be counted again when asked for, as any write that
-- changes what they count drops them. A labour migrant's country corrected is now such a write
-- (the person's UPDATE trigger of 0036 compares it too).
-- As the system role: the table's owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
DELETE FROM register_day_count;--> statement-breakpoint
RESET ROLE;--> statement-breakpoint
DROP TRIGGER person_counts_update ON person;--> statement-breakpoint
CREATE TRIGGER person_counts_update AFTER UPDATE ON person REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_register_counts_drop_changed('org_id, sex, birth_date, death_date, pin IS NULL, disability_group IS NULL, migration IS NULL, migration->>''since'', migration->>''country''');
