ALTER TABLE "sms_message" ADD COLUMN "failure" text;--> statement-breakpoint
-- hand-written
-- Why a message's last attempt failed (domain/shared/sms-failure.ts), which the SMS page tells a
-- clerk in their language; last_error keeps the gateway's own words beside it. For the messages
-- that failed before, the kind is read from those words where they say it: the HTTP gateway wrote
-- "HTTP <status>: <its answer>" (429 and 5xx busy, any other status refused), a delivery report
-- without words of its own "not delivered". Any other words of a message still queued (or being
-- sent) are Node's for a gateway that did not answer: nothing else queued a message again with
-- words. Those of a failed message may be that after the last retry, or a delivery report's own
-- words; which, nothing kept, so they are "unclassified" and the page says only that it failed.
-- Like the earlier data migrations (0033, 0039, 0045), no audit record: what the messages held is
-- unchanged, only read. Neither moves their version nor updated_at, by which a message left
-- "sending" is taken up again.
-- As the system role: the table's owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
UPDATE "sms_message" SET "failure" = CASE
  WHEN "last_error" ~ '^HTTP (429|5[0-9][0-9]):' THEN 'gateway-busy'
  WHEN "last_error" ~ '^HTTP [0-9]{3}:' THEN 'gateway-refused'
  WHEN "last_error" = 'not delivered' THEN 'not-delivered'
  WHEN "status" IN ('queued', 'sending') THEN 'gateway-unreachable'
  ELSE 'unclassified' END
WHERE "last_error" IS NOT NULL;--> statement-breakpoint
RESET ROLE;
