CREATE TABLE "canal_reach" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"kind" text NOT NULL,
	"length_m" real,
	"lining" text,
	"capacity_lps" real NOT NULL,
	"efficiency" real DEFAULT 1 NOT NULL,
	"capacity_override" boolean DEFAULT false NOT NULL,
	"geometry" jsonb,
	"retired_on" date
);
--> statement-breakpoint
CREATE TABLE "canal_structure" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reach_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"gauge" jsonb,
	"geometry" jsonb,
	"retired_on" date
);
--> statement-breakpoint
CREATE TABLE "contract_plot" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"plot_id" uuid NOT NULL,
	"crop_code" text NOT NULL,
	"area_ha" numeric(12, 4) NOT NULL,
	CONSTRAINT "contract_plot_area" CHECK ("contract_plot"."area_ha" > 0)
);
--> statement-breakpoint
CREATE TABLE "gauge_reading" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"structure_id" uuid NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"level_m" real NOT NULL,
	"flow_lps" real NOT NULL,
	"read_by" uuid NOT NULL,
	"note" text,
	"voided_at" timestamp with time zone,
	"void_reason" text
);
--> statement-breakpoint
CREATE TABLE "head_receipt" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reach_id" uuid NOT NULL,
	"from_day" date NOT NULL,
	"to_day" date NOT NULL,
	"volume_m3" real NOT NULL,
	"act_number" text,
	"note" text,
	CONSTRAINT "head_receipt_volume" CHECK ("head_receipt"."volume_m3" >= 0)
);
--> statement-breakpoint
CREATE TABLE "irrigated_plot" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"water_user_id" uuid NOT NULL,
	"outlet_id" uuid NOT NULL,
	"cadastral_number" text,
	"area_ha" numeric(12, 4) NOT NULL,
	"tenure" text NOT NULL,
	"village_code" text,
	"geometry" jsonb,
	"ended_on" date,
	CONSTRAINT "irrigated_plot_area" CHECK ("irrigated_plot"."area_ha" > 0)
);
--> statement-breakpoint
CREATE TABLE "season" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	CONSTRAINT "season_dates" CHECK ("season"."starts_on" <= "season"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "water_contract" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"season_id" uuid NOT NULL,
	"water_user_id" uuid NOT NULL,
	"number" text NOT NULL,
	"tariff_class" text NOT NULL,
	"status" text NOT NULL,
	"signed_on" date,
	"terminated_on" date,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "water_counter" (
	"org_id" uuid NOT NULL,
	"series" text NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "water_counter_org_id_series_pk" PRIMARY KEY("org_id","series")
);
--> statement-breakpoint
CREATE TABLE "water_delivery" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outlet_id" uuid NOT NULL,
	"water_user_id" uuid NOT NULL,
	"plot_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"volume_m3" real NOT NULL,
	"method" text NOT NULL,
	"act_number" text NOT NULL,
	"signed_on" date,
	"recorded_by" uuid NOT NULL,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	CONSTRAINT "water_delivery_volume" CHECK ("water_delivery"."volume_m3" >= 0),
	CONSTRAINT "water_delivery_times" CHECK ("water_delivery"."started_at" < "water_delivery"."ended_at")
);
--> statement-breakpoint
CREATE TABLE "water_user" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"pin" text,
	"surname" text,
	"given_name" text,
	"patronymic" text,
	"legal_name" text,
	"legal_entity_kind" text,
	"tax_id" text,
	"display_name" text NOT NULL,
	"village_code" text,
	"member" boolean DEFAULT true NOT NULL,
	"phone" text,
	"locale" text DEFAULT 'ky' NOT NULL,
	"notes" text,
	"archived_on" date,
	CONSTRAINT "water_user_kind_names" CHECK (("water_user"."kind" = 'person') = ("water_user"."surname" IS NOT NULL AND "water_user"."given_name" IS NOT NULL)),
	CONSTRAINT "water_user_entity_name" CHECK (("water_user"."kind" = 'legal-entity') = ("water_user"."legal_name" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "water_user_link" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"water_user_id" uuid NOT NULL,
	"municipality_org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "canal_structure" ADD CONSTRAINT "canal_structure_reach_id_canal_reach_id_fk" FOREIGN KEY ("reach_id") REFERENCES "public"."canal_reach"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_plot" ADD CONSTRAINT "contract_plot_contract_id_water_contract_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."water_contract"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_plot" ADD CONSTRAINT "contract_plot_plot_id_irrigated_plot_id_fk" FOREIGN KEY ("plot_id") REFERENCES "public"."irrigated_plot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gauge_reading" ADD CONSTRAINT "gauge_reading_structure_id_canal_structure_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."canal_structure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD CONSTRAINT "head_receipt_reach_id_canal_reach_id_fk" FOREIGN KEY ("reach_id") REFERENCES "public"."canal_reach"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "irrigated_plot" ADD CONSTRAINT "irrigated_plot_water_user_id_water_user_id_fk" FOREIGN KEY ("water_user_id") REFERENCES "public"."water_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "irrigated_plot" ADD CONSTRAINT "irrigated_plot_outlet_id_canal_reach_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."canal_reach"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_contract" ADD CONSTRAINT "water_contract_season_id_season_id_fk" FOREIGN KEY ("season_id") REFERENCES "public"."season"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_contract" ADD CONSTRAINT "water_contract_water_user_id_water_user_id_fk" FOREIGN KEY ("water_user_id") REFERENCES "public"."water_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_delivery" ADD CONSTRAINT "water_delivery_outlet_id_canal_reach_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."canal_reach"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_delivery" ADD CONSTRAINT "water_delivery_water_user_id_water_user_id_fk" FOREIGN KEY ("water_user_id") REFERENCES "public"."water_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_delivery" ADD CONSTRAINT "water_delivery_plot_id_irrigated_plot_id_fk" FOREIGN KEY ("plot_id") REFERENCES "public"."irrigated_plot"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_user_link" ADD CONSTRAINT "water_user_link_water_user_id_water_user_id_fk" FOREIGN KEY ("water_user_id") REFERENCES "public"."water_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "canal_reach_org_id_code_index" ON "canal_reach" USING btree ("org_id","code");--> statement-breakpoint
CREATE INDEX "canal_reach_org_id_parent_id_index" ON "canal_reach" USING btree ("org_id","parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "canal_structure_org_id_code_index" ON "canal_structure" USING btree ("org_id","code");--> statement-breakpoint
CREATE INDEX "canal_structure_org_id_reach_id_index" ON "canal_structure" USING btree ("org_id","reach_id");--> statement-breakpoint
CREATE INDEX "contract_plot_org_id_contract_id_index" ON "contract_plot" USING btree ("org_id","contract_id");--> statement-breakpoint
CREATE INDEX "gauge_reading_org_id_structure_id_read_at_index" ON "gauge_reading" USING btree ("org_id","structure_id","read_at");--> statement-breakpoint
CREATE INDEX "head_receipt_org_id_from_day_index" ON "head_receipt" USING btree ("org_id","from_day");--> statement-breakpoint
CREATE INDEX "irrigated_plot_org_id_water_user_id_index" ON "irrigated_plot" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE INDEX "irrigated_plot_org_id_outlet_id_index" ON "irrigated_plot" USING btree ("org_id","outlet_id");--> statement-breakpoint
CREATE UNIQUE INDEX "season_org_id_name_index" ON "season" USING btree ("org_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "water_contract_org_id_number_index" ON "water_contract" USING btree ("org_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "water_contract_season_id_water_user_id_index" ON "water_contract" USING btree ("season_id","water_user_id");--> statement-breakpoint
CREATE INDEX "water_delivery_org_id_water_user_id_started_at_index" ON "water_delivery" USING btree ("org_id","water_user_id","started_at");--> statement-breakpoint
CREATE INDEX "water_delivery_org_id_outlet_id_started_at_index" ON "water_delivery" USING btree ("org_id","outlet_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "water_delivery_org_id_act_number_index" ON "water_delivery" USING btree ("org_id","act_number");--> statement-breakpoint
CREATE UNIQUE INDEX "water_user_org_id_number_index" ON "water_user" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "water_user_org_id_pin_index" ON "water_user" USING btree ("org_id","pin");--> statement-breakpoint
CREATE INDEX "water_user_org_id_village_code_index" ON "water_user" USING btree ("org_id","village_code");--> statement-breakpoint
CREATE INDEX "water_user_link_org_id_water_user_id_index" ON "water_user_link" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE INDEX "water_user_link_municipality_org_id_status_index" ON "water_user_link" USING btree ("municipality_org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "water_user_link_live" ON "water_user_link" USING btree ("water_user_id") WHERE "water_user_link"."status" in ('proposed', 'confirmed');--> statement-breakpoint
SELECT app_protect_tenant_table('water_user');--> statement-breakpoint
SELECT app_protect_tenant_table('water_user_link');--> statement-breakpoint
SELECT app_protect_tenant_table('canal_reach');--> statement-breakpoint
SELECT app_protect_tenant_table('canal_structure');--> statement-breakpoint
SELECT app_protect_tenant_table('irrigated_plot');--> statement-breakpoint
SELECT app_protect_tenant_table('season');--> statement-breakpoint
SELECT app_protect_tenant_table('water_contract');--> statement-breakpoint
SELECT app_protect_tenant_table('contract_plot');--> statement-breakpoint
SELECT app_protect_tenant_table('water_counter');--> statement-breakpoint
SELECT app_protect_tenant_table('gauge_reading');--> statement-breakpoint
SELECT app_protect_tenant_table('head_receipt');--> statement-breakpoint
SELECT app_protect_tenant_table('water_delivery');--> statement-breakpoint
-- A reach's parent is a reach; checked at commit so a network (or a restore) may insert in any order.
ALTER TABLE "canal_reach" ADD CONSTRAINT "canal_reach_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "canal_reach"("id") DEFERRABLE INITIALLY DEFERRED;
