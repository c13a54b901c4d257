import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { AuditAction } from "../../domain/shared/audit-actions.js";
import { canonicalJson } from "../../domain/shared/canonical-json.js";
import { DomainError } from "../../domain/shared/errors.js";
import { localMomentOf, periodWindowMs } from "../../domain/shared/local-time.js";
import type { RequestContext } from "../platform/context.js";
import type { Database, Executor, Tx } from "../platform/db.js";
import { keysetPage } from "../platform/paging.js";
import { isStorableInstant } from "../platform/schemas.js";
import { asSystemWithin, withSystem, withTenant } from "../platform/transactions.js";
import { type AuditPayload, auditHash, type ChainBreak, chainChecker, GENESIS_HASH } from "./chain.js";
import { auditChainHead, auditEvent } from "./tables.js";

export interface AuditEntry {
  /** Defaults to the actor's organisation. */
  orgId?: string;
  action: AuditAction;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

// Secrets never enter the trail, whatever a caller passes.
const SECRET_KEYS = new Set(["passwordHash", "password", "tokenHash", "token", "csrfToken"]);

/**
 * Secrets never leave the server in the trail either: a certificate's verification code (its QR
 * link's secret: whoever has it reads the holder's paper) was recorded with the certificate, and
 * stays in the stored rows, whose hashes cover it; the list answers them without it.
 */
const UNREAD_KEYS = new Set([...SECRET_KEYS, "verifyCode", "secret"]);

function without(keys: ReadonlySet<string>, value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => without(keys, v));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !keys.has(k))
        .map(([k, v]) => [k, without(keys, v)]),
    );
  }
  return value;
}

const redact = (value: unknown) => without(SECRET_KEYS, value);

/**
 * Appends one record to the organisation's chain, in the caller's transaction: the change and its
 * record commit together or not at all. The chain head is locked, so records of one organisation
 * are numbered without gaps even under concurrent requests.
 */
export async function recordAudit(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await recordAudits(tx, ctx, [entry]);
}

/**
 * Records `entry` in the actor's chain and the same record in `otherOrgId`'s: a step that concerns
 * two organisations (a water user's link, an office opening a municipality's household) is seen by
 * each in its own trail. The other's record is a narrow system-role step in the caller's
 * transaction (asSystemWithin), so the step and both records commit together, and every other
 * statement stays under the tenant's policies.
 */
export async function recordAuditForBoth(tx: Tx, ctx: RequestContext, otherOrgId: string, entry: AuditEntry) {
  await recordAudit(tx, ctx, entry);
  await asSystemWithin(tx, (system) => recordAudit(system, ctx, { ...entry, orgId: otherOrgId }));
}

/**
 * Appends records to their organisations' chains in order, as recordAudit does one: each chain's
 * head is locked and moved once, and its records go in in one statement (a daily flag refresh of a
 * large municipality writes thousands). The heads are locked in the order of their ids, so two
 * transactions that record in the same organisations (two SMS workers' batches) never wait on each
 * other in a circle.
 */
export async function recordAudits(tx: Tx, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
  if (ctx.rehearsal) return;
  const byOrg = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const orgId = entry.orgId ?? ctx.actor?.orgId;
    if (!orgId) throw new Error("audit record without organisation");
    const orgEntries = byOrg.get(orgId) ?? [];
    orgEntries.push(entry);
    byOrg.set(orgId, orgEntries);
  }
  for (const [orgId, orgEntries] of [...byOrg].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx
      .insert(auditChainHead)
      .values({ orgId, lastSeq: 0, lastHash: GENESIS_HASH })
      .onConflictDoNothing();
    const [head] = await tx
      .select()
      .from(auditChainHead)
      .where(eq(auditChainHead.orgId, orgId))
      .for("update");
    if (!head) throw new Error("audit chain head missing");
    let { lastSeq, lastHash } = head;
    const at = new Date();
    const records = orgEntries.map((entry) => {
      const payload: AuditPayload = {
        id: uuidv7(),
        orgId,
        seq: ++lastSeq,
        at,
        userId: ctx.actor?.userId ?? null,
        actor: ctx.actor?.username ?? ctx.client,
        client: ctx.client,
        requestId: ctx.requestId,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId,
        before: redact(entry.before),
        after: redact(entry.after),
        ...(ctx.xroad ? { xroad: ctx.xroad } : {}),
      };
      const hash = auditHash(lastHash, payload);
      const record = { ...payload, prevHash: lastHash, hash };
      lastHash = hash;
      return record;
    });
    for (let start = 0; start < records.length; start += AUDIT_RECORDS_PER_STATEMENT)
      await tx.insert(auditEvent).values(records.slice(start, start + AUDIT_RECORDS_PER_STATEMENT));
    await tx.update(auditChainHead).set({ lastSeq, lastHash }).where(eq(auditChainHead.orgId, orgId));
  }
}

/**
 * Whether writing `values` over the `stored` row would change nothing: each value given equals the
 * stored one (as canonical JSON, so a jsonb object's key order does not count). A save that changes
 * nothing writes nothing: no new version, no audit record; it answers the record as it stands.
 */
export function changesNothing(stored: Record<string, unknown>, values: Record<string, unknown>): boolean {
  return Object.entries(values).every(
    ([key, value]) => value === undefined || canonicalJson(value) === canonicalJson(stored[key]),
  );
}

/** Records per insert: a statement's bind parameters are at most 65,535 (an audit record binds 16). */
const AUDIT_RECORDS_PER_STATEMENT = 2_000;

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  userId?: string;
  action?: string;
  /** Only the changes an X-Road client made (its X-Road-Client as sent). */
  xroadClient?: string;
  /** A day on the organisation's clock (from its midnight), or an instant. */
  from?: string | Date;
  /** A day on the organisation's clock (to the next midnight), or an instant, included. */
  to?: string | Date;
  /** Records older than this sequence number (cursor for the next page). */
  beforeSeq?: number;
  limit: number;
}

export async function listAudit(database: Database, ctx: RequestContext, filter: AuditFilter) {
  const actor = ctx.actor!;
  const { fromMs, toMs } = periodWindowMs(filter.from, filter.to, actor.timeZone);
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) {
    const said = (bound: string | Date) =>
      typeof bound === "string" ? bound : localMomentOf(bound, actor.timeZone);
    throw new DomainError("validation.fields", {}, [
      {
        path: ["querystring", "to"],
        code: "rangeReversed",
        params: { from: said(filter.from!), to: said(filter.to!) },
      },
    ]);
  }
  return withTenant(database, actor, async (tx) => {
    const where: SQL[] = [eq(auditEvent.orgId, actor.orgId)];
    if (filter.entity) where.push(eq(auditEvent.entity, filter.entity));
    if (filter.entityId) where.push(eq(auditEvent.entityId, filter.entityId));
    if (filter.userId) where.push(eq(auditEvent.userId, filter.userId));
    if (filter.action) where.push(eq(auditEvent.action, filter.action));
    if (filter.xroadClient) where.push(sql`${auditEvent.xroad}->>'client' = ${filter.xroadClient}`);
    // A bound beyond what the database stores (the day 0001-01-01 began in the year 0 in UTC) bounds
    // nothing: no record is older, or newer.
    if (fromMs !== undefined && isStorableInstant(fromMs)) where.push(gte(auditEvent.at, new Date(fromMs)));
    if (toMs !== undefined && isStorableInstant(toMs)) where.push(lt(auditEvent.at, new Date(toMs)));
    if (filter.beforeSeq) where.push(lt(auditEvent.seq, filter.beforeSeq));
    const items = await tx
      .select()
      .from(auditEvent)
      .where(and(...where))
      .orderBy(desc(auditEvent.seq))
      .limit(filter.limit + 1);
    const readable = items.map((row) => ({
      ...row,
      before: without(UNREAD_KEYS, row.before),
      after: without(UNREAD_KEYS, row.after),
    }));
    return keysetPage(readable, filter.limit, (row) => String(row.seq));
  });
}

/** The records of these rows of one organisation's entity. */
const recordsOf = (orgId: string, entity: string, entityIds: readonly string[]) =>
  and(
    eq(auditEvent.orgId, orgId),
    eq(auditEvent.entity, entity),
    inArray(auditEvent.entityId, [...entityIds]),
  );

/**
 * Each record as it stood at `at`, for those changed since: the `before` of the first change
 * recorded at or after `at`, or, when that change created the record, what it was created with
 * (the earliest values known). Records unchanged since are absent. How the register reads a past
 * day's values that carry no dates of their own (an address, a name).
 */
export async function recordedStatesAt(
  tx: Tx,
  orgId: string,
  entity: string,
  entityIds: readonly string[],
  at: Date,
): Promise<Map<string, Record<string, unknown> | null>> {
  if (entityIds.length === 0) return new Map();
  const first = await tx
    .selectDistinctOn([auditEvent.entityId], {
      entityId: auditEvent.entityId,
      action: auditEvent.action,
      before: auditEvent.before,
      after: auditEvent.after,
    })
    .from(auditEvent)
    .where(and(recordsOf(orgId, entity, entityIds), gte(auditEvent.at, at)))
    .orderBy(auditEvent.entityId, asc(auditEvent.seq));
  return new Map(
    first.map((r) => [
      r.entityId,
      ((r.action === "create" ? r.after : r.before) as Record<string, unknown>) ?? null,
    ]),
  );
}

/**
 * The changes recorded to one record that changed any of `fields`, oldest first: when, by whom, and
 * those fields before and after. How the register lists what carries no date of its own (an
 * address) among a household's events; its creation is not a change.
 */
export async function recordedChangesOf(
  tx: Tx,
  orgId: string,
  entity: string,
  entityId: string,
  fields: readonly string[],
) {
  const rows = await tx
    .select({
      id: auditEvent.id,
      at: auditEvent.at,
      userId: auditEvent.userId,
      before: auditEvent.before,
      after: auditEvent.after,
    })
    .from(auditEvent)
    .where(
      and(
        recordsOf(orgId, entity, [entityId]),
        eq(auditEvent.action, "update"),
        or(
          ...fields.map(
            (f) =>
              sql`(${auditEvent.before} -> ${f}::text) is distinct from (${auditEvent.after} -> ${f}::text)`,
          ),
        ),
      ),
    )
    .orderBy(asc(auditEvent.seq));
  const pick = (values: unknown) =>
    Object.fromEntries(fields.map((f) => [f, (values as Record<string, unknown> | null)?.[f] ?? null]));
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    userId: r.userId,
    before: pick(r.before),
    after: pick(r.after),
  }));
}

/**
 * What a record was before the change the same request made to it as it created another (a life
 * event and the person's record it changed): the `before` of that change, or undefined when the
 * request changed none. The request ties them, not the clock. The changed record may be named by
 * several ids that were one record's (a person and the duplicates merged into it).
 */
export async function changedWith(
  tx: Tx,
  orgId: string,
  created: { entity: string; entityId: string },
  changed: { entity: string; entityIds: readonly string[] },
): Promise<Record<string, unknown> | undefined> {
  const creation = tx
    .select({ requestId: auditEvent.requestId })
    .from(auditEvent)
    .where(and(recordsOf(orgId, created.entity, [created.entityId]), eq(auditEvent.action, "create")))
    .limit(1);
  const [change] = await tx
    .select({ before: auditEvent.before })
    .from(auditEvent)
    .where(
      and(
        recordsOf(orgId, changed.entity, changed.entityIds),
        eq(auditEvent.action, "update"),
        inArray(auditEvent.requestId, creation),
      ),
    )
    .orderBy(asc(auditEvent.seq))
    .limit(1);
  return (change?.before as Record<string, unknown> | null) ?? undefined;
}

/** Verifies chains in pages of rows, so a country's trail never sits in memory at once. */
export async function verifyAuditChains(
  executor: Executor,
  orgIds: readonly string[],
  onProgress?: (orgId: string, checked: number) => void,
): Promise<{ checked: number; broken: ChainBreak[] }> {
  const broken: ChainBreak[] = [];
  let checked = 0;
  for (const orgId of orgIds) {
    const check = chainChecker();
    const records = readChain(executor, orgId, (n) => {
      checked += n;
      onProgress?.(orgId, checked);
    });
    for await (const record of records) {
      const brk = check(record);
      if (brk) {
        broken.push(brk);
        break;
      }
    }
  }
  return { checked, broken };
}

async function* readChain(executor: Executor, orgId: string, onPage: (n: number) => void) {
  const pageSize = 5000;
  let after = 0;
  for (;;) {
    const page = await executor
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.orgId, orgId), gte(auditEvent.seq, after + 1)))
      .orderBy(asc(auditEvent.seq))
      .limit(pageSize);
    onPage(page.length);
    yield* page;
    if (page.length < pageSize) return;
    after = page.at(-1)!.seq;
  }
}

export async function verifyAll(database: Database, onProgress?: (orgId: string, checked: number) => void) {
  return withSystem(database, async (tx) => {
    const heads = await tx.select({ orgId: auditChainHead.orgId }).from(auditChainHead);
    return verifyAuditChains(
      tx,
      heads.map((h) => h.orgId),
      onProgress,
    );
  });
}
