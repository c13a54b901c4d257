import { createHash } from "node:crypto";
import { canonicalJson } from "../../domain/shared/canonical-json.js";
import type { XRoadCall } from "../../domain/shared/xroad.js";

/** The fields of an audit record that its hash covers. */
export interface AuditPayload {
  id: string;
  orgId: string;
  seq: number;
  at: Date;
  userId: string | null;
  actor: string;
  client: string;
  requestId: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  /**
   * The X-Road call that made the change, if one did. Absent from the hashed text otherwise, so
   * records from before it was kept (migration 0047) hash as they did.
   */
  xroad?: XRoadCall;
}

export const GENESIS_HASH = "0".repeat(64);

export function auditHash(prevHash: string, payload: AuditPayload): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalJson(payload)).digest("hex");
}

export interface ChainBreak {
  orgId: string;
  seq: number;
  id: string;
  reason: "hash-mismatch" | "prev-hash-mismatch" | "sequence-gap";
}

/** A record as read back: a column holds null where the payload had nothing. */
type ChainRecord = Omit<AuditPayload, "xroad"> & { xroad?: unknown; prevHash: string; hash: string };

/** A checker fed one organisation's records in seq order; answers the first broken link. */
export function chainChecker(): (record: ChainRecord) => ChainBreak | null {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  return (r) => {
    const at = { orgId: r.orgId, seq: r.seq, id: r.id };
    if (r.seq !== expectedSeq) return { ...at, reason: "sequence-gap" };
    if (r.prevHash !== prev) return { ...at, reason: "prev-hash-mismatch" };
    const { prevHash: _p, hash, xroad, ...rest } = r;
    const payload: AuditPayload = xroad ? { ...rest, xroad: xroad as XRoadCall } : rest;
    if (auditHash(prev, payload) !== hash) return { ...at, reason: "hash-mismatch" };
    prev = hash;
    expectedSeq += 1;
    return null;
  };
}

export function verifyChain(records: Iterable<ChainRecord>): ChainBreak | null {
  const check = chainChecker();
  for (const r of records) {
    const brk = check(r);
    if (brk) return brk;
  }
  return null;
}
