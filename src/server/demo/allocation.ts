import { and, eq, isNull, sum } from "drizzle-orm";
import { publishRun } from "../allocation/publishing.js";
import { createRun } from "../allocation/runs.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { listSeasons } from "../water/seasons.js";
import { headReceipt } from "../water/tables.js";

/** Head water for the dry decade where the demo measured none (a season loaded before July). */
const DRY_DECADE_SUPPLY_M3 = 50_000;

/**
 * The demo WUA's dry first decade of July: the water its head received that decade (the district's
 * act) against a 900 m³/ha norm, equal depth per hectare with vulnerable households served 60 % of
 * their need first, published with a weekly rotation (turns shifted three hours a cycle).
 */
export async function loadDemoAllocation(database: Database, director: RequestContext) {
  const [season] = await listSeasons(database, director);
  if (!season) return;
  const fromDay = `${season.startsOn.slice(0, 4)}-07-01`;
  const [received] = await withTenant(database, requireActor(director), (tx) =>
    tx
      .select({ volumeM3: sum(headReceipt.volumeM3).mapWith(Number) })
      .from(headReceipt)
      .where(and(eq(headReceipt.fromDay, fromDay), isNull(headReceipt.voidedAt))),
  );
  const run = await createRun(database, director, {
    seasonId: season.id,
    fromDay,
    toDay: `${season.startsOn.slice(0, 4)}-07-10`,
    policy: "equal-depth-per-hectare",
    supplyM3: Math.round(received?.volumeM3 || DRY_DECADE_SUPPLY_M3),
    demand: { kind: "norm", m3PerHa: 900 },
    guarantee: { share: 0.6 },
    note: "Кургак декада: ЖЧ-2026-01 §5 боюнча",
  });
  await publishRun(database, director, run.id, { version: run.version, cycleHours: 168, shiftHours: 3 });
}
