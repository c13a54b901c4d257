CREATE TABLE "request_replay" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"user_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"status" integer,
	"content_type" text,
	"body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_replay_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
SELECT app_protect_tenant_table('request_replay');
