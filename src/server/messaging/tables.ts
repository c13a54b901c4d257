import { index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { SmsStatus } from "../../domain/shared/phone.js";
import type { SmsFailure } from "../../domain/shared/sms-failure.js";
import { instant, tenantColumns } from "../platform/columns.js";

export { SMS_STATUSES, type SmsStatus } from "../../domain/shared/phone.js";
export { SMS_FAILURES } from "../../domain/shared/sms-failure.js";

/**
 * The SMS outbox. A message is queued in the same transaction as the change it announces, so an
 * accepted change never loses its message; a worker sends it later, retrying with backoff.
 */
export const smsMessage = pgTable(
  "sms_message",
  {
    ...tenantColumns(),
    toPhone: text("to_phone").notNull(),
    locale: text("locale").notNull(),
    body: text("body").notNull(),
    segments: integer("segments").notNull(),
    purpose: text("purpose").notNull(),
    refEntity: text("ref_entity"),
    refId: text("ref_id"),
    idempotencyKey: text("idempotency_key"),
    status: text("status").$type<SmsStatus>().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull().defaultNow(),
    /** Why the last attempt failed, or null when none did; `lastError` keeps the gateway's own words. */
    failure: text("failure").$type<SmsFailure>(),
    lastError: text("last_error"),
    gatewayId: text("gateway_id"),
    sentAt: instant("sent_at"),
    deliveredAt: instant("delivered_at"),
  },
  (t) => [
    index().on(t.status, t.nextAttemptAt),
    index().on(t.orgId, t.createdAt),
    uniqueIndex().on(t.orgId, t.idempotencyKey),
  ],
);
