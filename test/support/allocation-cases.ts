import fc from "fast-check";
import type { AllocationCase, AllocationPolicy } from "../../src/domain/allocation/model.js";

/** Random canal trees: each reach's parent is an earlier reach or the head, so no cycles. */
export const caseArbitrary = (withGuarantees: boolean) =>
  fc
    .record({
      reachCount: fc.integer({ min: 1, max: 10 }),
      userCount: fc.integer({ min: 1, max: 20 }),
      policy: fc.constantFrom<AllocationPolicy>("equal-depth-per-hectare", "equal-share-of-demand"),
      scarcity: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
      seed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }),
    })
    .map(({ reachCount, userCount, policy, scarcity, seed }): AllocationCase => {
      let k = 0;
      const next = () => seed[k++ % seed.length]!;
      const pick = (count: number) => Math.min(count - 1, Math.floor(next() * count));
      const reaches = Array.from({ length: reachCount }, (_, i) => ({
        id: `r${i}`,
        parent: i === 0 || next() < 0.15 ? null : `r${pick(i)}`,
        capacityM3: Math.round(200 + next() * 3000),
        efficiency: 0.6 + 0.4 * next(),
      }));
      const users = Array.from({ length: userCount }, (_, i) => {
        const demandM3 = next() < 0.1 ? 0 : Math.round(10 + next() * 1000);
        return {
          id: `u${i}`,
          reach: `r${pick(reachCount)}`,
          demandM3,
          weight: 0.1 + next() * 10,
          ...(withGuarantees && next() < 0.4 ? { guaranteeM3: Math.round(next() * demandM3 * 0.6) } : {}),
        };
      });
      const need = users.reduce((s, u) => s + u.demandM3, 0);
      return { policy, supplyM3: Math.round(need * scarcity), reaches, users };
    });
