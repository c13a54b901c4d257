-- hand-written: USING, so that each value keeps the decimal it was written as (461457.56, not the
-- 4-byte real's binary 461457.5625), as the application read it before.
ALTER TABLE "allocation_run" ALTER COLUMN "supply_m3" SET DATA TYPE double precision USING "supply_m3"::text::double precision;--> statement-breakpoint
ALTER TABLE "allocation_share" ALTER COLUMN "area_ha" SET DATA TYPE double precision USING "area_ha"::text::double precision;--> statement-breakpoint
ALTER TABLE "allocation_share" ALTER COLUMN "demand_m3" SET DATA TYPE double precision USING "demand_m3"::text::double precision;--> statement-breakpoint
ALTER TABLE "allocation_share" ALTER COLUMN "guarantee_m3" SET DATA TYPE double precision USING "guarantee_m3"::text::double precision;--> statement-breakpoint
ALTER TABLE "allocation_share" ALTER COLUMN "allocated_m3" SET DATA TYPE double precision USING "allocated_m3"::text::double precision;--> statement-breakpoint
ALTER TABLE "water_plan" ALTER COLUMN "head_total_m3" SET DATA TYPE double precision USING "head_total_m3"::text::double precision;--> statement-breakpoint
ALTER TABLE "head_receipt" ALTER COLUMN "volume_m3" SET DATA TYPE double precision USING "volume_m3"::text::double precision;--> statement-breakpoint
ALTER TABLE "water_delivery" ALTER COLUMN "volume_m3" SET DATA TYPE double precision USING "volume_m3"::text::double precision;
