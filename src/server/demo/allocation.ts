import { createRun, publishRun } from "../allocation/runs.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { listSeasons } from "../water/seasons.js";

/**
 * A dry first decade of July for the demo WUA: 20,000 m³ at the head against a 900 m³/ha norm,
 * equal depth per hectare with vulnerable households served 60 % of their need first, published
 * with a weekly rotation (turns shifted three hours a cycle).
 */
export async function loadDemoAllocation(database: Database, director: RequestContext) {
  const [season] = await listSeasons(database, director);
  if (!season) return;
  const run = await createRun(database, director, {
    seasonId: season.id,
    fromDay: "2026-07-01",
    toDay: "2026-07-10",
    policy: "equal-depth-per-hectare",
    supplyM3: 20_000,
    demand: { kind: "norm", m3PerHa: 900 },
    guarantee: { share: 0.6 },
    note: "Кургак декада: ЖЧ-2026-01 §5 боюнча",
  });
  await publishRun(database, director, run.id, { version: run.version, cycleHours: 168, shiftHours: 3 });
}
