import { and, asc, eq, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Locale, LocalizedText } from "../../domain/places/units.js";
import { searchKey } from "../../domain/registry/names.js";
import { refuseDayAhead } from "../../domain/shared/day-ahead.js";
import { DomainError } from "../../domain/shared/errors.js";
import { type WaterUserInput, waterUserIdentity } from "../../domain/water/water-user.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation, servedVillages } from "../orgs/service.js";
import { listUnits } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { containsPattern, type Database, type Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { withTenant } from "../platform/transactions.js";
import { type LegalEntityKind, waterContract, waterCounter, waterUser } from "./tables.js";

/** Runs water-register work in the acting organisation's transaction. */
export async function withWater<T>(database: Database, ctx: RequestContext, work: (tx: Tx) => Promise<T>) {
  return withTenant(database, requireActor(ctx), work);
}

/**
 * Only a water provider registers water users and opens seasons; everything else hangs off those,
 * so another kind of organisation simply has none (its lists are empty, its lookups not found).
 */
export async function assertProvider(tx: Tx, orgId: string) {
  const org = await findOrganisation(tx, orgId);
  if (org?.kind !== "water-provider") throw new DomainError("water.notAProvider");
}

/** The villages the provider serves, with their names (the only villages its users may live in). */
export async function providerVillages(
  tx: Tx,
  orgId: string,
): Promise<{ code: string; name: LocalizedText }[]> {
  const served = new Set(await servedVillages(tx, orgId));
  const villages = await listUnits(tx, { level: "village" });
  return villages.filter((v) => served.has(v.code)).map((v) => ({ code: v.code, name: v.name }));
}

/**
 * Refuses a village the provider does not serve, as a field issue under `path`. Callers pass every
 * code given, "" too (null is "no village"): an empty code was stored when they tested truthiness.
 */
export async function assertServedVillage(tx: Tx, orgId: string, villageCode: string, path = "villageCode") {
  const served = await servedVillages(tx, orgId);
  if (!served.includes(villageCode))
    throw new DomainError("validation.fields", {}, [
      { path: [path], code: "villageNotServed", params: { code: villageCode } },
    ]);
}

export interface WaterUserFields extends WaterUserInput {
  legalEntityKind?: LegalEntityKind | null;
  villageCode?: string | null;
  member?: boolean;
  locale?: Locale;
  notes?: string | null;
}

async function assertPinFree(tx: Tx, orgId: string, pin: string | null, exceptId?: string) {
  if (!pin) return;
  const [other] = await tx
    .select({ id: waterUser.id, number: waterUser.number })
    .from(waterUser)
    .where(and(eq(waterUser.orgId, orgId), eq(waterUser.pin, pin), isNull(waterUser.archivedOn)));
  if (other && other.id !== exceptId) throw new DomainError("water.pinTaken", { number: other.number });
}

export async function createWaterUser(database: Database, ctx: RequestContext, input: WaterUserFields) {
  return withWater(database, ctx, (tx) => insertWaterUser(tx, ctx, input));
}

/**
 * Reserves `count` numbers of a per-organisation series ("water-user", "contract:2026") and returns
 * the last; they run from `last - count + 1`. The counter's row lock serialises writers, so numbers
 * stay gap-free under concurrency. A counter behind the table (rows brought in with their numbers,
 * a counter reset or restored apart) would hand out a number in use, which the unique index refused
 * as a 500: the numbers then follow `highestInUse`, the series' highest number in the table.
 */
async function reserveNumbers(tx: Tx, orgId: string, series: string, count: number, highestInUse: SQL) {
  const [row] = await tx
    .insert(waterCounter)
    .values({ orgId, series, last: sql`${highestInUse} + ${count}` })
    .onConflictDoUpdate({
      target: [waterCounter.orgId, waterCounter.series],
      set: { last: sql`greatest(${waterCounter.last}, ${highestInUse}) + ${count}` },
    })
    .returning({ last: waterCounter.last });
  return row!.last;
}

/** Reserves `count` water-user numbers of the provider and returns the last (reserveNumbers). */
export function reserveWaterUserNumbers(tx: Tx, orgId: string, count: number): Promise<number> {
  return reserveNumbers(
    tx,
    orgId,
    "water-user",
    count,
    sql`(select coalesce(max(${waterUser.number}), 0) from ${waterUser} where ${waterUser.orgId} = ${orgId})`,
  );
}

/** The provider's next contract number of a season's year, "2026-000123" (reserveNumbers). */
export async function nextContractNumber(tx: Tx, orgId: string, year: number): Promise<string> {
  // "2026-000123": the number after the year's dash.
  const highestInUse = sql`(select coalesce(max(split_part(${waterContract.number}, '-', 2)::int), 0)
    from ${waterContract} where ${waterContract.orgId} = ${orgId} and ${waterContract.number} like ${`${year}-%`})`;
  const n = await reserveNumbers(tx, orgId, `contract:${year}`, 1, highestInUse);
  return `${year}-${String(n).padStart(6, "0")}`;
}

/** Registers a water user in the caller's transaction (the demo loads many in one). */
export async function insertWaterUser(tx: Tx, ctx: RequestContext, input: WaterUserFields) {
  const actor = requireActor(ctx);
  await assertProvider(tx, actor.orgId);
  const identity = waterUserIdentity(input);
  if (input.villageCode != null) await assertServedVillage(tx, actor.orgId, input.villageCode);
  await assertPinFree(tx, actor.orgId, identity.pin);
  const [created] = await tx
    .insert(waterUser)
    .values({
      id: uuidv7(),
      orgId: actor.orgId,
      number: await reserveWaterUserNumbers(tx, actor.orgId, 1),
      ...identity,
      legalEntityKind: identity.legalEntityKind as LegalEntityKind | null,
      villageCode: input.villageCode ?? null,
      member: input.member ?? true,
      locale: input.locale ?? "ky",
      notes: input.notes?.trim() || null,
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "water_user",
    entityId: created!.id,
    after: created,
  });
  return created!;
}

export async function loadWaterUser(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(waterUser)
    .where(and(eq(waterUser.id, id), eq(waterUser.orgId, orgId)));
  if (!row) throw new DomainError("notFound.waterUser");
  return row;
}

/**
 * Edits a water user; `archivedOn` archives (a user who no longer takes water keeps their history)
 * or, set to null, brings them back. The identity is checked again as a whole.
 */
export async function updateWaterUser(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<WaterUserFields> & { version: number; archivedOn?: string | null },
) {
  refuseDayAhead(["archivedOn"], patch.archivedOn, organisationToday(ctx));
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const before = await loadWaterUser(tx, actor.orgId, id);
    const { version, ...changes } = patch;
    const merged = { ...before, ...changes };
    const identity = waterUserIdentity(merged);
    if (changes.villageCode != null) await assertServedVillage(tx, actor.orgId, changes.villageCode);
    if ((merged.archivedOn ?? null) === null) await assertPinFree(tx, actor.orgId, identity.pin, id);
    const [after] = await tx
      .update(waterUser)
      .set({
        ...identity,
        legalEntityKind: identity.legalEntityKind as LegalEntityKind | null,
        villageCode: merged.villageCode ?? null,
        member: merged.member,
        locale: merged.locale,
        notes: merged.notes?.trim() || null,
        archivedOn: merged.archivedOn ?? null,
        version: sql`${waterUser.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(waterUser.id, id), eq(waterUser.version, version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    const action =
      before.archivedOn === null && after.archivedOn !== null
        ? "archive"
        : before.archivedOn !== null && after.archivedOn === null
          ? "restore"
          : "update";
    await recordAudit(tx, ctx, { action, entity: "water_user", entityId: id, before, after });
    return after;
  });
}

export interface WaterUserQuery {
  q?: string | undefined;
  kind?: "person" | "legal-entity" | undefined;
  member?: boolean | undefined;
  villageCode?: string | undefined;
  archived?: "no" | "yes" | "all" | undefined;
  /** A season: only the users with no signed contract for it (the home page counts them). */
  withoutContract?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * The provider's water users: by name (Cyrillic or Latin, any part), PIN, number or tax number;
 * filtered by kind, membership, village, archive and a season's contract; ordered by number, a
 * page at a time.
 */
export async function listWaterUsers(database: Database, ctx: RequestContext, query: WaterUserQuery) {
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const where: SQL[] = [eq(waterUser.orgId, actor.orgId)];
    const q = query.q?.trim();
    if (q) {
      if (/^\d+$/.test(q)) {
        // Short digits are a user's number; four or more may also start a PIN or a tax number.
        const byNumber = q.length <= 6 ? [eq(waterUser.number, Number(q))] : [];
        const byId = q.length >= 4 ? [ilike(waterUser.pin, `${q}%`), ilike(waterUser.taxId, `${q}%`)] : [];
        where.push(or(...byNumber, ...byId)!);
      } else {
        const key = searchKey(q);
        where.push(
          or(
            ilike(waterUser.displayName, containsPattern(q)),
            ...(key ? [ilike(waterUser.searchKey, containsPattern(key))] : []),
          )!,
        );
      }
    }
    if (query.kind) where.push(eq(waterUser.kind, query.kind));
    if (query.member !== undefined) where.push(eq(waterUser.member, query.member));
    if (query.villageCode) where.push(eq(waterUser.villageCode, query.villageCode));
    const archived = query.archived ?? "no";
    if (archived === "no") where.push(isNull(waterUser.archivedOn));
    if (archived === "yes") where.push(isNotNull(waterUser.archivedOn));
    if (query.withoutContract) where.push(sql`not ${signedContractIn(query.withoutContract)}`);
    const found = await tx
      .select()
      .from(waterUser)
      .where(and(...where))
      .orderBy(asc(waterUser.number))
      .limit(query.pageSize + 1)
      .offset((query.page - 1) * query.pageSize);
    return {
      items: found.slice(0, query.pageSize),
      page: query.page,
      pageSize: query.pageSize,
      hasMore: found.length > query.pageSize,
    };
  });
}

/**
 * Whether a water user (the row of `water_user` the query reads) holds a signed contract for the
 * season: the one test behind the home page's "without a contract" figure and the list it opens.
 */
export function signedContractIn(seasonId: string | null): SQL {
  return sql`exists (select 1 from ${waterContract} where ${waterContract.orgId} = ${waterUser.orgId}
    and ${waterContract.waterUserId} = ${waterUser.id} and ${waterContract.seasonId} = ${seasonId}
    and ${waterContract.status} = 'signed')`;
}
