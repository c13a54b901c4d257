import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { decadeKey, decadeRange, decadesBetween } from "../../domain/shared/decade.js";
import { dayStartMs, daysWindow, localDayOf, nextDay } from "../../domain/shared/local-time.js";
import { dischargeLps, type GaugeStructure } from "../../domain/water/discharge.js";
import { type FlowReading, volumeInWindow } from "../../domain/water/volume.js";
import { orgTimeZone } from "../orgs/service.js";
import { bulkInsert, type Database, type Tx } from "../platform/db.js";
import { withSystem } from "../platform/transactions.js";
import { DEFAULT_MAX_GAP_HOURS, periodVolume } from "./readings.js";
import {
  canalReach,
  canalStructure,
  gaugeReading,
  headReceipt,
  irrigatedPlot,
  season,
  waterCounter,
  waterDelivery,
  waterUser,
} from "./tables.js";

const HOUR_MS = 3_600_000;
/**
 * The water an outlet takes at the height of the season for each hectare it serves: a hydromodule
 * of 1 l/s/ha, about 900 m³/ha a decade, what the demo's plan asks of July.
 */
const PEAK_LPS_PER_HA = 1;
/** The demo's dry first decade of July: the district's department gave 40 % of the usual water. */
const DRY_DECADE = { firstDay: "07-01", lastDay: "07-10", share: 0.4 };

/**
 * A season of measurement for the demo WUA: gauge readings four times a day at every gauging post
 * (with a two-day gap at one of them, to show how gaps look), water received at the head per
 * decade, and day and night turns at every outlet with their delivery acts, most of them signed.
 * Uses the network and users another part of the demo created; if there are none, it makes a
 * small network of its own (a head, two canals, four outlets, eight users and the 2026 season).
 */
export async function loadDemoMeasurement(database: Database, wuaId: string, waterMasterId: string) {
  await withSystem(database, async (tx) => {
    await ensureNetwork(tx, wuaId);
    const [current] = await tx
      .select()
      .from(season)
      .where(eq(season.orgId, wuaId))
      .orderBy(desc(season.startsOn))
      .limit(1);
    const reaches = await tx.select().from(canalReach).where(eq(canalReach.orgId, wuaId));
    const posts = await tx
      .select()
      .from(canalStructure)
      .where(
        and(
          eq(canalStructure.orgId, wuaId),
          eq(canalStructure.kind, "gauging-post"),
          isNotNull(canalStructure.gauge),
        ),
      );
    const plots = await tx
      .select({
        id: irrigatedPlot.id,
        userId: irrigatedPlot.waterUserId,
        outletId: irrigatedPlot.outletId,
        areaHa: irrigatedPlot.areaHa,
      })
      .from(irrigatedPlot)
      .where(and(eq(irrigatedPlot.orgId, wuaId), isNull(irrigatedPlot.endedOn)))
      .orderBy(irrigatedPlot.outletId, irrigatedPlot.id);
    const peakLps = peakFlows(reaches, plots);
    const random = seeded(2026);
    const timeZone = await orgTimeZone(tx, wuaId);
    const { fromMs: from, toMs: seasonEnd } = daysWindow(current!.startsOn, current!.endsOn, timeZone);
    const to = Math.min(seasonEnd, Date.now());
    const year = current!.startsOn.slice(0, 4);
    const dry = {
      from: dayStartMs(`${year}-${DRY_DECADE.firstDay}`, timeZone),
      to: dayStartMs(nextDay(`${year}-${DRY_DECADE.lastDay}`), timeZone),
    };
    // The season's water: little in spring, most in July (but for its dry first decade), little
    // again in September.
    const seasonal = (at: number) =>
      (0.5 + 0.5 * Math.sin((Math.PI * (at - from)) / (to - from))) *
      (at >= dry.from && at < dry.to ? DRY_DECADE.share : 1);
    /** A reach's flow at a moment, a few per cent either way, as a gauge reads it. */
    const flowAt = (reachId: string, at: number) =>
      (peakLps.get(reachId) ?? 0) * seasonal(at) * (0.97 + 0.06 * random());

    const series = new Map<string, FlowReading[]>();
    const readings: (typeof gaugeReading.$inferInsert)[] = [];
    posts.forEach((post, index) => {
      const gauge = post.gauge as GaugeStructure;
      const own: FlowReading[] = [];
      for (let at = from; at <= to; at += 6 * HOUR_MS) {
        // The first post's water master was ill for two days in June: a gap, not a guess.
        if (index === 0 && at > from + 60 * 24 * HOUR_MS && at < from + 62 * 24 * HOUR_MS) continue;
        const target = flowAt(post.reachId, at);
        // A canal whose outlets serve no one is closed: no one reads a dry post.
        if (target === 0) continue;
        const levelM = Math.round(levelFor(gauge, target) * 1000) / 1000;
        const flowLps = dischargeLps(gauge, levelM);
        own.push({ at, flowLps });
        readings.push({
          id: uuidv7(),
          orgId: wuaId,
          structureId: post.id,
          readAt: new Date(at),
          levelM,
          flowLps,
          readBy: waterMasterId,
        });
      }
      series.set(post.id, own);
    });
    await bulkInsert(tx, gaugeReading, readings);

    const postOf = new Map(posts.map((p) => [p.reachId, p.id]));
    await loadReceipts(tx, wuaId, current!, reaches, postOf, series, to, timeZone);
    await loadDeliveries(tx, wuaId, waterMasterId, reaches, plots, postOf, series, {
      from,
      to,
      timeZone,
      flowAt,
    });
  });
}

async function loadReceipts(
  tx: Tx,
  orgId: string,
  current: typeof season.$inferSelect,
  reaches: (typeof canalReach.$inferSelect)[],
  postOf: Map<string, string>,
  series: Map<string, FlowReading[]>,
  untilMs: number,
  timeZone: string,
) {
  const receipts: (typeof headReceipt.$inferInsert)[] = [];
  let act = 0;
  for (const head of reaches.filter((r) => r.kind === "head")) {
    const postId = postOf.get(head.id);
    if (!postId) continue;
    for (const d of decadesBetween(current.startsOn, current.endsOn)) {
      const { first, last } = decadeRange(d);
      if (dayStartMs(nextDay(last), timeZone) > untilMs) break;
      const v = periodVolume(
        series.get(postId)!,
        { key: decadeKey(d), from: first, to: last },
        DEFAULT_MAX_GAP_HOURS,
        timeZone,
      );
      act += 1;
      // Most decades the department's act states the volume (rounded to 100 m³); a few were not
      // signed in time, and the WUA took its own head post's readings.
      const fromAct = act % 4 !== 0;
      receipts.push({
        id: uuidv7(),
        orgId,
        reachId: head.id,
        fromDay: first,
        toDay: last,
        // The department measures on its own side, so its act has no gap of ours in it.
        volumeM3: fromAct
          ? Math.round((v.volumeM3 * v.windowSeconds) / v.coveredSeconds / 100) * 100
          : v.volumeM3,
        actNumber: fromAct ? `РУВХ-${String(act).padStart(3, "0")}` : null,
        source: fromAct ? "act" : "gauge",
        structureId: fromAct ? null : postId,
        gapSeconds: fromAct ? null : v.windowSeconds - v.coveredSeconds,
      });
    }
  }
  await bulkInsert(tx, headReceipt, receipts);
}

async function loadDeliveries(
  tx: Tx,
  orgId: string,
  waterMasterId: string,
  reaches: (typeof canalReach.$inferSelect)[],
  plots: DemoPlot[],
  postOf: Map<string, string>,
  series: Map<string, FlowReading[]>,
  season: {
    from: number;
    to: number;
    timeZone: string;
    flowAt: (reachId: string, at: number) => number;
  },
) {
  const deliveries: (typeof waterDelivery.$inferInsert)[] = [];
  const counters = new Map<number, number>();
  for (const outlet of reaches.filter((r) => r.kind === "outlet")) {
    const served = plots.filter((p) => p.outletId === outlet.id);
    if (served.length === 0) continue;
    const postId = postOf.get(outlet.id);
    const nextPlot = turnsByArea(served);
    // Day and night turns through the outlet's users: the outlet never stands idle.
    for (let start = season.from; start + 12 * HOUR_MS <= season.to; start += 12 * HOUR_MS) {
      const plot = nextPlot();
      const end = start + 12 * HOUR_MS;
      const flowLps = Math.round(season.flowAt(outlet.id, start));
      const measured = postId
        ? volumeInWindow(series.get(postId)!, start, end, { maxGapMinutes: DEFAULT_MAX_GAP_HOURS * 60 })
        : null;
      if (measured && measured.coveredSeconds === 0) continue;
      const year = Number(localDayOf(start, season.timeZone).slice(0, 4));
      const number = (counters.get(year) ?? 0) + 1;
      counters.set(year, number);
      const signedAt = new Date(end + 18 * HOUR_MS);
      deliveries.push({
        id: uuidv7(),
        orgId,
        outletId: outlet.id,
        waterUserId: plot.userId,
        plotId: plot.id,
        startedAt: new Date(start),
        endedAt: new Date(end),
        method: measured ? "gauge" : "time-and-flow",
        volumeM3: measured ? measured.volumeM3 : (flowLps * 12 * 3600) / 1000,
        flowLps: measured ? null : flowLps,
        gapSeconds: measured ? 12 * 3600 - measured.coveredSeconds : null,
        actNumber: `${year}-${String(number).padStart(6, "0")}`,
        // The last fortnight's acts are still with the water master, unsigned.
        signedOn: end < season.to - 14 * 24 * HOUR_MS ? localDayOf(signedAt, season.timeZone) : null,
        recordedBy: waterMasterId,
      });
    }
  }
  await bulkInsert(tx, waterDelivery, deliveries);
  for (const [year, last] of counters) {
    await tx
      .insert(waterCounter)
      .values({ orgId, series: `delivery-act:${year}`, last })
      .onConflictDoUpdate({
        target: [waterCounter.orgId, waterCounter.series],
        set: { last: sql`excluded.last` },
      });
  }
}

interface DemoPlot {
  id: string;
  userId: string;
  outletId: string;
  areaHa: number;
}

/**
 * Whose the outlet's next turn is: each plot's turns in proportion to its area, as a water master
 * gives a turn's hours by the hectares (where every plot had as many turns, a 0.3 ha garden took
 * 32,000 m³ a hectare and paid 6,300 som a hectare for it), less towards the tail: the head plot
 * gets 10 % above its share and the last 10 % below, as water runs short at a canal's end. The
 * plot furthest behind its share goes next (smooth weighted round-robin), so turns are spread
 * through the season.
 */
function turnsByArea(served: readonly DemoPlot[]): () => DemoPlot {
  const tilt = (i: number) => (served.length > 1 ? 1.1 - (0.2 * i) / (served.length - 1) : 1);
  const weights = served.map((p, i) => p.areaHa * tilt(i));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const credit = served.map(() => 0);
  return () => {
    let next = 0;
    for (let i = 0; i < served.length; i++) {
      credit[i]! += weights[i]!;
      if (credit[i]! > credit[next]!) next = i;
    }
    credit[next]! -= total;
    return served[next]!;
  };
}

/**
 * Each reach's flow at the height of the season: an outlet takes what its plots need, and a canal
 * carries what the reaches it feeds take plus what it loses on the way (its efficiency). So the
 * demo's balance, plan and deliveries agree: a canal whose outlets serve no one carries no water.
 */
function peakFlows(reaches: readonly (typeof canalReach.$inferSelect)[], plots: readonly DemoPlot[]) {
  const served = new Map<string, number>();
  for (const plot of plots) served.set(plot.outletId, (served.get(plot.outletId) ?? 0) + plot.areaHa);
  const peak = new Map<string, number>();
  const flowOf = (reach: typeof canalReach.$inferSelect): number => {
    const fed = reaches.filter((r) => r.parentId === reach.id).reduce((sum, r) => sum + flowOf(r), 0);
    const flow = ((served.get(reach.id) ?? 0) * PEAK_LPS_PER_HA + fed) / (reach.efficiency || 1);
    peak.set(reach.id, flow);
    return flow;
  };
  for (const root of reaches.filter((r) => r.parentId === null)) flowOf(root);
  return peak;
}

/** The level at which a device gives a flow: bisection, since every device's flow rises with the level. */
function levelFor(gauge: GaugeStructure, flowLps: number): number {
  let lo = gauge.kind === "rating-table" ? gauge.points[0]!.levelM : 0;
  let hi = gauge.kind === "rating-table" ? gauge.points.at(-1)!.levelM : 3;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    let q: number;
    try {
      q = dischargeLps(gauge, mid);
    } catch {
      q = Number.POSITIVE_INFINITY; // beyond what the device can measure: too high
    }
    if (q < flowLps) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A small deterministic generator (mulberry32), so the demo is the same on every machine. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The minimal network, users and season this demo needs when no other part of the demo made them. */
async function ensureNetwork(tx: Tx, orgId: string) {
  const [any] = await tx
    .select({ id: canalReach.id })
    .from(canalReach)
    .where(eq(canalReach.orgId, orgId))
    .limit(1);
  if (!any) {
    const ids = Object.fromEntries(
      ["БК", "МК-1", "МК-2", "В-1", "В-2", "В-3", "В-4"].map((c) => [c, uuidv7()]),
    );
    const reach = (
      code: string,
      name: string,
      kind: "head" | "main" | "outlet",
      parent: string | null,
      capacityLps: number,
    ) => ({
      id: ids[code]!,
      orgId,
      code,
      name,
      kind,
      parentId: parent ? ids[parent]! : null,
      capacityLps,
      efficiency: kind === "outlet" ? 1 : 0.9,
      lining: "earth" as const,
    });
    await tx
      .insert(canalReach)
      .values([
        reach("БК", "Баш суу алгыч «Көк-Арт»", "head", null, 420),
        reach("МК-1", "Чоң арык", "main", "БК", 220),
        reach("МК-2", "Жаңы арык", "main", "БК", 170),
        reach("В-1", "Чоң арык, 1-суу бөлгүч", "outlet", "МК-1", 80),
        reach("В-2", "Чоң арык, 2-суу бөлгүч", "outlet", "МК-1", 100),
        reach("В-3", "Жаңы арык, 1-суу бөлгүч", "outlet", "МК-2", 80),
        reach("В-4", "Жаңы арык, 2-суу бөлгүч", "outlet", "МК-2", 70),
      ]);
    const post = (code: string, reachCode: string, name: string, gauge: GaugeStructure) => ({
      id: uuidv7(),
      orgId,
      reachId: ids[reachCode]!,
      code,
      name,
      kind: "gauging-post" as const,
      gauge,
    });
    await tx.insert(canalStructure).values([
      post("ГП-1", "БК", "Баш гидропост (Паршалл 1 фут)", { kind: "parshall-flume", throatWidthM: 0.3048 }),
      post("ГП-2", "МК-1", "Чоң арык гидропосту", { kind: "cipoletti-weir", crestWidthM: 0.6 }),
      post("ГП-3", "МК-2", "Жаңы арык гидропосту", {
        kind: "rectangular-weir",
        crestWidthM: 0.6,
        contracted: true,
      }),
      post("ГП-4", "В-1", "1-суу бөлгүчтүн гидропосту", { kind: "v-notch-90" }),
    ]);
    const names: [string, string][] = [
      ["Абдыкадыров", "Бакыт"],
      ["Мамытова", "Айжан"],
      ["Сатыбалдиев", "Эрмек"],
      ["Токтогулова", "Нургүл"],
      ["Жээнбеков", "Улан"],
      ["Курманалиева", "Бурул"],
      ["Орозбеков", "Азамат"],
      ["Эсенова", "Чолпон"],
    ];
    const users = names.map(([surname, givenName], i) => ({
      id: uuidv7(),
      orgId,
      number: i + 1,
      kind: "person" as const,
      surname,
      givenName,
      displayName: `${surname} ${givenName}`,
    }));
    await tx.insert(waterUser).values(users);
    await tx.insert(irrigatedPlot).values(
      users.map((u, i) => ({
        id: uuidv7(),
        orgId,
        waterUserId: u.id,
        outletId: ids[`В-${(i % 4) + 1}`]!,
        areaHa: 1 + ((i * 7) % 5) * 0.5,
        tenure: "own" as const,
        cadastralNumber: `4-07-${String(i + 1).padStart(3, "0")}`,
      })),
    );
  }
  const [existing] = await tx.select({ id: season.id }).from(season).where(eq(season.orgId, orgId)).limit(1);
  if (!existing) {
    await tx.insert(season).values({
      id: uuidv7(),
      orgId,
      year: 2026,
      name: "2026",
      startsOn: "2026-04-01",
      endsOn: "2026-09-30",
    });
  }
}
