-- A claimed key records which sending holds it and, from inside that sending's own write
-- transaction, that its change was made: a repeat after a lost answer then tells "saved" from
-- "never written" instead of answering "in progress" for the rest of the day (platform/replay.ts).
ALTER TABLE "request_replay" ADD COLUMN "attempt" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "request_replay" ADD COLUMN "done_at" timestamp with time zone;