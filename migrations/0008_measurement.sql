ALTER TABLE "gauge_reading" ADD COLUMN "client_key" text;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD COLUMN "source" text DEFAULT 'act' NOT NULL;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD COLUMN "structure_id" uuid;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD COLUMN "gap_seconds" real;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD COLUMN "void_reason" text;--> statement-breakpoint
ALTER TABLE "water_delivery" ADD COLUMN "flow_lps" real;--> statement-breakpoint
ALTER TABLE "water_delivery" ADD COLUMN "gap_seconds" real;--> statement-breakpoint
ALTER TABLE "water_delivery" ADD COLUMN "client_key" text;--> statement-breakpoint
ALTER TABLE "head_receipt" ADD CONSTRAINT "head_receipt_structure_id_canal_structure_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."canal_structure"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gauge_reading_client_key" ON "gauge_reading" USING btree ("org_id","client_key");--> statement-breakpoint
CREATE UNIQUE INDEX "water_delivery_client_key" ON "water_delivery" USING btree ("org_id","client_key");