import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { AllocationPolicy, WaterUserDemand } from "../../domain/allocation/model.js";
import { allocateInSpans, type PeriodSpan, periodSpans } from "../../domain/allocation/spans.js";
import { plannedDemandInPeriod } from "../../domain/planning/period-demand.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { loadPlan } from "../planning/plans.js";
import { type Actor, type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, rows, type Tx } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { flagCodesOfLinkedPeople } from "../registry/shared-flags.js";
import {
  confirmedLinks,
  listedWaterUsers,
  networkInService,
  type OutletUserFact,
  usersAtOutlets,
} from "../water/allocation-facts.js";
import { loadSeason } from "../water/seasons.js";
import {
  allocationRun,
  allocationShare,
  type DemandRule,
  type GuaranteeRule,
  type RunReach,
} from "./tables.js";

/** m³ that one l/s carries in a day. */
const M3_PER_LPS_DAY = 86.4;

/** The days of a period, its first and last included. */
export const periodDays = (fromDay: string, toDay: string) =>
  Math.round((Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000) + 1;

export interface NewRun {
  seasonId: string;
  fromDay: string;
  toDay: string;
  policy: AllocationPolicy;
  supplyM3: number;
  demand: { kind: "plan"; planId: string } | { kind: "norm"; m3PerHa: number };
  /** Without user ids, the guarantee goes to the users whose linked household is flagged vulnerable. */
  guarantee?: { share: number; waterUserIds?: string[] } | null;
  note?: string | null;
}

/**
 * The vulnerability flag codes of each linked water user's household on a day. The links are read
 * in the provider's transaction, the flags in the register's own (see registry/shared-flags.ts).
 */
export async function flagsOfWaterUsers(database: Database, actor: Actor, onDay: string) {
  const links = await withTenant(database, actor, (tx) => confirmedLinks(tx, actor.orgId));
  const codes = await flagCodesOfLinkedPeople(database, links, onDay);
  return new Map(links.map((l) => [l.waterUserId, codes.get(`${l.municipalityOrgId}:${l.personId}`) ?? []]));
}

/**
 * Allocates the period's water at the head over the network in service, to the users with plots
 * at its outlets, and keeps the inputs with the result. A draft until published.
 */
export async function createRun(database: Database, ctx: RequestContext, input: NewRun) {
  const actor = requireActor(ctx);
  let guarantee: GuaranteeRule | null = null;
  if (input.guarantee) {
    const listed = input.guarantee.waterUserIds;
    const flags = listed ? null : await flagsOfWaterUsers(database, actor, input.fromDay);
    guarantee = {
      share: input.guarantee.share,
      basis: listed ? "listed" : "vulnerable",
      waterUserIds: listed ?? [...flags!].filter(([, codes]) => codes.length > 0).map(([id]) => id),
    };
  }
  return withTenant(database, actor, async (tx) => {
    const season = await loadSeason(tx, actor.orgId, input.seasonId);
    if (input.toDay < input.fromDay) throw new DomainError("allocation.periodOrder");
    // The council's list is read as given: an id it holds that is no user of ours was a mistake,
    // not a user to leave out unsaid.
    // A user archived by the period's first day takes no water in it (usersAtOutlets), so their
    // guarantee would be dropped unsaid just the same; one archived later is guaranteed until then.
    const listed = await listedWaterUsers(
      tx,
      actor.orgId,
      input.guarantee?.waterUserIds ?? [],
      input.fromDay,
    );
    if (listed.unknown.length > 0)
      throw new DomainError("allocation.guaranteeUnknownUsers", {
        count: listed.unknown.length,
        ids: listed.unknown.join(", "),
      });
    if (listed.archived.length > 0)
      throw new DomainError("allocation.guaranteeArchivedUsers", {
        count: listed.archived.length,
        day: input.fromDay,
        users: listed.archived.map((u) => ({
          key: "errors.allocation.guaranteeArchivedUser",
          params: { number: u.number, date: u.archivedOn },
        })),
      });
    if (input.fromDay < season.startsOn || input.toDay > season.endsOn)
      throw new DomainError("allocation.periodOutsideSeason", { season: season.name });
    const days = periodDays(input.fromDay, input.toDay);
    const network = await networkInService(tx, actor.orgId, input.fromDay);
    if (network.length === 0) throw new DomainError("allocation.noNetwork");
    const atOutlets = await usersAtOutlets(tx, actor.orgId, input.fromDay);
    if (atOutlets.length === 0) throw new DomainError("allocation.noUsers");
    // A user archived part way through the period takes water until then: the period is cut where
    // they leave and each span allocated on its own (domain/allocation/spans.ts).
    const spans = periodSpans(
      input.fromDay,
      input.toDay,
      atOutlets.flatMap((u) => (u.archivedOn ? [u.archivedOn] : [])),
    );
    const guaranteed = new Set(guarantee?.waterUserIds ?? []);
    const { rule: demand, demandIn } = await demandOf(tx, actor.orgId, season.id, input, atOutlets);
    const shareId = (u: OutletUserFact) => `${u.waterUserId}@${u.outletId}`;
    const spanUsers = spans.map((span) => {
      const demandAt = demandIn(span);
      const users: WaterUserDemand[] = atOutlets
        .filter((u) => u.archivedOn === null || u.archivedOn > span.fromDay)
        .map((u) => {
          const demandM3 = demandAt(u);
          return {
            id: shareId(u),
            reach: u.outletId,
            demandM3,
            weight: u.areaHa,
            ...(guarantee && guaranteed.has(u.waterUserId)
              ? { guaranteeM3: demandM3 * guarantee.share }
              : {}),
          };
        });
      return { days: span.days, users };
    });
    const reaches = network.map((r) => ({
      id: r.id,
      parent: r.parentId,
      capacityM3: r.capacityLps * M3_PER_LPS_DAY * days,
      efficiency: r.efficiency,
    }));
    const result = allocateInSpans({
      policy: input.policy,
      supplyM3: input.supplyM3,
      reaches,
      spans: spanUsers,
    });
    const inflow = new Map(result.reaches.map((r) => [r.id, r.inflowM3]));
    const runReaches: RunReach[] = network.map((r, i) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      parentId: r.parentId,
      kind: r.kind,
      capacityLps: r.capacityLps,
      capacityM3: reaches[i]!.capacityM3,
      efficiency: r.efficiency,
      inflowM3: inflow.get(r.id) ?? 0,
    }));
    const runId = uuidv7();
    const [run] = await tx
      .insert(allocationRun)
      .values({
        id: runId,
        orgId: actor.orgId,
        seasonId: season.id,
        fromDay: input.fromDay,
        toDay: input.toDay,
        policy: input.policy,
        supplyM3: input.supplyM3,
        demand,
        guarantee,
        reaches: runReaches,
        spans: spans.length > 1 ? spans : null,
        status: "draft",
        createdBy: actor.userId,
        note: input.note ?? null,
      })
      .returning();
    // A user's demand and guarantee over the period are those of their spans.
    const asked = new Map<string, { demandM3: number; guaranteeM3: number | null }>();
    for (const u of spanUsers.flatMap((span) => span.users)) {
      const held = asked.get(u.id) ?? { demandM3: 0, guaranteeM3: null };
      asked.set(u.id, {
        demandM3: held.demandM3 + u.demandM3,
        guaranteeM3: u.guaranteeM3 === undefined ? held.guaranteeM3 : (held.guaranteeM3 ?? 0) + u.guaranteeM3,
      });
    }
    const byId = new Map(result.users.map((u) => [u.id, u]));
    await bulkInsert(
      tx,
      allocationShare,
      atOutlets.map((u) => {
        const share = byId.get(shareId(u))!;
        return {
          id: uuidv7(),
          orgId: actor.orgId,
          runId,
          waterUserId: u.waterUserId,
          outletId: u.outletId,
          areaHa: u.areaHa,
          ...asked.get(shareId(u))!,
          allocatedM3: share.allocatedM3,
          spanAllocatedM3: spans.length > 1 ? share.spansM3 : null,
          leftOn: u.archivedOn !== null && u.archivedOn <= input.toDay ? u.archivedOn : null,
          boundBy: share.boundBy,
        };
      }),
    );
    await recordAudit(tx, ctx, {
      action: "create",
      entity: "allocation_run",
      entityId: runId,
      after: { ...run, reaches: runReaches.length, shares: atOutlets.length },
    });
    return loadRun(tx, actor.orgId, runId);
  });
}

/** Each user's demand at each outlet for a span of the run's period, and the rule as recorded with the run. */
async function demandOf(
  tx: Tx,
  orgId: string,
  seasonId: string,
  input: NewRun,
  atOutlets: readonly OutletUserFact[],
): Promise<{ rule: DemandRule; demandIn: (span: PeriodSpan) => (u: OutletUserFact) => number }> {
  if (input.demand.kind === "norm") {
    const { m3PerHa } = input.demand;
    // The norm is for the period: a span takes its share by days.
    const days = periodDays(input.fromDay, input.toDay);
    return { rule: input.demand, demandIn: (span) => (u) => u.areaHa * m3PerHa * (span.days / days) };
  }
  const plan = await loadPlan(tx, orgId, input.demand.planId);
  if (plan.seasonId !== seasonId) throw new DomainError("allocation.planOfAnotherSeason");
  const userArea = new Map<string, number>();
  for (const u of atOutlets) userArea.set(u.waterUserId, (userArea.get(u.waterUserId) ?? 0) + u.areaHa);
  return {
    rule: { kind: "plan", planId: plan.id, planNumber: plan.planNumber },
    demandIn: (span) => {
      const planned = plannedDemandInPeriod(plan.result, span.fromDay, span.toDay);
      // A user's planned water is shared between their outlets by the area each serves.
      return (u) => ((planned.get(u.waterUserId) ?? 0) * u.areaHa) / userArea.get(u.waterUserId)!;
    },
  };
}

export async function listRuns(database: Database, ctx: RequestContext, seasonId?: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) =>
    rows<{
      id: string;
      seasonId: string;
      fromDay: string;
      toDay: string;
      policy: AllocationPolicy;
      supplyM3: number;
      status: string;
      demandM3: number;
      allocatedM3: number;
      users: number;
      createdAt: Date;
    }>(
      tx,
      sql`select r.id, r.season_id as "seasonId", r.from_day::text as "fromDay", r.to_day::text as "toDay",
            r.policy, r.supply_m3 as "supplyM3", r.status, r.created_at as "createdAt",
            coalesce(sum(s.demand_m3), 0)::float8 as "demandM3", coalesce(sum(s.allocated_m3), 0)::float8 as "allocatedM3",
            count(s.id)::int as users
          from allocation_run r left join allocation_share s on s.run_id = r.id
          where r.org_id = ${actor.orgId}${seasonId ? sql` and r.season_id = ${seasonId}` : sql``}
          group by r.id
          order by r.from_day desc, r.created_at desc
          limit 200`,
    ).then((runs) => runs.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }))),
  );
}

export async function getRun(database: Database, ctx: RequestContext, runId: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) => loadRun(tx, actor.orgId, runId));
}

export async function loadRun(tx: Tx, orgId: string, runId: string) {
  const [run] = await tx
    .select()
    .from(allocationRun)
    .where(and(eq(allocationRun.orgId, orgId), eq(allocationRun.id, runId)));
  if (!run) throw new DomainError("notFound.allocationRun");
  const shares = await rows<{
    waterUserId: string;
    number: number;
    displayName: string;
    outletId: string;
    areaHa: number;
    demandM3: number;
    guaranteeM3: number | null;
    allocatedM3: number;
    spanAllocatedM3: number[] | null;
    leftOn: string | null;
    boundBy: RunShareBound;
  }>(
    tx,
    sql`select s.water_user_id as "waterUserId", u.number, u.display_name as "displayName", s.outlet_id as "outletId",
          s.area_ha as "areaHa", s.demand_m3 as "demandM3", s.guarantee_m3 as "guaranteeM3",
          s.allocated_m3 as "allocatedM3", s.span_allocated_m3 as "spanAllocatedM3",
          s.left_on::text as "leftOn", s.bound_by as "boundBy"
        from allocation_share s join water_user u on u.id = s.water_user_id
        where s.org_id = ${orgId} and s.run_id = ${runId}
        order by s.outlet_id, u.number`,
  );
  return { ...run, shares };
}

/** A run as loaded, with its shares. */
export type Run = Awaited<ReturnType<typeof loadRun>>;

type RunShareBound = { kind: "demand" } | { kind: "reach"; reach: string } | { kind: "supply" };
