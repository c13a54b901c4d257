import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { type FlowReading, integrateVolume, volumeInWindow } from "./volume.js";

const T0 = Date.parse("2026-06-01T00:00:00Z");
const MIN = 60_000;
const at = (minutes: number) => T0 + minutes * MIN;
const OPTIONS = { maxGapMinutes: 120 };

/** Equal to within floating-point rounding, relative to the size of the numbers. */
const near = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe("integrateVolume", () => {
  it("integrates by trapezoids: 100 → 200 l/s over an hour is 540 m³", () => {
    const r = integrateVolume(
      [
        { at: at(0), flowLps: 100 },
        { at: at(60), flowLps: 200 },
      ],
      OPTIONS,
    );
    expect(r).toEqual({ volumeM3: 540, coveredSeconds: 3600, gaps: [] });
  });

  it("orders the readings by time and accepts Dates", () => {
    const r = integrateVolume(
      [
        { at: new Date(at(60)), flowLps: 200 },
        { at: at(0), flowLps: 100 },
        { at: new Date(at(30)), flowLps: 150 },
      ],
      OPTIONS,
    );
    expect(r.volumeM3).toBeCloseTo(540, 9);
  });

  it("counts nothing for a silence longer than the allowed gap, and reports it", () => {
    const r = integrateVolume(
      [
        { at: at(0), flowLps: 100 },
        { at: at(60), flowLps: 100 },
        { at: at(60 * 10), flowLps: 100 },
        { at: at(60 * 11), flowLps: 100 },
      ],
      OPTIONS,
    );
    expect(r.volumeM3).toBeCloseTo(720, 9);
    expect(r.coveredSeconds).toBe(7200);
    expect(r.gaps).toEqual([{ from: at(60), to: at(600) }]);
  });

  it("bridges an interval exactly as long as the allowed gap", () => {
    const r = integrateVolume(
      [
        { at: at(0), flowLps: 10 },
        { at: at(120), flowLps: 10 },
      ],
      OPTIONS,
    );
    expect(r.gaps).toEqual([]);
    expect(r.volumeM3).toBeCloseTo(72, 9);
  });

  it("takes readings of one instant as one, at their mean flow, whatever order they come in", () => {
    // 100 l/s at 0, then 200 and 0 l/s both at 60 min (mean 100), then 0 at 90 min: 100 l/s for an
    // hour (360 m³) and 100 → 0 over half an hour (90 m³). Taken in turn, the flow stepped from one
    // to the other at 60 min: 540 or 360 m³ by the order the database listed them.
    const before = { at: at(0), flowLps: 100 };
    const after = { at: at(90), flowLps: 0 };
    const high = { at: at(60), flowLps: 200 };
    const low = { at: at(60), flowLps: 0 };
    for (const same of [
      [high, low],
      [low, high],
    ]) {
      const r = integrateVolume([before, ...same, after], OPTIONS);
      expect(r.volumeM3).toBeCloseTo(450, 9);
      expect(r.coveredSeconds).toBe(5400);
      expect(r.gaps).toEqual([]);
    }
    // Only readings of one instant measure no time: the window is a gap, as for a single reading.
    const one = volumeInWindow([high, low, { ...high }], at(0), at(120), OPTIONS);
    expect(one).toEqual({ volumeM3: 0, coveredSeconds: 0, gaps: [{ from: at(0), to: at(120) }] });
  });

  it("gives nothing for no reading or a single one", () => {
    expect(integrateVolume([], OPTIONS)).toEqual({ volumeM3: 0, coveredSeconds: 0, gaps: [] });
    expect(integrateVolume([{ at: at(0), flowLps: 50 }], OPTIONS).volumeM3).toBe(0);
  });

  it("refuses negative or missing flows and bad times, naming every one", () => {
    let error: unknown;
    try {
      integrateVolume(
        [
          { at: at(0), flowLps: -1 },
          { at: Number.NaN, flowLps: 5 },
          { at: new Date("not a date"), flowLps: Number.NaN },
        ],
        OPTIONS,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    const e = error as DomainError;
    expect(e.code).toBe("water.volumeInvalidReadings");
    expect(e.fields.map((f) => f.path)).toEqual([
      [0, "flowLps"],
      [1, "at"],
      [2, "at"],
      [2, "flowLps"],
    ]);
    expect(codeOf(() => integrateVolume([], { maxGapMinutes: 0 }))).toBe("water.volumeInvalidMaxGap");
  });
});

describe("volumeInWindow", () => {
  const readings: FlowReading[] = [
    { at: at(0), flowLps: 100 },
    { at: at(60), flowLps: 200 },
    { at: at(120), flowLps: 200 },
  ];

  it("interpolates the flow at the window's edges inside a bridged interval", () => {
    // 30–90 min: 150 → 200 l/s for 30 min (315 m³), then 200 l/s for 30 min (360 m³).
    const r = volumeInWindow(readings, at(30), at(90), OPTIONS);
    expect(r.volumeM3).toBeCloseTo(675, 9);
    expect(r.coveredSeconds).toBe(3600);
    expect(r.gaps).toEqual([]);
  });

  it("reports the parts of the window before the first and after the last reading as gaps", () => {
    const r = volumeInWindow(readings, at(-30), at(150), OPTIONS);
    expect(r.volumeM3).toBeCloseTo(540 + 720, 9);
    expect(r.gaps).toEqual([
      { from: at(-30), to: at(0) },
      { from: at(120), to: at(150) },
    ]);
  });

  it("does not interpolate inside a gap: a window within a long silence has no volume", () => {
    const sparse = [
      { at: at(0), flowLps: 100 },
      { at: at(600), flowLps: 100 },
    ];
    expect(volumeInWindow(sparse, at(100), at(200), OPTIONS)).toEqual({
      volumeM3: 0,
      coveredSeconds: 0,
      gaps: [{ from: at(100), to: at(200) }],
    });
  });

  it("calls a window with no readings one gap, and refuses one that ends before it starts", () => {
    expect(volumeInWindow([], at(0), at(10), OPTIONS).gaps).toEqual([{ from: at(0), to: at(10) }]);
    expect(codeOf(() => volumeInWindow(readings, at(10), at(0), OPTIONS))).toBe("date.rangeReversed");
    expect(codeOf(() => volumeInWindow(readings, Number.NaN, at(0), OPTIONS))).toBe("date.invalid");
  });
});

/** Readings at increasing whole minutes, some spaced beyond the allowed gap. */
const series = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 5000, noNaN: true })), {
    minLength: 1,
    maxLength: 60,
  })
  .map((steps) => {
    let minute = 0;
    return steps.map(([dt, flowLps]) => {
      minute += dt;
      return { at: at(minute), flowLps };
    });
  });

describe("volume properties", () => {
  it("gives flow × time for a constant flow", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        (steps, flowLps) => {
          let minute = 0;
          const rs = [{ at: at(0), flowLps }];
          for (const dt of steps) {
            minute += dt;
            rs.push({ at: at(minute), flowLps });
          }
          const r = integrateVolume(rs, OPTIONS);
          expect(r.gaps).toEqual([]);
          expect(r.coveredSeconds).toBe(minute * 60);
          const expected = (flowLps * minute * 60) / 1000;
          expect(Math.abs(r.volumeM3 - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
        },
      ),
    );
  });

  it("sums two halves of a window to the whole window", () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: -100, max: 8000 }),
        fc.integer({ min: 0, max: 8000 }),
        fc.integer({ min: 0, max: 8000 }),
        (rs, start, len1, len2) => {
          const [from, mid, to] = [at(start), at(start + len1), at(start + len1 + len2)];
          const a = volumeInWindow(rs, from, mid, OPTIONS);
          const b = volumeInWindow(rs, mid, to, OPTIONS);
          const whole = volumeInWindow(rs, from, to, OPTIONS);
          near(a.volumeM3 + b.volumeM3, whole.volumeM3);
          near(a.coveredSeconds + b.coveredSeconds, whole.coveredSeconds);
        },
      ),
    );
  });

  it("accounts for every second of a window as covered or a gap", () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: -100, max: 8000 }),
        fc.integer({ min: 0, max: 8000 }),
        (rs, s, len) => {
          const r = volumeInWindow(rs, at(s), at(s + len), OPTIONS);
          const gapSeconds = r.gaps.reduce((sum, g) => sum + (g.to - g.from) / 1000, 0);
          near(r.coveredSeconds + gapSeconds, len * 60);
        },
      ),
    );
  });

  it("agrees with integrateVolume over the span of the readings", () => {
    fc.assert(
      fc.property(series, (rs) => {
        const first = rs[0]!.at as number;
        const last = rs[rs.length - 1]!.at as number;
        const whole = integrateVolume(rs, OPTIONS);
        const window = volumeInWindow(rs, first, last, OPTIONS);
        near(window.volumeM3, whole.volumeM3);
        expect(window.gaps).toEqual(whole.gaps);
      }),
    );
  });

  it("is never negative and never falls when any flow rises", () => {
    fc.assert(
      fc.property(
        series,
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 60, maxLength: 60 }),
        (rs, extra) => {
          const more = rs.map((r, i) => ({ ...r, flowLps: r.flowLps + extra[i]! }));
          const base = integrateVolume(rs, OPTIONS).volumeM3;
          expect(base).toBeGreaterThanOrEqual(0);
          expect(integrateVolume(more, OPTIONS).volumeM3).toBeGreaterThanOrEqual(base);
        },
      ),
    );
  });
});
