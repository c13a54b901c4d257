ALTER TABLE "climate_normal" ALTER COLUMN "rain_mm" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "climate_normal" ADD COLUMN "year_count" integer;--> statement-breakpoint
ALTER TABLE "climate_normal" ADD COLUMN "rain_year_count" integer;--> statement-breakpoint
ALTER TABLE "climate_normal" ADD COLUMN "wind_2m_mps" real;--> statement-breakpoint
ALTER TABLE "climate_normal" ADD COLUMN "rh_min_pct" real;