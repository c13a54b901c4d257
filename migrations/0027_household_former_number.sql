ALTER TABLE "household" ADD COLUMN "former_number" integer;--> statement-breakpoint
ALTER TABLE "household" ADD COLUMN "former_org_id" uuid;--> statement-breakpoint
CREATE INDEX "household_former_number" ON "household" USING btree ("org_id","former_number") WHERE "household"."former_number" is not null;