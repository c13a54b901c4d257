ALTER TABLE "life_event" ADD COLUMN "annulled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "life_event" ADD COLUMN "annulled_by" uuid;--> statement-breakpoint
ALTER TABLE "life_event" ADD COLUMN "annulled_reason" text;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "entered_in_error" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- hand-written: a national office's search reads people through this view (0020), and finds no one
-- entered in error, as a municipality's search does not. A column added at the end keeps the view's
-- owner and grants.
CREATE OR REPLACE VIEW person_every_org AS
  SELECT id, org_id, pin, surname, given_name, patronymic, name_latin, sex, birth_date, death_date,
    search_key, merged_into, entered_in_error
  FROM person WHERE (SELECT app_reads_every_org());
