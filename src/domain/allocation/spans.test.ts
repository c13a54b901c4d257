import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArbitrary } from "../../../test/support/allocation-cases.js";
import { allocate } from "./allocate.js";
import type { AllocationCase, WaterUserDemand } from "./model.js";
import { allocateInSpans, periodSpans } from "./spans.js";

/** 1,000 m³ at the head of one canal, `main`, wide enough and losing nothing, over the spans' days. */
const fromOneCanal = (spans: { days: number; users: WaterUserDemand[] }[]) =>
  allocateInSpans({
    policy: "equal-depth-per-hectare",
    supplyM3: 1000,
    reaches: [{ id: "main", parent: null, capacityM3: 10_000, efficiency: 1 }],
    spans,
  });

describe("a period cut where users leave", () => {
  it("cuts at each leave day inside the period, once, and nowhere else", () => {
    const leave = ["2026-06-04", "2026-06-01", "2026-06-11", "2026-06-04", "2026-05-20", "2026-06-10"];
    expect(periodSpans("2026-06-01", "2026-06-10", leave)).toEqual([
      { fromDay: "2026-06-01", toDay: "2026-06-03", days: 3 },
      { fromDay: "2026-06-04", toDay: "2026-06-09", days: 6 },
      { fromDay: "2026-06-10", toDay: "2026-06-10", days: 1 },
    ]);
    expect(periodSpans("2026-06-21", "2026-07-05", ["2026-07-01"])).toEqual([
      { fromDay: "2026-06-21", toDay: "2026-06-30", days: 10 },
      { fromDay: "2026-07-01", toDay: "2026-07-05", days: 5 },
    ]);
    expect(periodSpans("2026-06-01", "2026-06-10", [])).toEqual([
      { fromDay: "2026-06-01", toDay: "2026-06-10", days: 10 },
    ]);
  });

  it("shares each span's water among the users there then, the head's water coming at a steady flow", () => {
    // Ten days, 1,000 m³ at the head; b leaves on the fifth day. Each asks 100 m³ a day.
    const result = fromOneCanal([
      {
        days: 4,
        users: [
          { id: "a", reach: "main", demandM3: 400, weight: 1 },
          { id: "b", reach: "main", demandM3: 400, weight: 1 },
        ],
      },
      { days: 6, users: [{ id: "a", reach: "main", demandM3: 600, weight: 1 }] },
    ]);
    // The first four days bring 400 m³, shared; the last six bring 600, all a's.
    const [a, b] = result.users;
    expect(a).toEqual({ id: "a", allocatedM3: 800, boundBy: { kind: "supply" }, spansM3: [200, 600] });
    expect(b).toEqual({ id: "b", allocatedM3: 200, boundBy: { kind: "supply" }, spansM3: [200, 0] });
    expect(result.reaches).toEqual([{ id: "main", inflowM3: 1000 }]);
  });

  it("names what bound a user where they fell furthest short", () => {
    const result = fromOneCanal([
      { days: 5, users: [{ id: "a", reach: "main", demandM3: 100, weight: 1 }] },
      { days: 5, users: [{ id: "a", reach: "main", demandM3: 900, weight: 1 }] },
    ]);
    expect(result.users[0]).toMatchObject({
      allocatedM3: 600,
      boundBy: { kind: "supply" },
      spansM3: [100, 500],
    });
  });
});

/** A random case's period cut in spans of random days (1 to 4 spans of 1 to 10 days). */
const spannedArbitrary = fc.tuple(
  caseArbitrary(true),
  fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 4 }),
  fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 20, maxLength: 20 }),
);

/** Each span's users with their demand and guarantee for its days. */
const forDays = (users: readonly WaterUserDemand[], part: number) =>
  users.map((u) => ({
    ...u,
    demandM3: u.demandM3 * part,
    ...(u.guaranteeM3 === undefined ? {} : { guaranteeM3: u.guaranteeM3 * part }),
  }));

const periodOf = (days: number[]) => days.reduce((a, b) => a + b, 0);

describe("allocation in spans, on random canal trees", () => {
  it("changes nothing where nobody leaves: the period's water is the sum of its spans'", () => {
    fc.assert(
      fc.property(spannedArbitrary, ([c, days]) => {
        const whole = allocate(c);
        const cut = allocateInSpans({
          ...c,
          spans: days.map((d) => ({ days: d, users: forDays(c.users, d / periodOf(days)) })),
        });
        whole.users.forEach((u, i) => {
          expect(cut.users[i]!.allocatedM3).toBeCloseTo(u.allocatedM3, 6);
        });
        whole.reaches.forEach((r, i) => {
          expect(cut.reaches[i]!.inflowM3).toBeCloseTo(r.inflowM3, 6);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("gives a user who leaves nothing after, and keeps every span within its days' water and capacity", () => {
    fc.assert(
      fc.property(spannedArbitrary, ([c, days, leaves]: [AllocationCase, number[], number[]]) => {
        // User i takes water in the spans before leaves[i] (all of them when it is past the last).
        const stays = (i: number, span: number) => span < Math.max(1, leaves[i % leaves.length]!);
        const spans = days.map((d, k) => ({
          days: d,
          users: forDays(
            c.users.filter((_, i) => stays(i, k)),
            d / periodOf(days),
          ),
        }));
        const result = allocateInSpans({ ...c, spans });
        for (const [i, u] of c.users.entries()) {
          const got = result.users.find((r) => r.id === u.id)!;
          days.forEach((_, k) => {
            if (!stays(i, k)) expect(got.spansM3[k]).toBe(0);
          });
          expect(got.allocatedM3).toBeCloseTo(
            got.spansM3.reduce((a, b) => a + b, 0),
            9,
          );
        }
        // Each span on its own is the allocation of its days' water among those there.
        spans.forEach((span, k) => {
          const part = span.days / periodOf(days);
          const alone = allocate({
            ...c,
            supplyM3: c.supplyM3 * part,
            reaches: c.reaches.map((r) => ({ ...r, capacityM3: r.capacityM3 * part })),
            users: span.users,
          });
          for (const u of alone.users)
            expect(result.users.find((r) => r.id === u.id)!.spansM3[k]).toBe(u.allocatedM3);
        });
        const head = result.reaches
          .filter((r) => c.reaches.find((x) => x.id === r.id)!.parent === null)
          .reduce((sum, r) => sum + r.inflowM3, 0);
        expect(head).toBeLessThanOrEqual(c.supplyM3 * (1 + 1e-9) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
