import { describe, expect, it } from "vitest";
import { adjustTurn, buildRotation, nightHours, type RotationInput } from "./rotation.js";

const hoursFrom = (iso: string, base: string) => (Date.parse(iso) - Date.parse(base)) / 3_600_000;
const START = "2026-07-01T00:00:00.000Z";

function oneOutlet(
  users: { id: string; volumeM3: number }[],
  over: Partial<RotationInput> = {},
): RotationInput {
  return {
    periodStart: START,
    cycleHours: 24,
    cycles: 1,
    shiftHours: 0,
    outlets: [{ id: "o1", reach: "main", flowLps: 10, users }],
    reaches: [{ id: "main", parent: null, capacityLps: 100 }],
    ...over,
  };
}

describe("rotation schedule", () => {
  it("gives each user time in proportion to their water at the outlet's flow, head to tail", () => {
    // 10 l/s: 36 m³ takes one hour.
    const { turns } = buildRotation(
      oneOutlet([
        { id: "head", volumeM3: 36 },
        { id: "tail", volumeM3: 72 },
      ]),
    );
    expect(turns.map((t) => [t.user, hoursFrom(t.start, START), hoursFrom(t.end, START)])).toEqual([
      ["head", 0, 1],
      ["tail", 1, 3],
    ]);
  });

  it("splits the water over the cycles and starts each cycle later by the shift", () => {
    const { turns } = buildRotation(oneOutlet([{ id: "a", volumeM3: 72 }], { cycles: 2, shiftHours: 12 }));
    expect(turns.map((t) => [t.cycle, hoursFrom(t.start, START), t.volumeM3])).toEqual([
      [0, 0, 36],
      [1, 36, 36],
    ]);
  });

  it("shares night turns out over the season when the start shifts", () => {
    // Four users of six hours each fill a day; without a shift the same user always irrigates at night.
    const users = ["a", "b", "c", "d"].map((id) => ({ id, volumeM3: 216 * 8 }));
    const spread = (shiftHours: number) => {
      const { turns } = buildRotation(oneOutlet(users, { cycles: 8, shiftHours }));
      const night = new Map<string, number>();
      for (const t of turns) night.set(t.user, (night.get(t.user) ?? 0) + nightHours(t));
      const values = [...night.values()];
      return Math.max(...values) - Math.min(...values);
    };
    expect(spread(0)).toBeGreaterThanOrEqual(30);
    expect(spread(6)).toBeLessThanOrEqual(spread(0) / 4);
  });

  it("lets outlets run at once only while their flows fit the canal", () => {
    const input = (capacityLps: number): RotationInput => ({
      periodStart: START,
      cycleHours: 24,
      cycles: 1,
      shiftHours: 0,
      outlets: [
        { id: "o1", reach: "sec", flowLps: 10, users: [{ id: "a", volumeM3: 72 }] },
        { id: "o2", reach: "sec", flowLps: 10, users: [{ id: "b", volumeM3: 72 }] },
      ],
      reaches: [
        { id: "main", parent: null, capacityLps: 100 },
        { id: "sec", parent: "main", capacityLps },
      ],
    });
    const together = buildRotation(input(25)).turns.map((t) => hoursFrom(t.start, START));
    expect(together).toEqual([0, 0]);
    const inTurn = buildRotation(input(15)).turns.map((t) => hoursFrom(t.start, START));
    expect(inTurn).toEqual([0, 2]);
  });

  it("reports an outlet whose turns do not fit in the cycle", () => {
    const { overruns } = buildRotation(oneOutlet([{ id: "a", volumeM3: 36 * 30 }]));
    expect(overruns).toEqual([{ outlet: "o1", cycle: 0, hours: 6 }]);
  });

  it("counts night hours in local time", () => {
    // 14:00–16:00 UTC is 20:00–22:00 in Kyrgyzstan.
    expect(nightHours({ start: "2026-07-01T14:00:00Z", end: "2026-07-01T16:30:00Z" })).toBe(2.5);
    expect(nightHours({ start: "2026-07-01T02:00:00Z", end: "2026-07-01T04:00:00Z" })).toBe(0);
    // Dushanbe is UTC+5: the same turn runs 19:00–21:30 there, so only 1.5 h of it is night.
    expect(nightHours({ start: "2026-07-01T14:00:00Z", end: "2026-07-01T16:30:00Z" }, "Asia/Dushanbe")).toBe(
      1.5,
    );
  });

  it("keeps a water master's change, flagged manual, and refuses one that overlaps", () => {
    const schedule = buildRotation(
      oneOutlet([
        { id: "head", volumeM3: 36 },
        { id: "tail", volumeM3: 72 },
      ]),
    );
    const moved = adjustTurn(schedule, "o1/tail/0", { start: "2026-07-01T05:00:00.000Z" });
    const tail = moved.turns.find((t) => t.user === "tail")!;
    expect(tail).toMatchObject({
      manual: true,
      start: "2026-07-01T05:00:00.000Z",
      end: "2026-07-01T07:00:00.000Z",
    });
    expect(moved.turns.find((t) => t.user === "head")!.manual).toBe(false);
    expect(() => adjustTurn(moved, "o1/head/0", { durationHours: 6 })).toThrow(/rotation.overlap/);
  });
});
