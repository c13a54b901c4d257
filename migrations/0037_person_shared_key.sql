CREATE TABLE "person_shared_key" (
	"org_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"pin" text,
	"search_key" text,
	"birth_date" date,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "person_shared_key_org_id_index" ON "person_shared_key" USING btree ("org_id");--> statement-breakpoint
-- hand-written
-- Kept keys of people counted by two municipalities at once (src/server/registry/counted-twice.ts).
-- Each organisation's rows are its own, so an office's policy reads its area's keys only; the
-- hourly pass replaces them all as the system role.
SELECT app_protect_tenant_table('person_shared_key');
