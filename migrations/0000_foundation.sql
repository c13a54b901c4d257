CREATE TABLE "api_token" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_token_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"locale" text DEFAULT 'ky' NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "membership" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"active_org_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"user_id" uuid,
	"actor" text NOT NULL,
	"client" text NOT NULL,
	"request_id" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"provider_type" text,
	"name" jsonb NOT NULL,
	"admin_unit_code" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"default_locale" text DEFAULT 'ky' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_village" (
	"org_id" uuid NOT NULL,
	"village_code" text NOT NULL,
	CONSTRAINT "organisation_village_org_id_village_code_pk" PRIMARY KEY("org_id","village_code")
);
--> statement-breakpoint
CREATE TABLE "admin_unit" (
	"code" text PRIMARY KEY NOT NULL,
	"country_code" text NOT NULL,
	"level" text NOT NULL,
	"created_on" date,
	"abolished_on" date,
	"successor_code" text
);
--> statement-breakpoint
CREATE TABLE "admin_unit_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"parent_code" text,
	"name" jsonb NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_active_org_id_organisation_id_fk" FOREIGN KEY ("active_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation" ADD CONSTRAINT "organisation_admin_unit_code_admin_unit_code_fk" FOREIGN KEY ("admin_unit_code") REFERENCES "public"."admin_unit"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_village" ADD CONSTRAINT "organisation_village_org_id_organisation_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_village" ADD CONSTRAINT "organisation_village_village_code_admin_unit_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."admin_unit"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_unit_version" ADD CONSTRAINT "admin_unit_version_code_admin_unit_code_fk" FOREIGN KEY ("code") REFERENCES "public"."admin_unit"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_unit_version" ADD CONSTRAINT "admin_unit_version_parent_code_admin_unit_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."admin_unit"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_token_user_id_index" ON "api_token" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_org_id_user_id_role_index" ON "membership" USING btree ("org_id","user_id","role");--> statement-breakpoint
CREATE INDEX "membership_user_id_index" ON "membership" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_user_id_index" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_event_org_id_seq_index" ON "audit_event" USING btree ("org_id","seq");--> statement-breakpoint
CREATE INDEX "audit_event_org_id_at_index" ON "audit_event" USING btree ("org_id","at");--> statement-breakpoint
CREATE INDEX "audit_event_org_id_entity_entity_id_index" ON "audit_event" USING btree ("org_id","entity","entity_id");--> statement-breakpoint
CREATE INDEX "organisation_admin_unit_code_index" ON "organisation" USING btree ("admin_unit_code");--> statement-breakpoint
CREATE INDEX "admin_unit_version_code_idx" ON "admin_unit_version" USING btree ("code","valid_from");--> statement-breakpoint
CREATE INDEX "admin_unit_version_parent_code_index" ON "admin_unit_version" USING btree ("parent_code");