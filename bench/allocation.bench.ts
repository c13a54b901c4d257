// Allocation benchmark: our exact filling against the same allocation solved as lexicographic LP
// rounds with HiGHS, on the same synthetic WUA, in the same run.
import { allocate, allocateSeason } from "../src/domain/allocation/allocate.js";
import type { AllocationPolicy } from "../src/domain/allocation/model.js";
import { allocateWithLp, loadHighs } from "./lib/lp-reference.js";
import { medianTime } from "./lib/stats.js";
import { decadeCase, syntheticWua } from "./lib/synthetic-wua.js";

const POLICIES: AllocationPolicy[] = ["equal-depth-per-hectare", "equal-share-of-demand"];
const HIGHS_BUDGET_MS = Number(process.env.AIMAK_BENCH_HIGHS_BUDGET_MS ?? 60_000);

interface Row {
  label: string;
  policy: AllocationPolicy;
  decade: ReturnType<typeof decadeCase>;
  oursDecade: number;
  oursSeason: number;
  ours: number[];
}

export async function main() {
  // Ours first, all instances, then HiGHS: the solver's large heap would otherwise slow our
  // timings through garbage collection, which is not what is being compared.
  const rows: Row[] = [];
  for (const [users, reaches] of [
    [5_000, 500],
    [20_000, 2_000],
  ] as const) {
    const wua = syntheticWua(users, reaches);
    for (const policy of POLICIES) {
      const decade = decadeCase(wua, policy, 17);
      const season = Array.from({ length: 36 }, (_, d) => decadeCase(wua, policy, d));
      rows.push({
        label: `${users} users, ${reaches} reaches`,
        policy,
        decade,
        oursDecade: medianTime(() => void allocate(decade), 9),
        oursSeason: medianTime(
          () => void allocateSeason({ policy, reaches: season[0]!.reaches, periods: season }),
          3,
        ),
        ours: allocate(decade).users.map((u) => u.allocatedM3),
      });
    }
  }
  await loadHighs();
  console.log(
    "| instance | policy | ours: one decade | ours: 36-decade season | HiGHS rounds: one decade | HiGHS ÷ ours | max relative difference |",
  );
  console.log("|---|---|---|---|---|---|---|");
  const printed: string[] = [];
  for (const row of rows) {
    let highs = "";
    let ratio = "";
    let difference = "";
    const t0 = performance.now();
    try {
      const lp = await allocateWithLp(row.decade, Date.now() + HIGHS_BUDGET_MS);
      const ms = performance.now() - t0;
      highs = `${ms.toFixed(0)} ms`;
      ratio = `${(ms / row.oursDecade).toFixed(0)}×`;
      const worst = Math.max(
        ...row.ours.map((x, i) => Math.abs(x - lp[i]!) / Math.max(1, row.decade.users[i]!.demandM3)),
      );
      difference = worst.toExponential(1);
    } catch (error) {
      if ((error as Error).message !== "deadline") throw error;
      highs = `did not finish in ${(HIGHS_BUDGET_MS / 1000).toFixed(0)} s`;
      ratio = `> ${(HIGHS_BUDGET_MS / row.oursDecade).toFixed(0)}×`;
      difference = "—";
    }
    const line = `| ${row.label} | ${row.policy} | ${row.oursDecade.toFixed(1)} ms | ${row.oursSeason.toFixed(0)} ms | ${highs} | ${ratio} | ${difference} |`;
    printed.push(line);
    console.log(line);
  }
  return printed;
}
