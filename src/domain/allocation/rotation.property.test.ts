import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildRotation,
  buildRotationInSpans,
  type RotationInput,
  type SpannedRotationInput,
  type Turn,
} from "./rotation.js";

/** Both canals' periods start on 1 July, in weekly cycles. */
const WEEKLY_FROM_JULY = { periodStart: "2026-07-01T00:00:00.000Z", cycleHours: 168 };

/**
 * Outlets on one canal, each user's water a share of what the head brings over the period (all
 * of it, or less), in weekly cycles shifted by some hours.
 */
const rotationArbitrary = fc
  .record({
    gates: fc.array(fc.double({ min: 5, max: 200, noNaN: true }), { minLength: 1, maxLength: 6 }),
    usersPerOutlet: fc.integer({ min: 1, max: 4 }),
    supplyLps: fc.double({ min: 10, max: 500, noNaN: true }),
    efficiency: fc.double({ min: 0.5, max: 1, noNaN: true }),
    used: fc.double({ min: 0.1, max: 1, noNaN: true }),
    periodHours: fc.constantFrom(24, 120, 240, 264),
    shiftHours: fc.integer({ min: 0, max: 12 }),
    weights: fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 24, maxLength: 24 }),
  })
  .map(({ gates, usersPerOutlet, supplyLps, efficiency, used, periodHours, shiftHours, weights }) => {
    const deliveredM3 = (supplyLps * efficiency * periodHours * 3600 * used) / 1000;
    const outlets = gates.map((flowLps, o) => ({
      id: `o${o}`,
      reach: "main",
      flowLps,
      users: Array.from({ length: usersPerOutlet }, (_, u) => ({
        id: `o${o}u${u}`,
        weight: weights[(o * usersPerOutlet + u) % weights.length]!,
      })),
    }));
    const total = outlets.flatMap((o) => o.users).reduce((sum, u) => sum + u.weight, 0);
    return {
      ...WEEKLY_FROM_JULY,
      periodHours,
      shiftHours,
      supplyLps,
      outlets: outlets.map((o) => ({
        ...o,
        users: o.users.map((u) => ({ id: u.id, volumeM3: (deliveredM3 * u.weight) / total })),
      })),
      reaches: [{ id: "main", parent: null, capacityLps: 10_000, efficiency }],
    } satisfies RotationInput;
  });

/** A turn's flow at its outlet, l/s. */
const flowOf = (t: Turn) => (t.volumeM3 * 1000) / ((Date.parse(t.end) - Date.parse(t.start)) / 1000);
/** The turns running at a moment. */
const runningAt = (turns: Turn[], at: number) =>
  turns.filter((r) => Date.parse(r.start) <= at && at < Date.parse(r.end));

/** Every turn between `from` and `to`, one user at a time on an outlet, drawing no more than the head brings. */
function expectWithinHead(turns: Turn[], from: number, to: number, supplyLps: number, efficiency: number) {
  for (const t of turns) {
    expect(Date.parse(t.start)).toBeGreaterThanOrEqual(from);
    expect(Date.parse(t.end)).toBeLessThanOrEqual(to);
    // What runs at this turn's start, drawn at the head.
    const running = runningAt(turns, Date.parse(t.start));
    const headLps = running.reduce((sum, r) => sum + flowOf(r) / efficiency, 0);
    expect(headLps).toBeLessThanOrEqual(supplyLps * (1 + 1e-4));
    expect(running.filter((r) => r.outlet === t.outlet)).toHaveLength(1);
  }
}

describe("rotation schedule, for any canal and supply", () => {
  it("gives every user all their water, within the period, never drawing more than the head brings, with no overrun where the gates pass the water", () => {
    fc.assert(
      fc.property(rotationArbitrary, (input) => {
        const { turns, overruns } = buildRotation(input);
        // Where every outlet's water passes its gate within the period, the cycles hold it all.
        const periodS = input.periodHours * 3600;
        if (
          input.outlets.every(
            (o) => (o.users.reduce((sum, u) => sum + u.volumeM3, 0) * 1000) / periodS <= o.flowLps,
          )
        )
          expect(overruns).toEqual([]);
        const start = Date.parse(input.periodStart);
        const end = start + input.periodHours * 3_600_000;
        for (const o of input.outlets)
          for (const u of o.users) {
            const got = turns.filter((t) => t.user === u.id).reduce((sum, t) => sum + t.volumeM3, 0);
            expect(got).toBeCloseTo(u.volumeM3, 6);
          }
        if (overruns.length > 0) return;
        expectWithinHead(turns, start, end, input.supplyLps, input.reaches[0]!.efficiency);
      }),
    );
  });
});

/**
 * A main canal with branches, each a reach of its own capacity feeding outlets, and the users'
 * water such that every outlet running all the period at its average would keep every gate,
 * reach and the head within what it carries (at `used` of the tightest of them).
 */
const branchedArbitrary = fc
  .record({
    branches: fc.array(
      fc.record({
        capacityLps: fc.double({ min: 20, max: 400, noNaN: true }),
        efficiency: fc.double({ min: 0.6, max: 1, noNaN: true }),
        gates: fc.array(fc.double({ min: 5, max: 150, noNaN: true }), { minLength: 1, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    mainCapacityLps: fc.double({ min: 50, max: 800, noNaN: true }),
    mainEfficiency: fc.double({ min: 0.6, max: 1, noNaN: true }),
    supplyLps: fc.double({ min: 30, max: 800, noNaN: true }),
    used: fc.double({ min: 0.5, max: 1, noNaN: true }),
    usersPerOutlet: fc.integer({ min: 1, max: 3 }),
    periodHours: fc.constantFrom(120, 240, 264),
    shiftHours: fc.integer({ min: 0, max: 12 }),
    weights: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
  })
  .map(
    ({
      branches,
      mainCapacityLps,
      mainEfficiency,
      supplyLps,
      used,
      usersPerOutlet,
      periodHours,
      shiftHours,
      weights,
    }) => {
      const outlets = branches.flatMap((b, i) =>
        b.gates.map((flowLps, j) => ({ id: `b${i}o${j}`, reach: `b${i}`, flowLps, branch: i })),
      );
      const weightOf = (k: number) => weights[k % weights.length]!;
      // Per unit of λ, each outlet's average is its weight: the flow each reach takes in at its own
      // head for them (a branch's, and the main canal's, which is the head's).
      const atBranch = (o: (typeof outlets)[number]) => 1 / branches[o.branch]!.efficiency;
      const atHead = (o: (typeof outlets)[number]) => atBranch(o) / mainEfficiency;
      const draw = (list: typeof outlets, per: (o: (typeof outlets)[number]) => number) =>
        list.reduce((sum, o) => sum + weightOf(outlets.indexOf(o)) * per(o), 0);
      const lambda =
        used *
        Math.min(
          ...outlets.map((o, k) => o.flowLps / weightOf(k)),
          ...branches.map(
            (b, i) =>
              b.capacityLps /
              draw(
                outlets.filter((o) => o.branch === i),
                atBranch,
              ),
          ),
          mainCapacityLps / draw(outlets, atHead),
          supplyLps / draw(outlets, atHead),
        );
      const periodS = periodHours * 3600;
      return {
        ...WEEKLY_FROM_JULY,
        periodHours,
        shiftHours,
        supplyLps,
        outlets: outlets.map((o, k) => {
          const outletM3 = (weightOf(k) * lambda * periodS) / 1000;
          const shares = Array.from({ length: usersPerOutlet }, (_, u) => weightOf(k + u + 1));
          const total = shares.reduce((a, b) => a + b, 0);
          return {
            id: o.id,
            reach: o.reach,
            flowLps: o.flowLps,
            users: shares.map((s, u) => ({ id: `${o.id}u${u}`, volumeM3: (outletM3 * s) / total })),
          };
        }),
        reaches: [
          { id: "main", parent: null, capacityLps: mainCapacityLps, efficiency: mainEfficiency },
          ...branches.map((b, i) => ({
            id: `b${i}`,
            parent: "main",
            capacityLps: b.capacityLps,
            efficiency: b.efficiency,
          })),
        ],
      } satisfies RotationInput;
    },
  );

describe("rotation schedule on a branched canal", () => {
  it("fits every cycle where the water fits, keeping every reach and the head within what it carries at every moment", () => {
    fc.assert(
      fc.property(branchedArbitrary, (input) => {
        const { turns, overruns } = buildRotation(input);
        expect(overruns).toEqual([]);
        const reachOf = new Map(input.outlets.map((o) => [o.id, o.reach]));
        const efficiencyOf = new Map(input.reaches.map((r) => [r.id, r.efficiency]));
        const main = input.reaches[0]!;
        for (const t of turns) {
          const at = Date.parse(t.start);
          const running = runningAt(turns, at);
          // What a turn's branch takes in, from the main canal.
          const inMain = (r: Turn) => flowOf(r) / efficiencyOf.get(reachOf.get(r.outlet)!)!;
          for (const branch of input.reaches.slice(1)) {
            const lps = running
              .filter((r) => reachOf.get(r.outlet) === branch.id)
              .reduce((s, r) => s + inMain(r), 0);
            expect(lps).toBeLessThanOrEqual(branch.capacityLps * (1 + 1e-4));
          }
          const mainLps = running.reduce((s, r) => s + inMain(r), 0) / main.efficiency;
          expect(mainLps).toBeLessThanOrEqual(main.capacityLps * (1 + 1e-4));
          expect(mainLps).toBeLessThanOrEqual(input.supplyLps * (1 + 1e-4));
          expect(running.filter((r) => r.outlet === t.outlet)).toHaveLength(1);
        }
      }),
    );
  }, 30_000);
});

/**
 * A period cut in spans where users leave: outlets on one canal, each user's water in each span a
 * share of what the head brings in it, those who leave taking none after their last span.
 */
const spannedArbitrary = fc
  .record({
    gates: fc.array(fc.double({ min: 5, max: 200, noNaN: true }), { minLength: 1, maxLength: 4 }),
    usersPerOutlet: fc.integer({ min: 1, max: 4 }),
    supplyLps: fc.double({ min: 10, max: 500, noNaN: true }),
    efficiency: fc.double({ min: 0.5, max: 1, noNaN: true }),
    used: fc.double({ min: 0.1, max: 1, noNaN: true }),
    spanDays: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
    cycleHours: fc.constantFrom(24, 72, 168),
    shiftHours: fc.integer({ min: 0, max: 12 }),
    weights: fc.array(fc.double({ min: 0.1, max: 1, noNaN: true }), { minLength: 16, maxLength: 16 }),
    lastSpans: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 16, maxLength: 16 }),
  })
  .map(({ gates, usersPerOutlet, supplyLps, efficiency, used, spanDays, weights, lastSpans, ...rule }) => {
    const users = gates.flatMap((_, o) =>
      Array.from({ length: usersPerOutlet }, (_, u) => {
        const k = (o * usersPerOutlet + u) % weights.length;
        // The first user at each outlet stays to the end, the others may leave.
        return { o, id: `o${o}u${u}`, weight: weights[k]!, lastSpan: u === 0 ? 2 : lastSpans[k]! };
      }),
    );
    const spanM3 = (span: number, days: number) => {
      const present = users.filter((u) => u.lastSpan >= span);
      const total = present.reduce((sum, u) => sum + u.weight, 0);
      const deliveredM3 = (supplyLps * efficiency * days * 86_400 * used) / 1000;
      return new Map(present.map((u) => [u.id, (deliveredM3 * u.weight) / total]));
    };
    const water = spanDays.map((days, span) => spanM3(span, days));
    return {
      ...WEEKLY_FROM_JULY,
      ...rule,
      spanHours: spanDays.map((days) => days * 24),
      supplyLps,
      outlets: gates.map((flowLps, o) => ({
        id: `o${o}`,
        reach: "main",
        flowLps,
        users: users
          .filter((u) => u.o === o)
          .map((u) => ({ id: u.id, spanM3: water.map((inSpan) => inSpan.get(u.id) ?? 0) })),
      })),
      reaches: [{ id: "main", parent: null, capacityLps: 10_000, efficiency }],
    } satisfies SpannedRotationInput;
  });

describe("rotation schedule of a period cut where users leave", () => {
  it("gives every user all their water, none after they left, never drawing more than the head brings, with no overrun where the gates pass each span's water", () => {
    fc.assert(
      fc.property(spannedArbitrary, (input) => {
        const { turns, overruns } = buildRotationInSpans(input);
        const start = Date.parse(input.periodStart);
        const spanEnds = input.spanHours.map(
          (_, s) => start + input.spanHours.slice(0, s + 1).reduce((a, b) => a + b, 0) * 3_600_000,
        );
        const gatesPass = input.outlets.every((o) =>
          input.spanHours.every(
            (hours, s) =>
              (o.users.reduce((sum, u) => sum + u.spanM3[s]!, 0) * 1000) / (hours * 3600) <= o.flowLps,
          ),
        );
        if (gatesPass) expect(overruns).toEqual([]);
        for (const o of input.outlets)
          for (const u of o.users) {
            const own = turns.filter((t) => t.user === u.id);
            const wanted = u.spanM3.reduce((a, b) => a + b, 0);
            expect(own.reduce((sum, t) => sum + t.volumeM3, 0)).toBeCloseTo(wanted, 6);
            // None after the span they last have water in, overruns aside.
            const last = u.spanM3.findLastIndex((m3) => m3 > 0);
            if (overruns.length === 0)
              for (const t of own) expect(Date.parse(t.end)).toBeLessThanOrEqual(spanEnds[last]!);
          }
        if (overruns.length > 0) return;
        expectWithinHead(turns, start, spanEnds.at(-1)!, input.supplyLps, input.reaches[0]!.efficiency);
        // The cycles keep the period's grid: one every cycleHours from its start, none begun again.
        const cycles = Math.ceil((spanEnds.at(-1)! - start - 1) / (input.cycleHours * 3_600_000));
        expect(Math.max(...turns.map((t) => t.cycle))).toBeLessThan(cycles);
        expect(new Set(turns.map((t) => t.id)).size).toBe(turns.length);
      }),
    );
  }, 30_000);
});
