import { and, asc, desc, eq, gte, isNotNull, isNull, lt } from "drizzle-orm";
import { decadeKey, decadeOf, decadeRange, decadesBetween } from "../../domain/shared/decade.js";
import { DomainError } from "../../domain/shared/errors.js";
import { daysWindow, localDayOf } from "../../domain/shared/local-time.js";
import {
  type Delivery,
  type HeadInflow,
  type MeasuredVolume,
  type PeriodBalance,
  waterBalance,
} from "../../domain/water/balance.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { DEFAULT_MAX_GAP_HOURS, flowSeries, periodVolume } from "./readings.js";
import { headReceiptsBetween } from "./receipts.js";
import { canalReach, canalStructure, season, waterDelivery } from "./tables.js";

/** The key of the season's own total in the balance: every decade's figures added up. */
export const SEASON_TOTAL = "season";

export interface IncompleteMeasurement {
  periodKey: string;
  reachId: string;
  structureCode: string;
  coveredSeconds: number;
  windowSeconds: number;
}

/**
 * The water balance of a season by decade and in total: received at the head against what the
 * canals and outlets measured and what was delivered to users, per canal (`waterBalance`).
 *
 * A gauging post's decade counts only when its readings cover the whole decade; a decade with gaps
 * is listed in `incomplete` and the canal's figures that need it stay empty — a partial volume
 * would read as a loss that never happened. The season total adds a post's decades only when every
 * decade with data is complete.
 */
export async function seasonBalance(database: Database, ctx: RequestContext, seasonId?: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const seasons = await tx
      .select({
        id: season.id,
        name: season.name,
        year: season.year,
        startsOn: season.startsOn,
        endsOn: season.endsOn,
      })
      .from(season)
      .where(eq(season.orgId, actor.orgId))
      .orderBy(desc(season.startsOn));
    const chosen = seasonId ? seasons.find((s) => s.id === seasonId) : seasons[0];
    if (seasonId && !chosen) throw new DomainError("notFound.season");
    const reaches = await tx
      .select({
        id: canalReach.id,
        parentId: canalReach.parentId,
        kind: canalReach.kind,
        code: canalReach.code,
        name: canalReach.name,
        capacityLps: canalReach.capacityLps,
        efficiency: canalReach.efficiency,
        capacityOverride: canalReach.capacityOverride,
      })
      .from(canalReach)
      .where(eq(canalReach.orgId, actor.orgId))
      .orderBy(asc(canalReach.code));
    if (!chosen) return { seasons, season: null, reaches, decades: [], total: null, incomplete: [] };

    const decades = decadesBetween(chosen.startsOn, chosen.endsOn).map((d) => {
      const { first, last } = decadeRange(d);
      return { key: decadeKey(d), from: first, to: last };
    });
    const timeZone = actor.timeZone;
    const { fromMs, toMs } = daysWindow(chosen.startsOn, chosen.endsOn, timeZone);

    const headByDecade = new Map<string, number>();
    for (const r of await headReceiptsBetween(tx, actor.orgId, chosen.startsOn, chosen.endsOn, false)) {
      const key = decadeKey(decadeOf(r.fromDay));
      headByDecade.set(key, (headByDecade.get(key) ?? 0) + r.volumeM3);
    }
    const headInflows: HeadInflow[] = [...headByDecade].map(([periodKey, volumeM3]) => ({
      periodKey,
      volumeM3,
    }));

    // A reach's own gauging post: the first by code, if it has several.
    const posts = await tx
      .select({ id: canalStructure.id, code: canalStructure.code, reachId: canalStructure.reachId })
      .from(canalStructure)
      .where(
        and(
          eq(canalStructure.orgId, actor.orgId),
          eq(canalStructure.kind, "gauging-post"),
          isNotNull(canalStructure.gauge),
          isNull(canalStructure.retiredOn),
        ),
      )
      .orderBy(asc(canalStructure.code));
    const postOfReach = new Map<string, { id: string; code: string }>();
    for (const p of posts) if (!postOfReach.has(p.reachId)) postOfReach.set(p.reachId, p);
    const series = await flowSeries(
      tx,
      actor.orgId,
      [...postOfReach.values()].map((p) => p.id),
      fromMs,
      toMs,
      DEFAULT_MAX_GAP_HOURS * 3_600_000,
    );
    const measured: MeasuredVolume[] = [];
    const incomplete: IncompleteMeasurement[] = [];
    for (const [reachId, post] of postOfReach) {
      const readings = series.get(post.id)!;
      if (readings.length === 0) continue;
      for (const d of decades) {
        const v = periodVolume(readings, d, DEFAULT_MAX_GAP_HOURS, timeZone);
        if (v.coveredSeconds === v.windowSeconds)
          measured.push({ periodKey: d.key, reachId, volumeM3: v.volumeM3 });
        else if (v.coveredSeconds > 0) {
          incomplete.push({
            periodKey: d.key,
            reachId,
            structureCode: post.code,
            coveredSeconds: v.coveredSeconds,
            windowSeconds: v.windowSeconds,
          });
        }
      }
    }

    const delivered = await tx
      .select({
        outletId: waterDelivery.outletId,
        startedAt: waterDelivery.startedAt,
        volumeM3: waterDelivery.volumeM3,
      })
      .from(waterDelivery)
      .where(
        and(
          eq(waterDelivery.orgId, actor.orgId),
          isNull(waterDelivery.voidedAt),
          gte(waterDelivery.startedAt, new Date(fromMs)),
          lt(waterDelivery.startedAt, new Date(toMs)),
        ),
      );
    const deliveries: Delivery[] = delivered.map((d) => ({
      periodKey: decadeKey(decadeOf(localDayOf(d.startedAt, timeZone))),
      outletId: d.outletId,
      volumeM3: d.volumeM3,
    }));

    const network = reaches.map(({ id, parentId, kind, capacityLps, efficiency, capacityOverride }) => ({
      id,
      parentId,
      kind,
      capacityLps,
      efficiency,
      capacityOverride,
    }));
    const byDecade = waterBalance({ network, headInflows, measured, deliveries });
    const range = new Map(decades.map((d) => [d.key, d]));
    return {
      seasons,
      season: chosen,
      reaches,
      decades: byDecade.map((b) => ({
        ...b,
        from: range.get(b.periodKey)!.from,
        to: range.get(b.periodKey)!.to,
      })),
      total: seasonTotal(network, byDecade, headInflows, measured, incomplete, deliveries),
      incomplete,
    };
  });
}

/** The season as one period: each input summed over the decades that have data. */
function seasonTotal(
  network: Parameters<typeof waterBalance>[0]["network"],
  byDecade: PeriodBalance[],
  headInflows: HeadInflow[],
  measured: MeasuredVolume[],
  incomplete: IncompleteMeasurement[],
  deliveries: Delivery[],
): PeriodBalance | null {
  if (byDecade.length === 0) return null;
  const withData = new Set(byDecade.map((b) => b.periodKey));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const total: MeasuredVolume[] = [];
  for (const reachId of new Set(measured.map((m) => m.reachId))) {
    const own = measured.filter((m) => m.reachId === reachId);
    // A post silent or incomplete in a decade that has data leaves the season's inflow unknown.
    const complete =
      own.length === withData.size &&
      !incomplete.some((i) => i.reachId === reachId && withData.has(i.periodKey));
    if (complete) total.push({ periodKey: SEASON_TOTAL, reachId, volumeM3: sum(own.map((m) => m.volumeM3)) });
  }
  const [result] = waterBalance({
    network,
    headInflows:
      headInflows.length > 0
        ? [{ periodKey: SEASON_TOTAL, volumeM3: sum(headInflows.map((h) => h.volumeM3)) }]
        : [],
    measured: total,
    deliveries: deliveries.map((d) => ({ ...d, periodKey: SEASON_TOTAL })),
  });
  return result ?? null;
}
