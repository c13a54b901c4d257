DROP INDEX "water_contract_season_id_water_user_id_index";--> statement-breakpoint
ALTER TABLE "water_contract" ADD COLUMN "supersedes_id" uuid;--> statement-breakpoint
ALTER TABLE "water_user" ADD COLUMN "search_key" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "water_contract_org_id_water_user_id_index" ON "water_contract" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "water_contract_one_signed" ON "water_contract" USING btree ("season_id","water_user_id") WHERE "water_contract"."status" = 'signed';--> statement-breakpoint
CREATE UNIQUE INDEX "water_contract_one_draft" ON "water_contract" USING btree ("season_id","water_user_id") WHERE "water_contract"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "water_user_search_key_trgm" ON "water_user" USING gin ("search_key" gin_trgm_ops);