import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateWithLp } from "../../../bench/lib/lp-reference.js";
import { caseArbitrary } from "../../../test/support/allocation-cases.js";
import { allocate } from "./allocate.js";
import type { AllocationCase } from "./model.js";

const TOL = 1e-9;

function checkInvariants(c: AllocationCase) {
  const result = allocate(c);
  const inflow = new Map(result.reaches.map((r) => [r.id, r.inflowM3]));
  const x = new Map(result.users.map((u) => [u.id, u.allocatedM3]));
  for (const u of c.users) {
    const a = x.get(u.id)!;
    expect(a).toBeGreaterThanOrEqual(-TOL);
    expect(a).toBeLessThanOrEqual(u.demandM3 * (1 + TOL) + TOL);
  }
  let head = 0;
  for (const r of c.reaches) {
    const i = inflow.get(r.id)!;
    expect(i).toBeLessThanOrEqual(r.capacityM3 * (1 + 1e-9) + 1e-9);
    // Balance with losses: what the reach delivers is what its users and child reaches take.
    const delivered =
      c.users.filter((u) => u.reach === r.id).reduce((s, u) => s + x.get(u.id)!, 0) +
      c.reaches.filter((ch) => ch.parent === r.id).reduce((s, ch) => s + inflow.get(ch.id)!, 0);
    expect(i * r.efficiency).toBeCloseTo(delivered, 6);
    if (r.parent === null) head += i;
  }
  expect(head).toBeLessThanOrEqual(c.supplyM3 * (1 + 1e-9) + 1e-9);
  return { result, inflow, x, head };
}

describe("allocation properties on random canal trees", () => {
  it("never gives more than demand, never overfills a reach or the head, and balances water with losses", () => {
    fc.assert(
      fc.property(caseArbitrary(true), (c) => void checkInvariants(c)),
      { numRuns: 300 },
    );
  });

  it("is max-min fair: every user short of demand sits at a full constraint where nobody has a higher level", () => {
    fc.assert(
      fc.property(caseArbitrary(false), (c) => {
        const { result, inflow, x, head } = checkInvariants(c);
        const level = (id: string) => {
          const u = c.users.find((v) => v.id === id)!;
          return x.get(id)! / (c.policy === "equal-share-of-demand" ? u.demandM3 : u.weight);
        };
        const below = (reachId: string) => {
          const ids = new Set([reachId]);
          for (let grew = true; grew; ) {
            grew = false;
            for (const r of c.reaches)
              if (r.parent && ids.has(r.parent) && !ids.has(r.id)) grew = ids.add(r.id).size > 0;
          }
          return c.users.filter((u) => ids.has(u.reach));
        };
        for (const u of result.users) {
          if (u.boundBy.kind === "demand") continue;
          const [full, members] =
            u.boundBy.kind === "supply"
              ? [Math.abs(head - c.supplyM3) <= 1e-6 * Math.max(1, c.supplyM3), c.users]
              : [
                  Math.abs(
                    inflow.get(u.boundBy.reach)! -
                      c.reaches.find((r) => r.id === (u.boundBy as { reach: string }).reach)!.capacityM3,
                  ) <=
                    1e-6 * 1000,
                  below(u.boundBy.reach),
                ];
          expect(full, `${u.id} bound by a constraint that is not full`).toBe(true);
          for (const v of members) {
            if (v.demandM3 > 0) expect(level(v.id)).toBeLessThanOrEqual(level(u.id) * (1 + 1e-9) + 1e-9);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the lexicographic rounds solved by HiGHS to 1e-6", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary(true), async (c) => {
        const ours = allocate(c).users.map((u) => u.allocatedM3);
        const lp = await allocateWithLp(c);
        c.users.forEach((u, i) => {
          expect(Math.abs(ours[i]! - lp[i]!), `${u.id}: ours ${ours[i]} HiGHS ${lp[i]}`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, u.demandM3),
          );
        });
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
