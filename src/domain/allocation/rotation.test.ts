import { describe, expect, it } from "vitest";
import {
  adjustTurn,
  buildRotation,
  buildRotationInSpans,
  nightHours,
  type RotationInput,
} from "./rotation.js";

const hoursFrom = (iso: string, base: string) => (Date.parse(iso) - Date.parse(base)) / 3_600_000;
const START = "2026-07-01T00:00:00.000Z";

function oneOutlet(
  users: { id: string; volumeM3: number }[],
  over: Partial<RotationInput> = {},
): RotationInput {
  return {
    periodStart: START,
    periodHours: 24,
    cycleHours: 24,
    shiftHours: 0,
    outlets: [{ id: "o1", reach: "main", flowLps: 10, users }],
    reaches: [{ id: "main", parent: null, capacityLps: 100 }],
    ...over,
  };
}

/** A day's water at the head of one canal, `main`, to outlets on it; each turn as [user, from h, to h]. */
function fromTheHead(
  supplyLps: number,
  outlets: RotationInput["outlets"],
  efficiency = 1,
): { turns: [string, number, number][]; overruns: unknown[] } {
  const { turns, overruns } = buildRotation({
    periodStart: START,
    periodHours: 24,
    cycleHours: 24,
    shiftHours: 0,
    supplyLps,
    outlets,
    reaches: [{ id: "main", parent: null, capacityLps: 1000, efficiency }],
  });
  return { turns: turns.map((t) => [t.user, hoursFrom(t.start, START), hoursFrom(t.end, START)]), overruns };
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

  it("rotates each span's water in its days, no turn after a user left, cycles numbered on", () => {
    // Three days in 24-hour cycles shifted 6 h; "gone" leaves at the start of the second day.
    const { turns } = buildRotationInSpans({
      periodStart: START,
      spanHours: [24, 48],
      cycleHours: 24,
      shiftHours: 6,
      outlets: [
        {
          id: "o1",
          reach: "main",
          flowLps: 10,
          users: [
            { id: "gone", spanM3: [36, 0] },
            { id: "stays", spanM3: [36, 144] },
          ],
        },
      ],
      reaches: [{ id: "main", parent: null, capacityLps: 100 }],
    });
    expect(turns.map((t) => [t.user, t.cycle, hoursFrom(t.start, START), hoursFrom(t.end, START)])).toEqual([
      ["gone", 0, 0, 1],
      ["stays", 0, 1, 2],
      ["stays", 1, 24 + 6, 24 + 8],
      ["stays", 2, 48 + 12, 48 + 14],
    ]);
    expect(new Set(turns.map((t) => t.id)).size).toBe(turns.length);
  });

  /** Two days of 10 l/s at the head in one 48-hour cycle, to one outlet whose gate takes more; a, gone, c in order. */
  const leavingMidCycle = (users: { id: string; spanM3: number[] }[]) =>
    buildRotationInSpans({
      periodStart: START,
      // "gone" leaves at the start of the second day.
      spanHours: [24, 24],
      cycleHours: 48,
      shiftHours: 0,
      supplyLps: 10,
      outlets: [{ id: "o1", reach: "main", flowLps: 100, users }],
      reaches: [{ id: "main", parent: null, capacityLps: 1000 }],
    }).turns.map((t) => [t.id, t.cycle, hoursFrom(t.start, START), hoursFrom(t.end, START), t.volumeM3]);

  it("goes on with the cycle's order across the day a user leaves: one turn each, no cycle started again", () => {
    // 10 l/s is 36 m³ an hour, 864 a day, each day's water its own. The cycle's order is a, gone,
    // c: gone's turn ends with the first day, when they leave, and c's comes after, where the cut
    // started the cycle again (a, gone and c squeezed into the first day, then a and c again).
    expect(
      leavingMidCycle([
        { id: "a", spanM3: [144, 288] },
        { id: "gone", spanM3: [432, 0] },
        { id: "c", spanM3: [288, 576] },
      ]),
    ).toEqual([
      ["o1/a/0", 0, 0, 12, 432],
      ["o1/gone/0", 0, 12, 24, 432],
      ["o1/c/0-1", 0, 24, 48, 864],
    ]);
  });

  it("gives a user who leaves before their place in the cycle's order comes their turn just before the turn the leaving day cuts", () => {
    // a's turn (720 m³, 20 h) would run past the first day, when gone leaves: gone takes theirs
    // before it, and a's goes on across the cut, then c's.
    expect(
      leavingMidCycle([
        { id: "a", spanM3: [288, 432] },
        { id: "gone", spanM3: [288, 0] },
        { id: "c", spanM3: [288, 432] },
      ]),
    ).toEqual([
      ["o1/gone/0", 0, 0, 8, 288],
      ["o1/a/0", 0, 8, 24, 576],
      ["o1/a/0-1", 0, 24, 28, 144],
      ["o1/c/0-1", 0, 28, 48, 720],
    ]);
  });

  it("splits the water over the cycles and starts each cycle later by the shift", () => {
    const { turns } = buildRotation(
      oneOutlet([{ id: "a", volumeM3: 72 }], { periodHours: 48, shiftHours: 12 }),
    );
    expect(turns.map((t) => [t.cycle, hoursFrom(t.start, START), t.volumeM3])).toEqual([
      [0, 0, 36],
      [1, 36, 36],
    ]);
  });

  it("shares night turns out over the season when the start shifts", () => {
    // Four users of six hours each fill a day; without a shift the same user always irrigates at night.
    const users = ["a", "b", "c", "d"].map((id) => ({ id, volumeM3: 216 * 8 }));
    const spread = (shiftHours: number) => {
      const { turns } = buildRotation(oneOutlet(users, { periodHours: 8 * 24, shiftHours }));
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
      periodHours: 24,
      cycleHours: 24,
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

  it("runs no more at once than the head's steady flow brings, so the period's water fills the period", () => {
    // 10 l/s for a day is 864 m³: two outlets whose gates take 100 l/s run one after the other.
    expect(
      fromTheHead(10, [
        { id: "o1", reach: "main", flowLps: 100, users: [{ id: "a", volumeM3: 432 }] },
        { id: "o2", reach: "main", flowLps: 100, users: [{ id: "b", volumeM3: 432 }] },
      ]),
    ).toEqual({
      turns: [
        ["a", 0, 12],
        ["b", 12, 24],
      ],
      overruns: [],
    });
  });

  it("shares the head's flow evenly among gates too narrow to take it alone, and counts what the canals lose", () => {
    // The head's 12.5 l/s arrive as 10 at the outlets (80 %): gates of 4 l/s take 10/3 each, three at once.
    const outlet = (id: string) => ({ id, reach: "main", flowLps: 4, users: [{ id, volumeM3: 288 }] });
    expect(fromTheHead(12.5, ["o1", "o2", "o3"].map(outlet), 0.8)).toEqual({
      turns: [
        ["o1", 0, 24],
        ["o2", 0, 24],
        ["o3", 0, 24],
      ],
      overruns: [],
    });
  });

  it("runs an outlet all the time whose water needs the whole period at its gate, the others on what is left", () => {
    // The head brings 10 l/s for a day; o2's gate takes 2 l/s and its 172.8 m³ need all day at it.
    expect(
      fromTheHead(10, [
        { id: "o1", reach: "main", flowLps: 100, users: [{ id: "a", volumeM3: 691.2 }] },
        { id: "o2", reach: "main", flowLps: 2, users: [{ id: "b", volumeM3: 172.8 }] },
      ]),
    ).toEqual({
      turns: [
        ["a", 0, 24],
        ["b", 0, 24],
      ],
      overruns: [],
    });
  });

  it("cuts the last cycle short where the period ends and gives it its share of the water", () => {
    // A decade (240 h) in weekly cycles: a week, then three days, with 70 % and 30 % of the water.
    const { turns } = buildRotation(
      oneOutlet([{ id: "a", volumeM3: 864 }], { periodHours: 240, cycleHours: 168, supplyLps: 1 }),
    );
    expect(turns.map((t) => [t.cycle, hoursFrom(t.start, START), hoursFrom(t.end, START)])).toEqual([
      [0, 0, 168],
      [1, 168, 240],
    ]);
    expect(turns.map((t) => Math.round(t.volumeM3 * 100) / 100)).toEqual([604.8, 259.2]);
  });

  it("goes on at the cycle's start with a turn the shift pushes past its end", () => {
    // Two users of 12 h fill a day; the second day starts 6 h later, so b's turn wraps round.
    const { turns } = buildRotation(
      oneOutlet(
        [
          { id: "a", volumeM3: 432 * 2 },
          { id: "b", volumeM3: 432 * 2 },
        ],
        { periodHours: 48, shiftHours: 6 },
      ),
    );
    expect(
      turns
        .filter((t) => t.cycle === 1)
        .map((t) => [t.id, hoursFrom(t.start, START), hoursFrom(t.end, START)]),
    ).toEqual([
      ["o1/a/1", 30, 42],
      ["o1/b/1", 42, 48],
      ["o1/b/1/2", 24, 30],
    ]);
    const b = turns.filter((t) => t.user === "b" && t.cycle === 1);
    expect(b.reduce((sum, t) => sum + t.volumeM3, 0)).toBeCloseTo(432);
  });

  it("cuts turns at whole milliseconds, each one's end the next one's start", () => {
    // Water whose turns end in fractions of a millisecond: written to the ms, the next turn
    // started a millisecond before the last had ended (found by the property test's runs).
    const volumes = [
      [8.300287319705019, 82.38828212136409],
      [10.590103016743436, 61.860897747610835],
      [21.829005925705815, 27.09472436225145],
      [63.59390710293581, 83.00287319705006],
      [67.34967920567428, 49.19024000095923],
    ];
    const { turns } = buildRotation({
      periodStart: START,
      periodHours: 264,
      cycleHours: 168,
      shiftHours: 0,
      supplyLps: 10,
      outlets: volumes.map((pair, o) => ({
        id: `o${o}`,
        reach: "main",
        flowLps: 5,
        users: pair.map((volumeM3, u) => ({ id: `o${o}u${u}`, volumeM3 })),
      })),
      reaches: [{ id: "main", parent: null, capacityLps: 10_000, efficiency: 0.5 }],
    });
    for (const a of turns)
      for (const b of turns)
        if (a !== b && a.outlet === b.outlet)
          expect(Date.parse(a.end) <= Date.parse(b.start) || Date.parse(b.end) <= Date.parse(a.start)).toBe(
            true,
          );
  });

  it("reports an outlet whose turns do not fit in the cycle", () => {
    const { overruns } = buildRotation(oneOutlet([{ id: "a", volumeM3: 36 * 30 }]));
    expect(overruns).toEqual([{ outlet: "o1", cycle: 0, hours: 6 }]);
  });

  it("runs an overflowing outlet's turns on past the cycle's end, one after another, never wrapped beside each other", () => {
    // At 10 l/s each cycle's water takes 20 h for a and 10 h for b: 30 h in a 24 h cycle.
    const { turns, overruns } = buildRotation(
      oneOutlet(
        [
          { id: "a", volumeM3: 36 * 40 },
          { id: "b", volumeM3: 36 * 20 },
        ],
        { periodHours: 48, shiftHours: 12 },
      ),
    );
    expect(overruns).toEqual([
      { outlet: "o1", cycle: 0, hours: 6 },
      { outlet: "o1", cycle: 1, hours: 6 },
    ]);
    // The second cycle starts 12 h later: b follows a past the cycle's end, not at its start.
    expect(
      turns
        .filter((t) => t.cycle === 1)
        .map((t) => [t.user, hoursFrom(t.start, START), hoursFrom(t.end, START)]),
    ).toEqual([
      ["a", 36, 56],
      ["b", 56, 66],
    ]);
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

  it("keeps a changed turn inside the run's period, and a user who left out of the days after", () => {
    const schedule = buildRotation(
      oneOutlet([
        { id: "head", volumeM3: 36 },
        { id: "tail", volumeM3: 72 },
      ]),
    );
    const bounds = { periodStart: "2026-07-01T00:00:00.000Z", periodEnd: "2026-07-02T00:00:00.000Z" };
    expect(() => adjustTurn(schedule, "o1/tail/0", { start: "2026-07-01T23:00:00.000Z" }, bounds)).toThrow(
      /rotation.outsidePeriod/,
    );
    expect(() => adjustTurn(schedule, "o1/tail/0", { start: "2026-06-30T23:00:00.000Z" }, bounds)).toThrow(
      /rotation.outsidePeriod/,
    );
    // Left at noon: a turn ending by then stands, one running past it is refused.
    const left = { ...bounds, userLeft: "2026-07-01T12:00:00.000Z" };
    expect(
      adjustTurn(schedule, "o1/tail/0", { start: "2026-07-01T10:00:00.000Z" }, left).turns,
    ).toContainEqual(expect.objectContaining({ id: "o1/tail/0", end: "2026-07-01T12:00:00.000Z" }));
    expect(() => adjustTurn(schedule, "o1/tail/0", { start: "2026-07-01T10:30:00.000Z" }, left)).toThrow(
      /rotation.afterUserLeft/,
    );
  });
});
