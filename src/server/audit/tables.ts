import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { XRoadCall } from "../../domain/shared/xroad.js";
import { instant } from "../platform/columns.js";

/**
 * The append-only audit trail. Each organisation's records form a hash chain (seq, prev_hash,
 * hash), so a row altered by hand breaks the chain at that row; a trigger refuses UPDATE and DELETE.
 */
export const auditEvent = pgTable(
  "audit_event",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    at: instant("at").notNull(),
    userId: uuid("user_id"),
    actor: text("actor").notNull(),
    client: text("client").notNull(),
    requestId: text("request_id").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    /** The X-Road (Tunduk) call that made the change: client, service, message id, user, case. */
    xroad: jsonb("xroad").$type<XRoadCall>(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.seq),
    index().on(t.orgId, t.at),
    index().on(t.orgId, t.entity, t.entityId),
  ],
);

/** The newest link of each organisation's chain; locked FOR UPDATE while a record is appended. */
export const auditChainHead = pgTable("audit_chain_head", {
  orgId: uuid("org_id").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
  lastHash: text("last_hash").notNull(),
});
