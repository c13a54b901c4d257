ALTER TABLE "app_user" ADD COLUMN "home_org_id" uuid;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_home_org_id_organisation_id_fk" FOREIGN KEY ("home_org_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- hand-written from here: a login's own settings belong to its home organisation. Before, any
-- organisation that gave a login a role could set its password, and so sign in as it wherever else
-- it held roles (an administrator elsewhere, say). A login's home is the organisation of its first
-- role (membership ids are uuidv7, so in the order they were given). Read and written as the system
-- role: the tables' owner is bound by the forced policies and would see none.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
UPDATE app_user u SET home_org_id = (
  SELECT m.org_id FROM membership m WHERE m.user_id = u.id ORDER BY m.id LIMIT 1);--> statement-breakpoint
RESET ROLE;
--> statement-breakpoint
GRANT SELECT (home_org_id) ON app_user TO aimak_app;
--> statement-breakpoint
-- A request changes a login only if it is the request's own or the login's home is the request's
-- organisation; an organisation creates logins only as their home. (Giving roles elsewhere writes
-- membership, which is the organisation's own table.)
ALTER POLICY user_update ON app_user USING (
  id = (SELECT app_user_id()) OR home_org_id = (SELECT app_org_id()));
--> statement-breakpoint
ALTER POLICY user_insert ON app_user WITH CHECK (home_org_id = (SELECT app_org_id()));
