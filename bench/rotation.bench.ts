// Rotation benchmark: our schedule of turns against the same instance's cycle-time lower bound
// solved as an LP with HiGHS, on synthetic WUAs, in the same run.
import {
  buildRotation,
  type RotationInput,
  type RotationSchedule,
} from "../src/domain/allocation/rotation.js";
import { cycleLowerBoundHours, loadHighs } from "./lib/lp-reference.js";
import { medianTime, percentile } from "./lib/stats.js";
import { rotationCase, syntheticWua } from "./lib/synthetic-wua.js";

// The allocation benchmark's sizes: an outlet on each reach that users sit on.
const SIZES = [
  [5_000, 500],
  [20_000, 2_000],
] as const;
/** Early, peak and late in the season: the peak's allocation fills reaches to their capacity. */
const DECADES = [5, 17, 30];
const RULE = { cycleHours: 168, shiftHours: 12 };
const HOUR_MS = 3_600_000;

/**
 * The first cycle (not yet shifted) read off the schedule: each outlet's water in it, the hours
 * from its start to the last turn's end, and how it was placed. A run the cycle's end cut and that
 * goes on at its start (a turn beginning before the one ahead of it) is the wrap-around fallback,
 * used only where the outlets placed one by one overran; an overrun kept is reported as such.
 */
function firstCycle(input: RotationInput, schedule: RotationSchedule) {
  const cycleStart = Date.parse(input.periodStart);
  const volumeM3 = new Map<string, number>();
  const lastStart = new Map<string, number>();
  let endMs = cycleStart;
  let wraps = false;
  for (const t of schedule.turns) {
    if (t.cycle !== 0) continue;
    volumeM3.set(t.outlet, (volumeM3.get(t.outlet) ?? 0) + t.volumeM3);
    const start = Date.parse(t.start);
    if (start < (lastStart.get(t.outlet) ?? start)) wraps = true;
    lastStart.set(t.outlet, start);
    endMs = Math.max(endMs, Date.parse(t.end));
  }
  const overran = schedule.overruns.filter((o) => o.cycle === 0);
  // Every outlet's turns from the cycle's start to its end: each runs all the cycle at its average.
  const cycleEnd = cycleStart + input.cycleHours * HOUR_MS;
  const steady = input.outlets.every((o) => {
    const own = schedule.turns.filter((t) => t.cycle === 0 && t.outlet === o.id);
    return (
      own.length === 0 ||
      (Date.parse(own[0]!.start) === cycleStart && Date.parse(own.at(-1)!.end) === cycleEnd)
    );
  });
  const placement =
    overran.length > 0
      ? `overran: ${overran.length} outlets, up to ${Math.max(...overran.map((o) => o.hours)).toFixed(1)} h`
      : wraps
        ? "wrap-around fallback"
        : steady
          ? "all the cycle at average"
          : "one by one";
  return {
    volumeM3: input.outlets.map((o) => volumeM3.get(o.id) ?? 0),
    makespanHours: (endMs - cycleStart) / HOUR_MS,
    placement,
  };
}

export async function main() {
  // Ours first, all instances, then HiGHS, whose heap would otherwise slow ours through garbage
  // collection (as in the allocation benchmark).
  const rows = SIZES.flatMap(([users, reaches]) => {
    const wua = syntheticWua(users, reaches);
    return DECADES.map((decade) => {
      const input = rotationCase(wua, decade, RULE);
      const ms = medianTime(() => void buildRotation(input), 3);
      return {
        label: `${users} users, ${reaches} reaches`,
        decade,
        input,
        ms,
        ...firstCycle(input, buildRotation(input)),
      };
    });
  });
  await loadHighs();
  console.log(
    `cycle ${RULE.cycleHours} h, shift ${RULE.shiftHours} h, decade of 240 h; bound and makespan of the first cycle`,
  );
  console.log(
    "| instance | decade | outlets | ours: buildRotation | HiGHS: bound LP | HiGHS ÷ ours | LP bound T | our makespan | makespan ÷ T | placement |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    // Median of three solves, like ours warm.
    const times: number[] = [];
    let boundHours = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      boundHours = await cycleLowerBoundHours(row.input, row.volumeM3);
      times.push(performance.now() - t0);
    }
    const highsMs = percentile(times, 50);
    console.log(
      `| ${row.label} | ${row.decade} | ${row.input.outlets.length} | ${row.ms.toFixed(0)} ms | ${highsMs.toFixed(0)} ms | ${(highsMs / row.ms).toFixed(3)}× | ${boundHours.toFixed(1)} h | ${row.makespanHours.toFixed(1)} h | ${(row.makespanHours / boundHours).toFixed(2)} | ${row.placement} |`,
    );
  }
  const fellBack = rows.filter((r) => r.placement !== "one by one").length;
  console.log(
    `\nplaced one by one overran on ${fellBack} of ${rows.length} instances; the wrap-around fallback was kept on ${rows.filter((r) => r.placement === "wrap-around fallback").length}, all the cycle at average on ${rows.filter((r) => r.placement === "all the cycle at average").length}`,
  );
}
