CREATE TABLE "climate_normal" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"station_id" uuid NOT NULL,
	"month" smallint NOT NULL,
	"et0_mm_per_day" real NOT NULL,
	"rain_mm" real NOT NULL,
	"origin" text NOT NULL,
	"day_count" integer,
	CONSTRAINT "climate_normal_month" CHECK ("climate_normal"."month" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "crop_adjustment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"crop_code" text NOT NULL,
	"typical_planting" text,
	"stages_days" jsonb NOT NULL,
	"kc" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "water_plan" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"season_id" uuid NOT NULL,
	"plan_number" integer NOT NULL,
	"station_id" uuid NOT NULL,
	"rain_method" jsonb NOT NULL,
	"note" text,
	"made_by" uuid NOT NULL,
	"made_at" timestamp with time zone NOT NULL,
	"head_total_m3" real NOT NULL,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "water_request" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"season_id" uuid NOT NULL,
	"water_user_id" uuid NOT NULL,
	"submitted_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "water_request_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"plot_id" uuid NOT NULL,
	"crop_code" text NOT NULL,
	"area_ha" numeric(12, 4) NOT NULL,
	"planting_date" date NOT NULL,
	"irrigation_method" text NOT NULL,
	CONSTRAINT "water_request_line_area" CHECK ("water_request_line"."area_ha" > 0)
);
--> statement-breakpoint
CREATE TABLE "weather_day" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"station_id" uuid NOT NULL,
	"day" date NOT NULL,
	"tmax_c" real NOT NULL,
	"tmin_c" real NOT NULL,
	"tdew_c" real,
	"rh_max_pct" real,
	"rh_min_pct" real,
	"rh_mean_pct" real,
	"rs_mj" real,
	"sunshine_hours" real,
	"wind_2m_mps" real,
	"rain_mm" real,
	"et0_mm" real NOT NULL,
	"et0_method" text NOT NULL,
	"et0_sources" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weather_station" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"latitude_deg" double precision NOT NULL,
	"longitude_deg" double precision NOT NULL,
	"altitude_m" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "climate_normal" ADD CONSTRAINT "climate_normal_station_id_weather_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."weather_station"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_plan" ADD CONSTRAINT "water_plan_station_id_weather_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."weather_station"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_request_line" ADD CONSTRAINT "water_request_line_request_id_water_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."water_request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weather_day" ADD CONSTRAINT "weather_day_station_id_weather_station_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."weather_station"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "climate_normal_station_id_month_index" ON "climate_normal" USING btree ("station_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "crop_adjustment_org_id_crop_code_index" ON "crop_adjustment" USING btree ("org_id","crop_code");--> statement-breakpoint
CREATE UNIQUE INDEX "water_plan_org_id_season_id_plan_number_index" ON "water_plan" USING btree ("org_id","season_id","plan_number");--> statement-breakpoint
CREATE UNIQUE INDEX "water_request_season_id_water_user_id_index" ON "water_request" USING btree ("season_id","water_user_id");--> statement-breakpoint
CREATE INDEX "water_request_org_id_season_id_index" ON "water_request" USING btree ("org_id","season_id");--> statement-breakpoint
CREATE INDEX "water_request_line_org_id_request_id_index" ON "water_request_line" USING btree ("org_id","request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "weather_day_station_id_day_index" ON "weather_day" USING btree ("station_id","day");--> statement-breakpoint
CREATE INDEX "weather_day_org_id_station_id_index" ON "weather_day" USING btree ("org_id","station_id");--> statement-breakpoint
CREATE UNIQUE INDEX "weather_station_org_id_name_index" ON "weather_station" USING btree ("org_id","name");--> statement-breakpoint
SELECT app_protect_tenant_table('weather_station');--> statement-breakpoint
SELECT app_protect_tenant_table('weather_day');--> statement-breakpoint
SELECT app_protect_tenant_table('climate_normal');--> statement-breakpoint
SELECT app_protect_tenant_table('crop_adjustment');--> statement-breakpoint
SELECT app_protect_tenant_table('water_request');--> statement-breakpoint
SELECT app_protect_tenant_table('water_request_line');--> statement-breakpoint
SELECT app_protect_tenant_table('water_plan');--> statement-breakpoint
-- hand-written
-- Requests and plans point into the water register; its tables are another area's, so the keys are declared here.
ALTER TABLE "water_request" ADD CONSTRAINT "water_request_season_fk" FOREIGN KEY ("season_id") REFERENCES "season"("id");--> statement-breakpoint
ALTER TABLE "water_request" ADD CONSTRAINT "water_request_user_fk" FOREIGN KEY ("water_user_id") REFERENCES "water_user"("id");--> statement-breakpoint
ALTER TABLE "water_request_line" ADD CONSTRAINT "water_request_line_plot_fk" FOREIGN KEY ("plot_id") REFERENCES "irrigated_plot"("id");--> statement-breakpoint
ALTER TABLE "water_plan" ADD CONSTRAINT "water_plan_season_fk" FOREIGN KEY ("season_id") REFERENCES "season"("id");
