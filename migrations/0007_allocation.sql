CREATE TABLE "allocation_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"season_id" uuid NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"policy" text NOT NULL,
	"supply_m3" real NOT NULL,
	"demand" jsonb NOT NULL,
	"guarantee" jsonb,
	"reaches" jsonb NOT NULL,
	"status" text NOT NULL,
	"schedule_rule" jsonb,
	"schedule" jsonb,
	"created_by" uuid NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "allocation_share" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"water_user_id" uuid NOT NULL,
	"outlet_id" uuid NOT NULL,
	"area_ha" real NOT NULL,
	"demand_m3" real NOT NULL,
	"guarantee_m3" real,
	"allocated_m3" real NOT NULL,
	"bound_by" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "allocation_run" ADD CONSTRAINT "allocation_run_season_id_season_id_fk" FOREIGN KEY ("season_id") REFERENCES "public"."season"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_share" ADD CONSTRAINT "allocation_share_run_id_allocation_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."allocation_run"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "allocation_share" ADD CONSTRAINT "allocation_share_water_user_id_water_user_id_fk" FOREIGN KEY ("water_user_id") REFERENCES "public"."water_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "allocation_run_org_id_season_id_from_day_index" ON "allocation_run" USING btree ("org_id","season_id","from_day");--> statement-breakpoint
CREATE INDEX "allocation_share_org_id_run_id_index" ON "allocation_share" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "allocation_share_org_id_water_user_id_index" ON "allocation_share" USING btree ("org_id","water_user_id");--> statement-breakpoint
SELECT app_protect_tenant_table('allocation_run');--> statement-breakpoint
SELECT app_protect_tenant_table('allocation_share');
