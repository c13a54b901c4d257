CREATE TABLE "sms_message" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"to_phone" text NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"segments" integer NOT NULL,
	"purpose" text NOT NULL,
	"ref_entity" text,
	"ref_id" text,
	"idempotency_key" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"gateway_id" text,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "sms_message_status_next_attempt_at_index" ON "sms_message" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sms_message_org_id_created_at_index" ON "sms_message" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sms_message_org_id_idempotency_key_index" ON "sms_message" USING btree ("org_id","idempotency_key");--> statement-breakpoint
SELECT app_protect_tenant_table('sms_message');
