import { and, eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { AllocationPolicy, WaterUserDemand } from "../../domain/allocation/model.js";
import { adjustTurn, buildRotationInSpans, type RotationSchedule } from "../../domain/allocation/rotation.js";
import { allocateInSpans, type PeriodSpan, periodSpans } from "../../domain/allocation/spans.js";
import type { Locale } from "../../domain/places/units.js";
import { plannedDemandInPeriod } from "../../domain/planning/period-demand.js";
import { DomainError } from "../../domain/shared/errors.js";
import { dayStartMs, formatLocalDateTime } from "../../domain/shared/local-time.js";
import { recordAudit } from "../audit/service.js";
import { enqueueSms } from "../messaging/outbox.js";
import { loadPlan } from "../planning/plans.js";
import { type Actor, type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, rows, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
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
  type ScheduleRule,
} from "./tables.js";

/** m³ that one l/s carries in a day. */
const M3_PER_LPS_DAY = 86.4;

const daysBetween = (fromDay: string, toDay: string) =>
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
    const days = daysBetween(input.fromDay, input.toDay);
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
    const days = daysBetween(input.fromDay, input.toDay);
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

async function loadRun(tx: Tx, orgId: string, runId: string) {
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
    boundBy: RunShareBound;
  }>(
    tx,
    sql`select s.water_user_id as "waterUserId", u.number, u.display_name as "displayName", s.outlet_id as "outletId",
          s.area_ha as "areaHa", s.demand_m3 as "demandM3", s.guarantee_m3 as "guaranteeM3",
          s.allocated_m3 as "allocatedM3", s.span_allocated_m3 as "spanAllocatedM3", s.bound_by as "boundBy"
        from allocation_share s join water_user u on u.id = s.water_user_id
        where s.org_id = ${orgId} and s.run_id = ${runId}
        order by s.outlet_id, u.number`,
  );
  return { ...run, shares };
}

/** A run's period as it was cut where users left; one span where no one did. */
const spansOf = (run: Awaited<ReturnType<typeof loadRun>>): PeriodSpan[] =>
  run.spans ?? [{ fromDay: run.fromDay, toDay: run.toDay, days: daysBetween(run.fromDay, run.toDay) }];

type RunShareBound = { kind: "demand" } | { kind: "reach"; reach: string } | { kind: "supply" };

/**
 * Publishes a run: builds its rotation schedule (turns head to tail on every outlet, shifted each
 * cycle so night turns move round) and queues each user's turns by SMS in their language.
 */
export async function publishRun(
  database: Database,
  ctx: RequestContext,
  runId: string,
  input: ScheduleRule & { version: number },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const run = await loadRun(tx, actor.orgId, runId);
    if (run.status === "published") throw new DomainError("allocation.alreadyPublished");
    const hours = daysBetween(run.fromDay, run.toDay) * 24;
    if (!(input.cycleHours > 0 && input.cycleHours <= hours))
      throw new DomainError("allocation.cycleLength", { hours });
    await refuseWaterAfterArchive(tx, actor.orgId, run);
    const reachById = new Map(run.reaches.map((r) => [r.id, r]));
    const timeZone = actor.timeZone;
    // Each span of the period rotates the water its users have in it: no turn after one has left.
    const spans = spansOf(run);
    const schedule = buildRotationInSpans(
      {
        cycleHours: input.cycleHours,
        shiftHours: input.shiftHours,
        // The head's water for the period, arriving at a steady flow.
        supplyLps: (run.supplyM3 * 1000) / (hours * 3600),
        reaches: run.reaches.map((r) => ({
          id: r.id,
          parent: r.parentId,
          capacityLps: r.capacityLps,
          efficiency: r.efficiency,
        })),
      },
      spans.map((span, i) => {
        const outlets = new Map<string, { id: string; volumeM3: number }[]>();
        for (const s of run.shares) {
          const volumeM3 = s.spanAllocatedM3?.[i] ?? s.allocatedM3;
          if (volumeM3 <= 0) continue;
          const list = outlets.get(s.outletId) ?? [];
          list.push({ id: s.waterUserId, volumeM3 });
          outlets.set(s.outletId, list);
        }
        return {
          start: new Date(dayStartMs(span.fromDay, timeZone)).toISOString(),
          hours: span.days * 24,
          outlets: [...outlets].map(([outletId, users]) => ({
            id: outletId,
            reach: outletId,
            flowLps: reachById.get(outletId)!.capacityLps,
            users,
          })),
        };
      }),
    );
    const [after] = await tx
      .update(allocationRun)
      .set({
        status: "published",
        scheduleRule: { cycleHours: input.cycleHours, shiftHours: input.shiftHours },
        schedule,
        publishedAt: new Date(),
        publishedBy: actor.userId,
        version: sql`${allocationRun.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(allocationRun.id, runId), eq(allocationRun.version, input.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: run.version });
    const queued = await queueTurnMessages(tx, ctx, run, schedule, timeZone);
    await recordAudit(tx, ctx, {
      action: "publish",
      entity: "allocation_run",
      entityId: runId,
      before: { status: run.status, version: run.version },
      after: { status: after.status, version: after.version, turns: schedule.turns.length, sms: queued },
    });
    return { ...(await loadRun(tx, actor.orgId, runId)), smsQueued: queued };
  });
}

/**
 * A draft made before a user was archived gives them water after they left: its turns would be
 * sent and kept. Their water belongs to the others then, so the run is made again, not published.
 */
async function refuseWaterAfterArchive(tx: Tx, orgId: string, run: Awaited<ReturnType<typeof loadRun>>) {
  const spans = spansOf(run);
  const { archived } = await listedWaterUsers(
    tx,
    orgId,
    [...new Set(run.shares.map((s) => s.waterUserId))],
    run.toDay,
  );
  const stale = archived.filter((u) =>
    run.shares.some(
      (s) =>
        s.waterUserId === u.id &&
        spans.some((span, i) => span.toDay >= u.archivedOn && (s.spanAllocatedM3?.[i] ?? s.allocatedM3) > 0),
    ),
  );
  if (stale.length > 0)
    throw new DomainError("allocation.archivedSinceRun", {
      count: stale.length,
      users: stale.map((u) => ({
        key: "errors.allocation.guaranteeArchivedUser",
        params: { number: u.number, date: u.archivedOn },
      })),
    });
}

async function queueTurnMessages(
  tx: Tx,
  ctx: RequestContext,
  run: Awaited<ReturnType<typeof loadRun>>,
  schedule: RotationSchedule,
  timeZone: string,
): Promise<number> {
  const clock = (at: string) => formatLocalDateTime(at, timeZone, false);
  const contacts = await rows<{ id: string; phone: string | null; locale: Locale }>(
    tx,
    sql`select id, phone, locale from water_user where id in (select water_user_id from allocation_share where run_id = ${run.id})`,
  );
  const outletCode = new Map(run.reaches.map((r) => [r.id, r.code]));
  const now = Date.now();
  let queued = 0;
  for (const user of contacts) {
    if (!user.phone) continue;
    // Only turns still to come: a run published for a past decade (put on record) tells no one.
    const turns = schedule.turns
      .filter((t) => t.user === user.id && Date.parse(t.end) > now)
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
    if (turns.length === 0) continue;
    const body = translate(user.locale, "sms.turns", {
      outlet: outletCode.get(turns[0]!.outlet) ?? "",
      turns: turns
        .slice(0, 4)
        .map((t) => `${clock(t.start)}–${clock(t.end).slice(6)}`)
        .join(", "),
      more: turns.length > 4 ? ` (+${turns.length - 4})` : "",
    });
    await enqueueSms(tx, ctx, {
      to: user.phone,
      body,
      locale: user.locale,
      purpose: "rotation",
      refEntity: "allocation_run",
      refId: run.id,
      idempotencyKey: `rotation:${run.id}:${user.id}`,
    });
    queued++;
  }
  return queued;
}

/** A water master moves or lengthens one turn; it is flagged manual, and an overlap is refused. */
export async function changeTurn(
  database: Database,
  ctx: RequestContext,
  runId: string,
  turnId: string,
  input: { start?: string; durationHours?: number; version: number },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const run = await loadRun(tx, actor.orgId, runId);
    if (!run.schedule) throw new DomainError("allocation.notPublished");
    const before = run.schedule.turns.find((t) => t.id === turnId);
    let schedule: RotationSchedule;
    try {
      schedule = adjustTurn(run.schedule, turnId, input);
    } catch (error) {
      // The domain names the other turn's user by id; the water master knows them by name.
      if (!(error instanceof DomainError) || error.code !== "rotation.overlap") throw error;
      const other = run.shares.find((s) => s.waterUserId === error.params.user);
      throw new DomainError("rotation.overlap", {
        ...error.params,
        user: other ? `№${other.number} ${other.displayName}` : String(error.params.user),
      });
    }
    const [after] = await tx
      .update(allocationRun)
      .set({ schedule, version: sql`${allocationRun.version} + 1`, updatedAt: new Date() })
      .where(and(eq(allocationRun.id, runId), eq(allocationRun.version, input.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: run.version });
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "allocation_turn",
      entityId: runId,
      before,
      after: schedule.turns.find((t) => t.id === turnId),
    });
    return loadRun(tx, actor.orgId, runId);
  });
}
