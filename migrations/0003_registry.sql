CREATE TABLE "certificate" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"household_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"locale" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" uuid NOT NULL,
	"snapshot" jsonb NOT NULL,
	"verify_code" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoked_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_counter" (
	"org_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "certificate_counter_org_id_year_pk" PRIMARY KEY("org_id","year")
);
--> statement-breakpoint
CREATE TABLE "certificate_template" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"texts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"number" integer NOT NULL,
	"village_code" text NOT NULL,
	"street" text,
	"house" text,
	"dwelling" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"phone" text,
	"notes" text,
	"formed_on" date NOT NULL,
	"dissolved_on" date,
	"split_from" uuid
);
--> statement-breakpoint
CREATE TABLE "household_flag" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"criterion_code" text NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"reason_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"set_on" date NOT NULL,
	"set_by" uuid,
	"cleared_on" date,
	"cleared_by" uuid,
	"clear_reason" text
);
--> statement-breakpoint
CREATE TABLE "household_member" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"from_event_id" uuid,
	"to_event_id" uuid
);
--> statement-breakpoint
CREATE TABLE "land_plot" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"cadastral_number" text,
	"area_ha" numeric(12, 4) NOT NULL,
	"category" text NOT NULL,
	"tenure" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "life_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"household_id" uuid,
	"person_id" uuid,
	"other_household_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "livestock_count" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"counted_on" date NOT NULL,
	"counts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pin" text,
	"surname" text NOT NULL,
	"given_name" text NOT NULL,
	"patronymic" text,
	"name_latin" text NOT NULL,
	"search_key" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date,
	"citizenship" text DEFAULT 'KG' NOT NULL,
	"disability_group" text,
	"education" text,
	"occupation" text,
	"migration" jsonb,
	"death_date" date,
	"merged_into" uuid
);
--> statement-breakpoint
CREATE TABLE "vulnerability_criterion" (
	"org_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" jsonb NOT NULL,
	"rule" jsonb,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "vulnerability_criterion_org_id_code_pk" PRIMARY KEY("org_id","code")
);
--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate" ADD CONSTRAINT "certificate_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_flag" ADD CONSTRAINT "household_flag_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_member" ADD CONSTRAINT "household_member_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "land_plot" ADD CONSTRAINT "land_plot_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "life_event" ADD CONSTRAINT "life_event_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "life_event" ADD CONSTRAINT "life_event_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "life_event" ADD CONSTRAINT "life_event_other_household_id_household_id_fk" FOREIGN KEY ("other_household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "livestock_count" ADD CONSTRAINT "livestock_count_household_id_household_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."household"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_org_id_year_number_index" ON "certificate" USING btree ("org_id","year","number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_verify_code_index" ON "certificate" USING btree ("verify_code");--> statement-breakpoint
CREATE INDEX "certificate_org_id_issued_on_index" ON "certificate" USING btree ("org_id","issued_on");--> statement-breakpoint
CREATE INDEX "certificate_person_id_index" ON "certificate" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "certificate_template_org_id_kind_index" ON "certificate_template" USING btree ("org_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "household_org_id_number_index" ON "household" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "household_org_id_village_code_index" ON "household" USING btree ("org_id","village_code");--> statement-breakpoint
CREATE INDEX "household_flag_household_id_index" ON "household_flag" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_flag_org_id_criterion_code_index" ON "household_flag" USING btree ("org_id","criterion_code");--> statement-breakpoint
CREATE INDEX "household_member_household_id_index" ON "household_member" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "household_member_person_id_index" ON "household_member" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "land_plot_household_id_index" ON "land_plot" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "life_event_household_id_occurred_on_index" ON "life_event" USING btree ("household_id","occurred_on");--> statement-breakpoint
CREATE INDEX "life_event_person_id_index" ON "life_event" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "livestock_count_household_id_counted_on_index" ON "livestock_count" USING btree ("household_id","counted_on");--> statement-breakpoint
CREATE INDEX "person_org_id_pin_index" ON "person" USING btree ("org_id","pin");--> statement-breakpoint
CREATE INDEX "person_search_key_trgm" ON "person" USING gin ("search_key" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_org_id_birth_date_index" ON "person" USING btree ("org_id","birth_date");--> statement-breakpoint
SELECT app_protect_tenant_table('household');--> statement-breakpoint
SELECT app_protect_tenant_table('person');--> statement-breakpoint
SELECT app_protect_tenant_table('household_member');--> statement-breakpoint
SELECT app_protect_tenant_table('land_plot');--> statement-breakpoint
SELECT app_protect_tenant_table('livestock_count');--> statement-breakpoint
SELECT app_protect_tenant_table('life_event');--> statement-breakpoint
SELECT app_protect_tenant_table('vulnerability_criterion');--> statement-breakpoint
SELECT app_protect_tenant_table('household_flag');--> statement-breakpoint
SELECT app_protect_tenant_table('certificate_template');--> statement-breakpoint
SELECT app_protect_tenant_table('certificate_counter');--> statement-breakpoint
SELECT app_protect_tenant_table('certificate');
