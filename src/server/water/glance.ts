import { sql } from "drizzle-orm";
import type { RotationSchedule } from "../../domain/allocation/rotation.js";
import { DomainError } from "../../domain/shared/errors.js";
import { daysWindow } from "../../domain/shared/local-time.js";
import { actorAllows } from "../access/roles.js";
import { collectionReport, debtors } from "../billing/reports.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { signedContractIn } from "./users.js";

/** Today's turns a home page lists at most; the run's page has them all. */
export const GLANCE_TURNS = 50;

/**
 * A water provider's season at a glance, for its home page: the season that holds the day (or the
 * last one begun), its users and contracts, the water received and delivered, the acts still to
 * sign, the day's turns of published schedules, and, for those who read billing, what was
 * collected and who is behind.
 */
export async function waterGlance(database: Database, ctx: RequestContext, on: string) {
  const actor = requireActor(ctx);
  const orgId = actor.orgId;
  const [current = null] = await withTenant(database, actor, (tx) =>
    rows<Season>(
      tx,
      sql`select id, name, starts_on::text as "startsOn", ends_on::text as "endsOn" from season
          where org_id = ${orgId}
          order by starts_on > ${on}::date, case when starts_on <= ${on}::date then starts_on end desc, starts_on
          limit 1`,
    ),
  );
  // The session already carries the organisation's clock.
  const timeZone = actor.timeZone;
  // The water's figures and the money's are read side by side, each in its own transaction: on a
  // server's pool the home page waits for the slower of them, not for both.
  const [water, billing] = await Promise.all([
    withTenant(database, actor, (tx) => waterFigures(tx, orgId, current, on, timeZone)),
    current && actorAllows(actor, "billing.read") ? billingGlance(database, ctx, current.id, on) : null,
  ]);
  return { on, season: current, ...water, billing };
}

interface Season {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

/** Users and contracts, the season's water received and delivered, acts to sign, the day's turns. */
async function waterFigures(tx: Tx, orgId: string, current: Season | null, on: string, timeZone: string) {
  const [users] = await rows<{ active: number; contracted: number }>(
    tx,
    sql`select count(*)::int as active,
          count(*) filter (where ${signedContractIn(current?.id ?? null)})::int as contracted
        from water_user where org_id = ${orgId} and archived_on is null`,
  );
  const turns = await todaysTurns(tx, orgId, on, daysWindow(on, on, timeZone));
  if (!current) return { waterUsers: users!.active, turns };
  const [contracts] = await rows<{ signed: number; draft: number }>(
    tx,
    sql`select count(*) filter (where status = 'signed')::int as signed,
          count(*) filter (where status = 'draft')::int as draft
        from water_contract where org_id = ${orgId} and season_id = ${current.id}`,
  );
  const window = daysWindow(current.startsOn, current.endsOn, timeZone);
  const [delivered] = await rows<{ acts: number; volumeM3: number; unsigned: number }>(
    tx,
    sql`select count(*)::int as acts, coalesce(sum(volume_m3), 0) as "volumeM3",
          count(*) filter (where signed_on is null)::int as unsigned
        from water_delivery
        where org_id = ${orgId} and voided_at is null
          and started_at >= ${new Date(window.fromMs)} and started_at < ${new Date(window.toMs)}`,
  );
  const [received] = await rows<{ volumeM3: number | null }>(
    tx,
    sql`select sum(volume_m3) as "volumeM3" from head_receipt
        where org_id = ${orgId} and voided_at is null
          and from_day >= ${current.startsOn}::date and to_day <= ${current.endsOn}::date`,
  );
  return {
    waterUsers: users!.active,
    withoutContract: users!.active - users!.contracted,
    contracts: contracts!,
    deliveries: delivered!,
    receivedM3: received!.volumeM3,
    turns,
  };
}

/** The day's turns of published schedules, in the order they start, with their outlet and user. */
async function todaysTurns(tx: Tx, orgId: string, on: string, day: { fromMs: number; toMs: number }) {
  const runs = await rows<{ id: string; schedule: RotationSchedule | null }>(
    tx,
    sql`select id, schedule from allocation_run
        where org_id = ${orgId} and status = 'published' and from_day <= ${on}::date and to_day >= ${on}::date`,
  );
  const today = runs.flatMap((run) =>
    (run.schedule?.turns ?? [])
      .filter((turn) => Date.parse(turn.start) < day.toMs && Date.parse(turn.end) > day.fromMs)
      .map((turn) => ({ runId: run.id, ...turn })),
  );
  today.sort((a, b) => a.start.localeCompare(b.start) || a.outlet.localeCompare(b.outlet));
  const shown = today.slice(0, GLANCE_TURNS);
  const names = await rows<{ id: string; label: string }>(
    tx,
    sql`select id, code || ' ' || name as label from canal_reach
          where org_id = ${orgId} and id = any(${sql.param([...new Set(shown.map((t) => t.outlet))])}::uuid[])
        union all
        select id, number || '. ' || display_name from water_user
          where org_id = ${orgId} and id = any(${sql.param([...new Set(shown.map((t) => t.user))])}::uuid[])`,
  );
  const label = new Map(names.map((n) => [n.id, n.label]));
  return {
    total: today.length,
    items: shown.map((turn) => ({
      runId: turn.runId,
      outlet: label.get(turn.outlet) ?? "",
      waterUser: label.get(turn.user) ?? "",
      start: turn.start,
      end: turn.end,
      volumeM3: turn.volumeM3,
    })),
  };
}

/** What was collected of the season's charges, and who is behind on the day. */
async function billingGlance(database: Database, ctx: RequestContext, seasonId: string, on: string) {
  // Two reads of their own (each its transaction), side by side on a server's pool.
  const [collection, behind] = await Promise.all([
    collectionReport(database, ctx, seasonId).catch((error: unknown) => {
      // A season billing has no period for (billing not set up yet) has nothing collected to show.
      if (error instanceof DomainError && error.code === "notFound.season") return null;
      throw error;
    }),
    debtors(database, ctx, { asOf: on }),
  ]);
  const overdue = behind.items.filter((d) => d.total - d.notDue > 0);
  return {
    chargedTyiyn: collection?.total.chargedTyiyn ?? 0,
    paidTyiyn: collection?.total.paidTyiyn ?? 0,
    ratePercent: collection?.total.ratePercent ?? null,
    debtors: overdue.length,
    overdueTyiyn: behind.totals.total - behind.totals.notDue,
  };
}
