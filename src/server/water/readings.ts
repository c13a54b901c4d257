import { and, asc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { decadeKey, decadeRange, decadesBetween } from "../../domain/shared/decade.js";
import { DomainError } from "../../domain/shared/errors.js";
import { daysWindow, isMomentAhead, localMomentOf, nextDay } from "../../domain/shared/local-time.js";
import { dischargeLps, type GaugeStructure } from "../../domain/water/discharge.js";
import { type FlowReading, type Gap, volumeInWindow } from "../../domain/water/volume.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { lockKey, withTenant } from "../platform/transactions.js";
import { canalReach, canalStructure, gaugeReading } from "./tables.js";

/** How long between two readings the flow is still taken as changing linearly (the default of the pages). */
export const DEFAULT_MAX_GAP_HOURS = 12;

export async function loadGaugingPost(tx: Tx, orgId: string, structureId: string) {
  const [post] = await tx
    .select()
    .from(canalStructure)
    .where(and(eq(canalStructure.orgId, orgId), eq(canalStructure.id, structureId)));
  if (!post) throw new DomainError("notFound.gaugingPost");
  if (post.kind !== "gauging-post" || !post.gauge) throw new DomainError("water.notAGaugingPost");
  return post as typeof post & { gauge: GaugeStructure };
}

export interface ReadingInput {
  /** The entering device's key for this reading; a retry with the same key records nothing new. */
  clientKey: string;
  structureId: string;
  readAt: Date;
  levelM: number;
  note?: string | undefined;
}

/**
 * Records a batch of readings (a water master's queue from a phone that was offline), each turned
 * into a flow by its post's device. All or nothing; readings already recorded under their key are
 * returned as they are, so a retry after a lost answer duplicates nothing.
 */
export async function recordReadings(database: Database, ctx: RequestContext, inputs: ReadingInput[]) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    // Readings of one post wait for each other (posts in one order, so two batches cannot hold one
    // each), before the keys are looked up: a retry sent while its first sending is on its way
    // then gets that one's answer, rather than being refused as the same minute's reading again.
    for (const structureId of [...new Set(inputs.map((r) => r.structureId))].sort()) {
      await lockKey(tx, `reading:${structureId}`);
    }
    const keys = inputs.map((r) => r.clientKey);
    const existing = await readingsByKey(tx, actor.orgId, keys);
    const fresh = inputs.filter((r, i) => !existing.has(r.clientKey) && keys.indexOf(r.clientKey) === i);
    const posts = new Map<string, Awaited<ReturnType<typeof loadGaugingPost>>>();
    const values: (typeof gaugeReading.$inferInsert)[] = [];
    for (const input of fresh) {
      const index = inputs.indexOf(input);
      await forReading(index, "readAt", () =>
        refuseMomentAhead(input.readAt, actor.timeZone, "water.readingAhead"),
      );
      const post = await forReading(index, "structureId", async () => {
        const found =
          posts.get(input.structureId) ?? (await loadGaugingPost(tx, actor.orgId, input.structureId));
        posts.set(found.id, found);
        if (found.retiredOn) throw new DomainError("water.gaugingPostRetired", { code: found.code });
        return found;
      });
      await forReading(index, "readAt", async () => {
        const earlier =
          values.find((v) => v.structureId === post.id && minuteOf(v.readAt) === minuteOf(input.readAt)) ??
          (await readingOfMinute(tx, actor.orgId, post.id, input.readAt));
        if (earlier) {
          throw new DomainError("water.readingExists", {
            code: post.code,
            at: localMomentOf(earlier.readAt, actor.timeZone),
            levelCm: Math.round(earlier.levelM * 1000) / 10,
          });
        }
      });
      values.push({
        id: uuidv7(),
        orgId: actor.orgId,
        structureId: post.id,
        readAt: input.readAt,
        levelM: input.levelM,
        flowLps: await forReading(index, "levelM", () => dischargeLps(post.gauge, input.levelM)),
        readBy: actor.userId,
        note: input.note ?? null,
        clientKey: input.clientKey,
      });
    }
    const inserted =
      values.length === 0
        ? []
        : await tx
            .insert(gaugeReading)
            .values(values)
            .onConflictDoNothing({ target: [gaugeReading.orgId, gaugeReading.clientKey] })
            .returning();
    for (const row of inserted) {
      await recordAudit(tx, ctx, { action: "create", entity: "gauge_reading", entityId: row.id, after: row });
    }
    // A concurrent retry may have won the race for some keys: read those back too.
    const all = new Map([...existing, ...(await readingsByKey(tx, actor.orgId, keys))]);
    const insertedIds = new Set(inserted.map((r) => r.id));
    return inputs.map((input) => {
      const row = all.get(input.clientKey)!;
      return { clientKey: input.clientKey, duplicate: !insertedIds.has(row.id), reading: row };
    });
  });
}

/**
 * A check of one reading of a batch, whose refusal names it (readings.<i>.<field>): the phone sets
 * that one aside and sends the others.
 */
async function forReading<T>(index: number, field: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof DomainError) || error.fields.length > 0) throw error;
    throw new DomainError(error.code, error.params, [
      { path: ["readings", index, field], code: "readingRefused" },
    ]);
  }
}

/**
 * Refuses a moment measured in the field that is still to come (18:53 typed for 08:53), naming it
 * on the organisation's clock as the pages show it.
 */
export function refuseMomentAhead(at: Date, timeZone: string, code: string) {
  if (isMomentAhead(at.getTime(), Date.now()))
    throw new DomainError(code, { at: localMomentOf(at, timeZone) });
}

const MINUTE_MS = 60_000;
const minuteOf = (at: Date) => Math.floor(at.getTime() / MINUTE_MS);

/**
 * The post's reading (not voided) of the minute `at` falls in. A post is read once a minute at
 * most: a second reading of the same minute is the first entered again (a second phone, a tap
 * twice), and with both the day's volume would take one instant twice. The caller holds the post's
 * lock, so two sent at once cannot both pass.
 */
async function readingOfMinute(tx: Tx, orgId: string, structureId: string, at: Date) {
  const from = minuteOf(at) * MINUTE_MS;
  const [found] = await tx
    .select({ readAt: gaugeReading.readAt, levelM: gaugeReading.levelM })
    .from(gaugeReading)
    .where(
      and(
        eq(gaugeReading.orgId, orgId),
        eq(gaugeReading.structureId, structureId),
        isNull(gaugeReading.voidedAt),
        gte(gaugeReading.readAt, new Date(from)),
        lt(gaugeReading.readAt, new Date(from + MINUTE_MS)),
      ),
    )
    .orderBy(asc(gaugeReading.readAt))
    .limit(1);
  return found;
}

async function readingsByKey(tx: Tx, orgId: string, keys: string[]) {
  const found = await tx
    .select()
    .from(gaugeReading)
    .where(and(eq(gaugeReading.orgId, orgId), inArray(gaugeReading.clientKey, keys)));
  return new Map(found.map((r) => [r.clientKey!, r]));
}

/** A post's readings of one local day, voided ones included (marked), in time order. */
export async function listReadings(
  database: Database,
  ctx: RequestContext,
  filter: { structureId: string; day: string },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    await loadGaugingPost(tx, actor.orgId, filter.structureId);
    const { fromMs, toMs } = daysWindow(filter.day, filter.day, actor.timeZone);
    return tx
      .select()
      .from(gaugeReading)
      .where(
        and(
          eq(gaugeReading.orgId, actor.orgId),
          eq(gaugeReading.structureId, filter.structureId),
          gte(gaugeReading.readAt, new Date(fromMs)),
          lt(gaugeReading.readAt, new Date(toMs)),
        ),
      )
      .orderBy(asc(gaugeReading.readAt));
  });
}

/**
 * The valid flow readings of some posts around a window: one reading on each side beyond it is
 * enough to interpolate at the edges, and `maxGapMs` bounds how far that neighbour may be.
 */
export async function flowSeries(
  tx: Tx,
  orgId: string,
  structureIds: string[],
  fromMs: number,
  toMs: number,
  maxGapMs: number,
): Promise<Map<string, FlowReading[]>> {
  const series = new Map<string, FlowReading[]>(structureIds.map((id) => [id, []]));
  if (structureIds.length === 0) return series;
  const found = await tx
    .select({
      structureId: gaugeReading.structureId,
      readAt: gaugeReading.readAt,
      flowLps: gaugeReading.flowLps,
    })
    .from(gaugeReading)
    .where(
      and(
        eq(gaugeReading.orgId, orgId),
        inArray(gaugeReading.structureId, structureIds),
        gte(gaugeReading.readAt, new Date(fromMs - maxGapMs)),
        lt(gaugeReading.readAt, new Date(toMs + maxGapMs)),
        isNull(gaugeReading.voidedAt),
      ),
    )
    .orderBy(asc(gaugeReading.readAt));
  for (const r of found) series.get(r.structureId)!.push({ at: r.readAt, flowLps: r.flowLps });
  return series;
}

export type PeriodKind = "day" | "decade";

/** The local days or decades that cover [from, to], each as key and inclusive days. */
export function periodsBetween(from: string, to: string, kind: PeriodKind) {
  if (from > to) throw new DomainError("date.rangeReversed", { from, to });
  if (kind === "decade") {
    return decadesBetween(from, to).map((d) => {
      const { first, last } = decadeRange(d);
      return { key: decadeKey(d), from: first, to: last };
    });
  }
  const out: { key: string; from: string; to: string }[] = [];
  for (let day = from; day <= to; day = nextDay(day)) out.push({ key: day, from: day, to: day });
  return out;
}

export interface PeriodVolume {
  periodKey: string;
  from: string;
  to: string;
  volumeM3: number;
  coveredSeconds: number;
  windowSeconds: number;
  gaps: { from: Date; to: Date }[];
}

/** Volume of one series over one period of local days (of `timeZone`), with its gaps. */
export function periodVolume(
  readings: readonly FlowReading[],
  period: { key: string; from: string; to: string },
  maxGapHours: number,
  timeZone: string,
): PeriodVolume {
  const { fromMs, toMs } = daysWindow(period.from, period.to, timeZone);
  const v = volumeInWindow(readings, fromMs, toMs, { maxGapMinutes: maxGapHours * 60 });
  return {
    periodKey: period.key,
    from: period.from,
    to: period.to,
    volumeM3: v.volumeM3,
    coveredSeconds: v.coveredSeconds,
    windowSeconds: (toMs - fromMs) / 1000,
    gaps: v.gaps.map((g: Gap) => ({ from: new Date(g.from), to: new Date(g.to) })),
  };
}

/** Volume that passed a post per day or decade, gaps shown (a gap adds nothing). */
export async function postVolumes(
  database: Database,
  ctx: RequestContext,
  structureId: string,
  query: { from: string; to: string; period: PeriodKind; maxGapHours: number },
) {
  const actor = requireActor(ctx);
  const periods = periodsBetween(query.from, query.to, query.period);
  if (periods.length > 400) throw new DomainError("water.periodTooLong", { max: 400 });
  return withTenant(database, actor, async (tx) => {
    await loadGaugingPost(tx, actor.orgId, structureId);
    const timeZone = actor.timeZone;
    const { fromMs, toMs } = daysWindow(query.from, query.to, timeZone);
    const series = await flowSeries(
      tx,
      actor.orgId,
      [structureId],
      fromMs,
      toMs,
      query.maxGapHours * 3_600_000,
    );
    const readings = series.get(structureId)!;
    return periods.map((p) => periodVolume(readings, p, query.maxGapHours, timeZone));
  });
}

/** Gauging posts with their reach and the latest valid reading: the water master's list of where to go. */
export async function listGaugingPosts(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const posts = await tx
      .select({
        id: canalStructure.id,
        code: canalStructure.code,
        name: canalStructure.name,
        gauge: canalStructure.gauge,
        reachId: canalReach.id,
        reachCode: canalReach.code,
        reachName: canalReach.name,
        reachKind: canalReach.kind,
      })
      .from(canalStructure)
      .innerJoin(canalReach, eq(canalReach.id, canalStructure.reachId))
      .where(
        and(
          eq(canalStructure.orgId, actor.orgId),
          eq(canalStructure.kind, "gauging-post"),
          isNull(canalStructure.retiredOn),
        ),
      )
      .orderBy(asc(canalStructure.code));
    const latest = await rows<{
      structure_id: string;
      read_at: Date | string;
      level_m: number;
      flow_lps: number;
    }>(
      tx,
      // One index probe per post (org, structure, read_at), however long the history.
      sql`select s.id as structure_id, r.read_at, r.level_m, r.flow_lps
          from canal_structure s
          cross join lateral (
            select g.read_at, g.level_m, g.flow_lps from gauge_reading g
            where g.org_id = s.org_id and g.structure_id = s.id and g.voided_at is null
            order by g.read_at desc limit 1) r
          where s.org_id = ${actor.orgId} and s.kind = 'gauging-post'`,
    );
    const byPost = new Map(latest.map((r) => [r.structure_id, r]));
    return posts.map((p) => {
      const r = byPost.get(p.id);
      return {
        ...p,
        latest: r ? { readAt: new Date(r.read_at), levelM: r.level_m, flowLps: r.flow_lps } : null,
      };
    });
  });
}
