import { and, asc, eq, inArray } from "drizzle-orm";
import {
  type CanalThird,
  canalThirds,
  compareGroups,
  type DeliveryObservation,
  moldenGates,
  type UserDelivery,
} from "../../domain/allocation/equity.js";
import { DomainError } from "../../domain/shared/errors.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { withTenant } from "../platform/transactions.js";
import { deliveredByUser } from "../water/allocation-facts.js";
import { loadSeason } from "../water/seasons.js";
import { flagsOfWaterUsers } from "./runs.js";
import { allocationRun, allocationShare, type RunReach } from "./tables.js";

/** The flag a municipality sets on a household headed by a woman (registry/data/kg.json). */
const WOMEN_HEADED = "female-headed";

/**
 * Equity you can see, for a season or one of its periods: for every period that has an allocation, what users needed
 * (the run's demand), what the allocation gave them and what was measured as delivered; Molden &
 * Gates indicators of both; and the same measures for the head, middle and tail of each canal,
 * vulnerable households and the others, women-headed households and the others. Users without a
 * confirmed link to the register form their own group: nothing is guessed about them.
 */
export async function seasonEquity(
  database: Database,
  ctx: RequestContext,
  seasonId: string,
  runId?: string,
) {
  const actor = requireActor(ctx);
  const { season, runs, shares, delivered } = await withTenant(database, actor, async (tx) => {
    const season = await loadSeason(tx, actor.orgId, seasonId);
    const all = await tx
      .select()
      .from(allocationRun)
      .where(and(eq(allocationRun.orgId, actor.orgId), eq(allocationRun.seasonId, seasonId)))
      .orderBy(asc(allocationRun.fromDay), asc(allocationRun.createdAt));
    // The run that stands for a period: the latest published one, else the latest draft.
    const standing = new Map<string, (typeof all)[number]>();
    for (const run of all) {
      const key = `${run.fromDay}/${run.toDay}`;
      const held = standing.get(key);
      if (!held || run.status === "published" || held.status !== "published") standing.set(key, run);
    }
    // One period (a decade) of the season, or all of them.
    const runs = [...standing.values()].filter((run) => runId === undefined || run.id === runId);
    if (runId !== undefined && runs.length === 0) throw new DomainError("notFound.allocationRun");
    const shares = runs.length
      ? await tx
          .select()
          .from(allocationShare)
          .where(
            and(
              eq(allocationShare.orgId, actor.orgId),
              inArray(
                allocationShare.runId,
                runs.map((r) => r.id),
              ),
            ),
          )
      : [];
    const delivered = new Map<string, number>();
    for (const run of runs)
      for (const d of await deliveredByUser(tx, actor.orgId, run.fromDay, run.toDay))
        delivered.set(`${run.id}|${d.waterUserId}@${d.outletId}`, d.deliveredM3);
    return { season, runs, shares, delivered };
  });
  // Flags as they stand at the season's end, or today (the WUA's) while it runs (ISO days sort as text).
  const asOf = [organisationToday(ctx), season.endsOn].sort()[0]!;
  const flags = await flagsOfWaterUsers(database, actor, asOf);

  const thirdOf = outletThirds(runs.at(-1)?.reaches ?? []);
  const deliveredOf = (s: (typeof shares)[number]) =>
    delivered.get(`${s.runId}|${s.waterUserId}@${s.outletId}`) ?? 0;
  const planned: DeliveryObservation[] = [];
  const measured: DeliveryObservation[] = [];
  // One row per user and outlet over the season: groups count users, and depth is the season's.
  const rows = new Map<
    string,
    UserDelivery & { third: CanalThird; vulnerability: string; womenHeaded: string }
  >();
  for (const s of shares) {
    const place = `${s.waterUserId}@${s.outletId}`;
    planned.push({ place, period: s.runId, deliveredM3: s.allocatedM3, requiredM3: s.demandM3 });
    measured.push({ place, period: s.runId, deliveredM3: deliveredOf(s), requiredM3: s.demandM3 });
    const row = rows.get(place);
    if (row) {
      row.deliveredM3 += deliveredOf(s);
      row.requiredM3 += s.demandM3;
      continue;
    }
    const codes = flags.get(s.waterUserId);
    rows.set(place, {
      group: "",
      deliveredM3: deliveredOf(s),
      requiredM3: s.demandM3,
      areaHa: s.areaHa,
      third: thirdOf.get(s.outletId) ?? "head",
      vulnerability: codes === undefined ? "not-linked" : codes.length > 0 ? "vulnerable" : "other",
      womenHeaded:
        codes === undefined ? "not-linked" : codes.includes(WOMEN_HEADED) ? "women-headed" : "other",
    });
  }
  const by = (key: "third" | "vulnerability" | "womenHeaded") =>
    compareGroups([...rows.values()].map((r) => ({ ...r, group: r[key] })));
  return {
    season: { id: season.id, name: season.name, startsOn: season.startsOn, endsOn: season.endsOn },
    periods: runs.map((run) => {
      const own = shares.filter((s) => s.runId === run.id);
      return {
        runId: run.id,
        fromDay: run.fromDay,
        toDay: run.toDay,
        status: run.status,
        requiredM3: sum(own.map((s) => s.demandM3)),
        allocatedM3: sum(own.map((s) => s.allocatedM3)),
        deliveredM3: sum(own.map(deliveredOf)),
      };
    }),
    planned: moldenGates(planned),
    delivered: moldenGates(measured),
    groups: { thirds: by("third"), vulnerability: by("vulnerability"), womenHeaded: by("womenHeaded") },
    users: new Set(shares.map((s) => s.waterUserId)).size,
    linkedUsers: new Set(shares.map((s) => s.waterUserId).filter((id) => flags.has(id))).size,
  };
}

export type SeasonEquity = Awaited<ReturnType<typeof seasonEquity>>;

/**
 * Head, middle and tail outlets of each canal: the outlets fed by one reach, in the order of their
 * codes (WUAs number outlets from the head down).
 */
function outletThirds(reaches: readonly RunReach[]): Map<string, CanalThird> {
  const byParent = new Map<string, RunReach[]>();
  for (const r of reaches) {
    if (r.kind !== "outlet" || r.parentId === null) continue;
    byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  }
  const thirds = new Map<string, CanalThird>();
  for (const outlets of byParent.values()) {
    const ordered = outlets
      .sort((a, b) => a.code.localeCompare(b.code, "ru", { numeric: true }))
      .map((o) => o.id);
    for (const [id, third] of canalThirds(ordered)) thirds.set(id, third);
  }
  return thirds;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
