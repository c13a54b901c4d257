import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type InstalmentPart, splitIntoInstalments, validateInstalments } from "./instalment.js";
import type { BillingLine } from "./invoice.js";

const line = (code: string, amountTyiyn: number, kind: BillingLine["kind"] = "area"): BillingLine => ({
  code,
  kind,
  params: { decisionRef: "GM-1" },
  amountTyiyn,
});
const half = [
  { percent: 50, dueOn: "2026-06-01" },
  { percent: 50, dueOn: "2026-09-01" },
];
const codeOf = (e: unknown) => (e as { code: string }).code;
const thrown = (work: () => unknown) => {
  try {
    work();
  } catch (e) {
    return codeOf(e);
  }
  return "none";
};

describe("instalments", () => {
  it("splits each line by the shares, the odd tyiyn rounded half away from zero", () => {
    const [first, second] = splitIntoInstalments(
      [line("area:s:", 100_001), line("discount:D", -3, "discount")],
      half,
    );
    expect(first!.map((l) => l.amountTyiyn)).toEqual([50_001, -2]);
    expect(second!.map((l) => l.amountTyiyn)).toEqual([50_000, -1]);
    expect(first![0]!.params).toEqual({
      decisionRef: "GM-1",
      instalment: 1,
      instalments: 2,
      instalmentPercent: 50,
    });
  });

  it("takes thirds with two decimals exactly", () => {
    const thirds = [
      { percent: 33.33, dueOn: "2026-05-01" },
      { percent: 33.33, dueOn: "2026-07-01" },
      { percent: 33.34, dueOn: "2026-09-01" },
    ];
    const parts = splitIntoInstalments([line("membership", 20_000, "membership")], thirds);
    expect(parts.map((p) => p[0]!.amountTyiyn)).toEqual([6666, 6666, 6668]);
  });

  it("refuses shares that do not make 100 %, more than two decimals, and dates out of order", () => {
    expect(thrown(() => validateInstalments([{ percent: 60, dueOn: "2026-06-01" }]))).toBe(
      "billing.instalmentTotal",
    );
    expect(thrown(() => validateInstalments([{ percent: 100.001, dueOn: "2026-06-01" }]))).toBe(
      "billing.instalmentPercent",
    );
    expect(thrown(() => validateInstalments([{ percent: 0, dueOn: "2026-06-01" }, ...half]))).toBe(
      "billing.instalmentPercent",
    );
    expect(thrown(() => validateInstalments([half[1]!, half[0]!]))).toBe("billing.instalmentOrder");
    expect(thrown(() => validateInstalments([]))).toBe("billing.instalmentCount");
    expect(thrown(() => validateInstalments(half))).toBe("none");
  });

  const plan = fc
    .array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 12 })
    .map((weights): InstalmentPart[] => {
      // Basis points that sum to exactly 10,000, each at least 1.
      const total = weights.reduce((a, b) => a + b, 0);
      const points = weights.map((w) => Math.max(1, Math.floor((w * 10_000) / total)));
      points[points.length - 1]! += 10_000 - points.reduce((a, b) => a + b, 0);
      return points
        .filter((p) => p > 0)
        .map((p, i) => ({ percent: p / 100, dueOn: `2026-${String(i + 1).padStart(2, "0")}-01` }));
    })
    .filter((parts) => parts.every((p) => p.percent > 0));

  it("never loses or makes a tyiyn: every line's shares, and the instalments, sum to the total", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000_000, max: 100_000_000 }), { minLength: 1, maxLength: 6 }),
        plan,
        (amounts, parts) => {
          const lines = amounts.map((a, i) => line(`c${i}`, a, a < 0 ? "discount" : "volume"));
          const split = splitIntoInstalments(lines, parts);
          expect(split).toHaveLength(parts.length);
          lines.forEach((l, i) => {
            expect(split.reduce((sum, p) => sum + p[i]!.amountTyiyn, 0)).toBe(l.amountTyiyn);
          });
          const total = lines.reduce((s, l) => s + l.amountTyiyn, 0);
          const totals = split.map((p) => p.reduce((s, l) => s + l.amountTyiyn, 0));
          expect(totals.reduce((a, b) => a + b, 0)).toBe(total);
          // Each share is within one tyiyn of its exact part.
          parts.forEach((p, k) => {
            lines.forEach((l, i) => {
              const exact = (l.amountTyiyn * p.percent) / 100;
              expect(Math.abs(split[k]![i]!.amountTyiyn - exact)).toBeLessThanOrEqual(1);
            });
          });
        },
      ),
    );
  });
});
