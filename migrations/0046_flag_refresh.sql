CREATE TABLE "flag_refresh" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"refreshed_on" date NOT NULL
);
--> statement-breakpoint
-- hand-written
-- The day an organisation's derived flags were last refreshed by the service, so the next refresh
-- reads the days since (src/server/registry/flags.ts). Empty at first: an organisation's first
-- refresh after this reads its own day only, as before, and keeps that day for the next.
SELECT app_protect_tenant_table('flag_refresh');
