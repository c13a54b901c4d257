import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { instant } from "./columns.js";

/**
 * The answers of requests sent with an Idempotency-Key (platform/replay.ts), kept for a day so a
 * request repeated after a lost answer gets the first answer instead of being done twice. A row
 * without a status is a request still being done, or one whose answer was never stored: `done_at`
 * tells whether its change was made.
 */
export const requestReplay = pgTable(
  "request_replay",
  {
    orgId: uuid("org_id").notNull(),
    key: text("key").notNull(),
    userId: uuid("user_id").notNull(),
    /** The request's method, path and body, hashed: a key answers only the request it was made for. */
    fingerprint: text("fingerprint").notNull(),
    status: integer("status"),
    contentType: text("content_type"),
    body: text("body"),
    /** Which sending holds the key: a repeat takes over a claim whose sending stopped before it wrote. */
    attempt: uuid("attempt").notNull().defaultRandom(),
    /** Set by the sending's own write transaction, so it is there exactly when its change is. */
    doneAt: instant("done_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] })],
);
