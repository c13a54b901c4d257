import { and, desc, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { EffectiveRainMethod } from "../../domain/planning/effective-rain.js";
import { seasonDecades } from "../../domain/planning/requirement.js";
import { type PlanLine, seasonClimate, seasonPlan } from "../../domain/planning/season-plan.js";
import { decadeRange } from "../../domain/shared/decade.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import { lockKey } from "../platform/transactions.js";
import { networkReaches, seasonContracts } from "../water/planning-facts.js";
import { kcWeather, loadStation, stationDays, stationNormals } from "./climate.js";
import { cropsForPlanning } from "./crops.js";
import { loadSeason, openSeason, requestLines } from "./requests.js";
import { waterPlan } from "./tables.js";

export interface PlanInput {
  stationId: string;
  rainMethod: EffectiveRainMethod;
  note: string | null;
}

/**
 * Makes a new version of the season's plan from the requests as they stand, the station's weather
 * (daily records where a decade has them all, normals elsewhere) and the canal network. Earlier
 * versions are kept unchanged: a plan that went to the district water department stays on record.
 */
export async function makePlan(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  seasonId: string,
  input: PlanInput,
) {
  const actor = requireActor(ctx);
  const season = await openSeason(tx, orgId, seasonId);
  await loadStation(tx, orgId, input.stationId);
  // One after another: a transaction's connection runs one query at a time (pg queues a second
  // one only with a deprecation warning, and pg 9 will refuse it).
  const lines = await requestLines(tx, orgId, seasonId);
  const contracts = await seasonContracts(tx, orgId, seasonId);
  const reaches = await networkReaches(tx, orgId);
  const crops = await cropsForPlanning(tx, orgId);
  const days = await stationDays(tx, orgId, input.stationId, season.startsOn, season.endsOn);
  const normals = await stationNormals(tx, orgId, input.stationId);
  if (lines.length === 0) throw new DomainError("planning.noRequests");
  const plots = new Map(
    contracts.flatMap((c) => c.plots.map((p) => [p.plotId, { ...p, contract: c }] as const)),
  );
  const planLines: PlanLine[] = lines.map((line) => {
    const plot = plots.get(line.plotId);
    // The contract changed after the request was made: the request must be looked at again.
    if (!plot || plot.contract.waterUserId !== line.waterUserId)
      throw new DomainError("planning.requestOutdated", { plotId: line.plotId });
    return {
      waterUserId: line.waterUserId,
      waterUserName: `${plot.contract.waterUserNumber}. ${plot.contract.waterUserName}`,
      outletId: plot.outletId,
      cropping: {
        areaHa: line.areaHa,
        crop: crops.get(line.cropCode)!,
        plantingDate: line.plantingDate,
        method: line.irrigationMethod,
      },
    };
  });
  const climate = seasonClimate(season.startsOn, season.endsOn, days, normals);
  // Eq. 62 looks at each crop's own mid and late stages, which may reach beyond the season.
  const spans = planLines.flatMap((l) => seasonDecades(l.cropping).map(decadeRange));
  const firsts = [season.startsOn, ...spans.map((r) => r.first)].sort();
  const lasts = [season.endsOn, ...spans.map((r) => r.last)].sort();
  const kcDays = await kcWeather(tx, input.stationId, firsts[0]!, lasts.at(-1)!);
  const result = seasonPlan(climate, planLines, reaches, input.rainMethod, { days: kcDays, normals });

  await lockKey(tx, `water-plan:${seasonId}`);
  const [last] = await tx
    .select({ n: sql<number>`coalesce(max(${waterPlan.planNumber}), 0)::int` })
    .from(waterPlan)
    .where(and(eq(waterPlan.orgId, orgId), eq(waterPlan.seasonId, seasonId)));
  const [created] = await tx
    .insert(waterPlan)
    .values({
      id: uuidv7(),
      orgId,
      seasonId,
      planNumber: (last?.n ?? 0) + 1,
      stationId: input.stationId,
      rainMethod: input.rainMethod,
      note: input.note,
      madeBy: actor.userId,
      madeAt: new Date(),
      headTotalM3: result.headTotalM3,
      result,
    })
    .returning();
  const { result: _, ...summary } = created!;
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "water_plan",
    entityId: created!.id,
    after: summary,
  });
  return created!;
}

const planSummary = {
  id: waterPlan.id,
  seasonId: waterPlan.seasonId,
  planNumber: waterPlan.planNumber,
  stationId: waterPlan.stationId,
  rainMethod: waterPlan.rainMethod,
  note: waterPlan.note,
  madeAt: waterPlan.madeAt,
  headTotalM3: waterPlan.headTotalM3,
};

export async function listPlans(tx: Tx, orgId: string, seasonId: string) {
  await loadSeason(tx, orgId, seasonId);
  return tx
    .select(planSummary)
    .from(waterPlan)
    .where(and(eq(waterPlan.orgId, orgId), eq(waterPlan.seasonId, seasonId)))
    .orderBy(desc(waterPlan.planNumber));
}

export async function loadPlan(tx: Tx, orgId: string, planId: string) {
  const [row] = await tx
    .select()
    .from(waterPlan)
    .where(and(eq(waterPlan.orgId, orgId), eq(waterPlan.id, planId)));
  if (!row) throw new DomainError("notFound.plan");
  // A plan stored before Kc was adjusted per crop stage (December 2026) has no adjustments listed.
  return { ...row, result: { ...row.result, kcAdjustments: row.result.kcAdjustments ?? [] } };
}
