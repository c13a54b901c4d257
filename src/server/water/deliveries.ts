import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { DomainError } from "../../domain/shared/errors.js";
import { dayStartMs, localDayOf, localMomentOf, nextDay } from "../../domain/shared/local-time.js";
import type { ActState } from "../../domain/water/delivery-acts.js";
import { turnDayRefusal } from "../../domain/water/season-days.js";
import { turnAmountRefusal } from "../../domain/water/turn-flow.js";
import { volumeInWindow } from "../../domain/water/volume.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { lockKey, withTenant } from "../platform/transactions.js";
import { DEFAULT_MAX_GAP_HOURS, flowSeries, refuseMomentAhead } from "./readings.js";
import { canalReach, canalStructure, irrigatedPlot, season, waterDelivery, waterUser } from "./tables.js";

interface DeliveryCommon {
  /** The entering device's key; a retry with the same key returns the delivery already recorded. */
  clientKey: string;
  outletId: string;
  waterUserId: string;
  plotId?: string | null | undefined;
  startedAt: Date;
  endedAt: Date;
}
/** How the turn's volume is known: the outlet's flow held for the turn, its gauge's readings, or a paper act. */
export type DeliveryInput =
  | (DeliveryCommon & { method: "time-and-flow"; flowLps: number })
  | (DeliveryCommon & { method: "gauge" })
  | (DeliveryCommon & { method: "act"; volumeM3: number });

/** An outlet; with `onDay`, one still in use that day. */
async function loadOutlet(tx: Tx, orgId: string, outletId: string, onDay?: string) {
  const [outlet] = await tx
    .select()
    .from(canalReach)
    .where(and(eq(canalReach.orgId, orgId), eq(canalReach.id, outletId)));
  if (!outlet) throw new DomainError("notFound.outlet");
  if (outlet.kind !== "outlet") throw new DomainError("water.notAnOutlet", { code: outlet.code });
  if (onDay !== undefined && outlet.retiredOn && outlet.retiredOn <= onDay) {
    throw new DomainError("water.outletRetired", { code: outlet.code, date: outlet.retiredOn });
  }
  return outlet;
}

async function checkUserAndPlot(tx: Tx, orgId: string, input: DeliveryCommon, turnDay: string) {
  const [user] = await tx
    .select({ id: waterUser.id, number: waterUser.number, archivedOn: waterUser.archivedOn })
    .from(waterUser)
    .where(and(eq(waterUser.orgId, orgId), eq(waterUser.id, input.waterUserId)));
  if (!user) throw new DomainError("notFound.waterUser");
  // A user archived before the turn no longer took water; a turn before that day may still be recorded late.
  if (user.archivedOn && user.archivedOn <= turnDay) {
    throw new DomainError("water.userArchived", { number: user.number, date: user.archivedOn });
  }
  if (!input.plotId) return;
  const [plot] = await tx
    .select()
    .from(irrigatedPlot)
    .where(and(eq(irrigatedPlot.orgId, orgId), eq(irrigatedPlot.id, input.plotId)));
  if (!plot) throw new DomainError("notFound.plot");
  if (plot.waterUserId !== input.waterUserId || plot.outletId !== input.outletId) {
    throw new DomainError("water.plotNotAtOutlet");
  }
}

/** A turn's length in seconds. */
const turnSeconds = (turn: { startedAt: Date; endedAt: Date }) =>
  (turn.endedAt.getTime() - turn.startedAt.getTime()) / 1000;

/** The volume of a turn by its method; a gauge with no reading in the turn measured nothing. */
async function turnVolume(tx: Tx, orgId: string, input: DeliveryInput) {
  const seconds = turnSeconds(input);
  switch (input.method) {
    case "time-and-flow":
      return { volumeM3: (input.flowLps * seconds) / 1000, flowLps: input.flowLps, gapSeconds: null };
    case "act":
      return { volumeM3: input.volumeM3, flowLps: null, gapSeconds: null };
    case "gauge": {
      const posts = await tx
        .select({ id: canalStructure.id, code: canalStructure.code })
        .from(canalStructure)
        .where(
          and(
            eq(canalStructure.orgId, orgId),
            eq(canalStructure.reachId, input.outletId),
            eq(canalStructure.kind, "gauging-post"),
            isNull(canalStructure.retiredOn),
          ),
        )
        .orderBy(asc(canalStructure.code));
      const post = posts[0];
      if (!post) throw new DomainError("water.outletHasNoGauge");
      const maxGapMinutes = DEFAULT_MAX_GAP_HOURS * 60;
      const fromMs = input.startedAt.getTime();
      const toMs = input.endedAt.getTime();
      const series = await flowSeries(tx, orgId, [post.id], fromMs, toMs, maxGapMinutes * 60_000);
      const v = volumeInWindow(series.get(post.id)!, fromMs, toMs, { maxGapMinutes });
      if (v.coveredSeconds === 0) throw new DomainError("water.noReadingsInPeriod", { code: post.code });
      return { volumeM3: v.volumeM3, flowLps: null, gapSeconds: seconds - v.coveredSeconds };
    }
  }
}

/** The next act number of the organisation's year: "2026-000045". */
async function nextActNumber(tx: Tx, orgId: string, year: number): Promise<string> {
  const series = `delivery-act:${year}`;
  const [row] = await rows<{ last: number }>(
    tx,
    sql`insert into water_counter (org_id, series, last) values (${orgId}, ${series}, 1)
        on conflict (org_id, series) do update set last = water_counter.last + 1
        returning last`,
  );
  return `${year}-${String(row!.last).padStart(6, "0")}`;
}

/**
 * Records a user's turn at an outlet with its volume and a new act number. A key already used
 * returns that delivery, so a phone that retries after a lost answer records the turn once.
 */
export async function recordDelivery(database: Database, ctx: RequestContext, input: DeliveryInput) {
  const actor = requireActor(ctx);
  if (!(input.startedAt < input.endedAt)) {
    throw new DomainError("date.rangeReversed", {
      from: localMomentOf(input.startedAt, actor.timeZone),
      to: localMomentOf(input.endedAt, actor.timeZone),
    });
  }
  refuseMomentAhead(input.endedAt, actor.timeZone, "water.turnAhead");
  return withTenant(database, actor, async (tx) => {
    // Entries of one user at one outlet wait for each other, before the key is looked up: a retry
    // sent while its first sending is still on its way then finds that one's key and gets its
    // answer, rather than being refused as overlapping it (refuseOverlap).
    await lockKey(tx, `delivery:${input.outletId}:${input.waterUserId}`);
    const known = await deliveryByKey(tx, actor.orgId, input.clientKey);
    if (known) return { duplicate: true, delivery: await deliveryById(tx, actor.orgId, known.id) };
    const turnDay = localDayOf(input.startedAt, actor.timeZone);
    const outlet = await loadOutlet(tx, actor.orgId, input.outletId, turnDay);
    const amountRefusal = turnAmountRefusal(outlet, input, turnSeconds(input));
    if (amountRefusal) throw amountRefusal;
    await checkUserAndPlot(tx, actor.orgId, input, turnDay);
    await refuseOutsideSeasons(tx, actor.orgId, turnDay);
    await refuseOverlap(tx, actor.orgId, input, actor.timeZone);
    const measured = await turnVolume(tx, actor.orgId, input);
    const year = Number(turnDay.slice(0, 4));
    const [row] = await tx
      .insert(waterDelivery)
      .values({
        id: uuidv7(),
        orgId: actor.orgId,
        outletId: input.outletId,
        waterUserId: input.waterUserId,
        plotId: input.plotId ?? null,
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        method: input.method,
        actNumber: await nextActNumber(tx, actor.orgId, year),
        recordedBy: actor.userId,
        clientKey: input.clientKey,
        ...measured,
      })
      .onConflictDoNothing({ target: [waterDelivery.orgId, waterDelivery.clientKey] })
      .returning();
    // Lost a race with a concurrent sending of the same key for another outlet or user (the pair's
    // lock above does not hold that one back): that one recorded it.
    if (!row) {
      const winner = (await deliveryByKey(tx, actor.orgId, input.clientKey))!;
      return { duplicate: true, delivery: await deliveryById(tx, actor.orgId, winner.id) };
    }
    await recordAudit(tx, ctx, { action: "create", entity: "water_delivery", entityId: row.id, after: row });
    return { duplicate: false, delivery: await deliveryById(tx, actor.orgId, row.id) };
  });
}

/** A turn on a day no season of the provider holds is refused (turnDayRefusal). */
async function refuseOutsideSeasons(tx: Tx, orgId: string, turnDay: string) {
  const seasons = await tx
    .select({ name: season.name, startsOn: season.startsOn, endsOn: season.endsOn })
    .from(season)
    .where(eq(season.orgId, orgId));
  const refusal = turnDayRefusal(seasons, turnDay);
  if (refusal) throw refusal;
}

/**
 * A user's turn at an outlet is entered once: one that overlaps a turn already recorded (not
 * voided) for the same user and outlet would count the same water twice (an entry made again, by
 * a second phone or after the times were left as they were). The caller holds the pair's lock, so
 * two entries sent at once cannot both pass.
 */
async function refuseOverlap(tx: Tx, orgId: string, input: DeliveryCommon, timeZone: string) {
  const [other] = await tx
    .select({
      actNumber: waterDelivery.actNumber,
      startedAt: waterDelivery.startedAt,
      endedAt: waterDelivery.endedAt,
    })
    .from(waterDelivery)
    .where(
      and(
        eq(waterDelivery.orgId, orgId),
        eq(waterDelivery.outletId, input.outletId),
        eq(waterDelivery.waterUserId, input.waterUserId),
        isNull(waterDelivery.voidedAt),
        lt(waterDelivery.startedAt, input.endedAt),
        gt(waterDelivery.endedAt, input.startedAt),
      ),
    )
    .orderBy(asc(waterDelivery.startedAt))
    .limit(1);
  if (other)
    throw new DomainError("water.turnOverlaps", {
      from: localMomentOf(other.startedAt, timeZone),
      to: localMomentOf(other.endedAt, timeZone),
      act: other.actNumber,
    });
}

async function deliveryByKey(tx: Tx, orgId: string, clientKey: string) {
  const [row] = await tx
    .select()
    .from(waterDelivery)
    .where(and(eq(waterDelivery.orgId, orgId), eq(waterDelivery.clientKey, clientKey)));
  return row;
}

async function loadDelivery(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(waterDelivery)
    .where(and(eq(waterDelivery.orgId, orgId), eq(waterDelivery.id, id)));
  if (!row) throw new DomainError("notFound.delivery");
  return row;
}

/** Marks the paper act signed by the user, or voids a wrong delivery with the reason (never deletes). */
export async function changeDelivery(
  database: Database,
  ctx: RequestContext,
  id: string,
  change: { version: number } & ({ signedOn: string } | { reason: string }),
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await loadDelivery(tx, actor.orgId, id);
    if (before.voidedAt) throw new DomainError("water.alreadyVoided");
    const signing = "signedOn" in change;
    if (signing && before.signedOn) throw new DomainError("water.actAlreadySigned");
    const [after] = await tx
      .update(waterDelivery)
      .set({
        ...(signing ? { signedOn: change.signedOn } : { voidedAt: new Date(), voidReason: change.reason }),
        version: sql`${waterDelivery.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(waterDelivery.id, id), eq(waterDelivery.version, change.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await recordAudit(tx, ctx, {
      action: signing ? "sign" : "void",
      entity: "water_delivery",
      entityId: id,
      before,
      after,
    });
    return deliveryById(tx, actor.orgId, id);
  });
}

export interface DeliveryFilter {
  outletId?: string | undefined;
  acts?: ActState | undefined;
  waterUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** Deliveries newest first, with the outlet and the user as the act names them. */
export async function listDeliveries(database: Database, ctx: RequestContext, filter: DeliveryFilter) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const conditions: (SQL | undefined)[] = [eq(waterDelivery.orgId, actor.orgId)];
    if (filter.outletId) conditions.push(eq(waterDelivery.outletId, filter.outletId));
    if (filter.waterUserId) conditions.push(eq(waterDelivery.waterUserId, filter.waterUserId));
    if (filter.acts === "voided") conditions.push(isNotNull(waterDelivery.voidedAt));
    else if (filter.acts)
      conditions.push(
        isNull(waterDelivery.voidedAt),
        filter.acts === "signed" ? isNotNull(waterDelivery.signedOn) : isNull(waterDelivery.signedOn),
      );
    const timeZone = actor.timeZone;
    if (filter.from)
      conditions.push(gte(waterDelivery.startedAt, new Date(dayStartMs(filter.from, timeZone))));
    if (filter.to)
      conditions.push(lt(waterDelivery.startedAt, new Date(dayStartMs(nextDay(filter.to), timeZone))));
    const found = await deliveryRows(tx)
      .where(and(...conditions))
      .orderBy(desc(waterDelivery.startedAt), desc(waterDelivery.actNumber))
      .limit(filter.pageSize + 1)
      .offset((filter.page - 1) * filter.pageSize);
    return {
      items: found.slice(0, filter.pageSize).map(deliveryView),
      page: filter.page,
      pageSize: filter.pageSize,
      hasMore: found.length > filter.pageSize,
    };
  });
}

function deliveryRows(tx: Tx) {
  return tx
    .select({
      delivery: waterDelivery,
      outletCode: canalReach.code,
      outletName: canalReach.name,
      userNumber: waterUser.number,
      userName: waterUser.displayName,
      plotCadastralNumber: irrigatedPlot.cadastralNumber,
      plotAreaHa: irrigatedPlot.areaHa,
    })
    .from(waterDelivery)
    .innerJoin(canalReach, eq(canalReach.id, waterDelivery.outletId))
    .innerJoin(waterUser, eq(waterUser.id, waterDelivery.waterUserId))
    .leftJoin(irrigatedPlot, eq(irrigatedPlot.id, waterDelivery.plotId))
    .$dynamic();
}

/** One delivery as lists and the act show it. */
export async function deliveryById(tx: Tx, orgId: string, id: string) {
  const [row] = await deliveryRows(tx).where(and(eq(waterDelivery.orgId, orgId), eq(waterDelivery.id, id)));
  if (!row) throw new DomainError("notFound.delivery");
  return deliveryView(row);
}

function deliveryView(r: Awaited<ReturnType<ReturnType<typeof deliveryRows>["execute"]>>[number]) {
  const { clientKey: _key, ...delivery } = r.delivery;
  return {
    ...delivery,
    outletCode: r.outletCode,
    outletName: r.outletName,
    userNumber: r.userNumber,
    userName: r.userName,
    plotCadastralNumber: r.plotCadastralNumber,
    plotAreaHa: r.plotAreaHa,
  };
}

/** Outlets in use, in code order, each with whether it has a gauge to measure turns. */
export async function listOutlets(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) =>
    rows<{ id: string; code: string; name: string; capacityLps: number; hasGauge: boolean }>(
      tx,
      sql`select r.id, r.code, r.name, r.capacity_lps as "capacityLps",
            exists (select 1 from canal_structure s where s.reach_id = r.id and s.kind = 'gauging-post'
                    and s.retired_on is null and s.gauge is not null) as "hasGauge"
          from canal_reach r
          where r.org_id = ${actor.orgId} and r.kind = 'outlet' and r.retired_on is null
          order by r.code`,
    ),
  );
}

interface OutletUser {
  id: string;
  number: number;
  displayName: string;
  plots: { id: string; cadastralNumber: string | null; areaHa: number }[];
}

/**
 * The users who take water (through a plot in force) at the outlets in use, or at one outlet, with
 * those plots, grouped by outlet in code order and the users in number order.
 */
async function outletUsers(tx: Tx, orgId: string, outletId?: string) {
  const found = await tx
    .select({
      outletId: irrigatedPlot.outletId,
      id: waterUser.id,
      number: waterUser.number,
      displayName: waterUser.displayName,
      plotId: irrigatedPlot.id,
      cadastralNumber: irrigatedPlot.cadastralNumber,
      areaHa: irrigatedPlot.areaHa,
    })
    .from(irrigatedPlot)
    .innerJoin(waterUser, eq(waterUser.id, irrigatedPlot.waterUserId))
    .innerJoin(canalReach, eq(canalReach.id, irrigatedPlot.outletId))
    .where(
      and(
        eq(irrigatedPlot.orgId, orgId),
        outletId === undefined ? isNull(canalReach.retiredOn) : eq(irrigatedPlot.outletId, outletId),
        isNull(irrigatedPlot.endedOn),
        isNull(waterUser.archivedOn),
      ),
    )
    .orderBy(asc(canalReach.code), asc(waterUser.number));
  const outlets = new Map<string, Map<string, OutletUser>>();
  for (const r of found) {
    const users = outlets.get(r.outletId) ?? new Map<string, OutletUser>();
    const user = users.get(r.id) ?? { id: r.id, number: r.number, displayName: r.displayName, plots: [] };
    user.plots.push({ id: r.plotId, cadastralNumber: r.cadastralNumber, areaHa: r.areaHa });
    users.set(r.id, user);
    outlets.set(r.outletId, users);
  }
  return [...outlets].map(([id, users]) => ({ outletId: id, users: [...users.values()] }));
}

/** The users who take water at an outlet (through a plot there), with those plots. */
export async function usersAtOutlet(database: Database, ctx: RequestContext, outletId: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    await loadOutlet(tx, actor.orgId, outletId);
    return (await outletUsers(tx, actor.orgId, outletId))[0]?.users ?? [];
  });
}

/**
 * The users at every outlet in use, in one answer: what a water master's phone keeps to record a
 * turn at any outlet without a link, not only at those opened with one.
 */
export async function usersByOutlet(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) => outletUsers(tx, actor.orgId));
}
