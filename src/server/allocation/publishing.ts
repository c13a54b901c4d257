import { and, eq, sql } from "drizzle-orm";
import { adjustTurn, buildRotationInSpans, type RotationSchedule } from "../../domain/allocation/rotation.js";
import type { PeriodSpan } from "../../domain/allocation/spans.js";
import { addDays } from "../../domain/billing/calendar.js";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { dayStartMs, formatLocalDateTime } from "../../domain/shared/local-time.js";
import { recordAudit } from "../audit/service.js";
import { enqueueSms } from "../messaging/outbox.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { withTenant } from "../platform/transactions.js";
import { listedWaterUsers } from "../water/allocation-facts.js";
import { loadRun, periodDays, type Run } from "./runs.js";
import { allocationRun, type ScheduleRule } from "./tables.js";

/** A run's period as it was cut where users left; one span where no one did. */
const spansOf = (run: Run): PeriodSpan[] =>
  run.spans ?? [{ fromDay: run.fromDay, toDay: run.toDay, days: periodDays(run.fromDay, run.toDay) }];

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
    const hours = periodDays(run.fromDay, run.toDay) * 24;
    if (!(input.cycleHours > 0 && input.cycleHours <= hours))
      throw new DomainError("allocation.cycleLength", { hours });
    await refuseWaterAfterArchive(tx, actor.orgId, run);
    const reachById = new Map(run.reaches.map((r) => [r.id, r]));
    const timeZone = actor.timeZone;
    // Each span's water is rotated in its days, the cycles' order going on across them: no turn
    // after a user has left.
    const spans = spansOf(run);
    const outlets = new Map<string, { id: string; spanM3: number[] }[]>();
    for (const s of run.shares) {
      if (!(s.allocatedM3 > 0)) continue;
      const list = outlets.get(s.outletId) ?? [];
      list.push({ id: s.waterUserId, spanM3: s.spanAllocatedM3 ?? [s.allocatedM3] });
      outlets.set(s.outletId, list);
    }
    const schedule = buildRotationInSpans({
      periodStart: new Date(dayStartMs(run.fromDay, timeZone)).toISOString(),
      spanHours: spans.map((span) => span.days * 24),
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
      outlets: [...outlets].map(([outletId, users]) => ({
        id: outletId,
        reach: outletId,
        flowLps: reachById.get(outletId)!.capacityLps,
        users,
      })),
    });
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
async function refuseWaterAfterArchive(tx: Tx, orgId: string, run: Run) {
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
  const nameOf = new Map(run.shares.map((s) => [s.waterUserId, s.displayName]));
  if (stale.length > 0)
    throw new DomainError("allocation.archivedSinceRun", {
      count: stale.length,
      users: stale.map((u) => ({
        key: "errors.allocation.archivedSinceRunUser",
        params: { number: u.number, name: nameOf.get(u.id) ?? "", date: u.archivedOn },
      })),
    });
}

async function queueTurnMessages(
  tx: Tx,
  ctx: RequestContext,
  run: Run,
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
    // A turn stays in the run's period, and a user archived since takes no water from that day on.
    const [left] = before ? (await listedWaterUsers(tx, actor.orgId, [before.user], run.toDay)).archived : [];
    const dayStart = (day: string) => new Date(dayStartMs(day, actor.timeZone)).toISOString();
    let schedule: RotationSchedule;
    try {
      schedule = adjustTurn(run.schedule, turnId, input, {
        periodStart: dayStart(run.fromDay),
        periodEnd: dayStart(addDays(run.toDay, 1)),
        userLeft: left ? dayStart(left.archivedOn) : null,
      });
    } catch (error) {
      // The domain names users by id and moments as instants; the water master reads names and days.
      if (!(error instanceof DomainError)) throw error;
      if (error.code === "rotation.outsidePeriod")
        throw new DomainError("rotation.outsidePeriod", { from: run.fromDay, to: run.toDay });
      if (error.code === "rotation.afterUserLeft" && left)
        throw new DomainError("rotation.afterUserLeft", { number: left.number, date: left.archivedOn });
      if (error.code !== "rotation.overlap") throw error;
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
