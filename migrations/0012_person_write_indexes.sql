DROP INDEX "person_org_id_pin_index";--> statement-breakpoint
DROP INDEX "person_search_key_trgm";