import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { membershipRepairs, type PersonMembership } from "./consistency.js";
import { overlap } from "./merge.js";

const m = (
  id: string,
  householdId: string,
  fromDate: string,
  toDate: string | null = null,
): PersonMembership => ({
  id,
  householdId,
  fromDate,
  toDate,
});

describe("membershipRepairs", () => {
  it("ends the earlier of two open memberships on the day the later began", () => {
    const { ends, sameDay } = membershipRepairs(
      [m("b", "h2", "2021-05-01"), m("a", "h1", "2010-01-01")],
      null,
    );
    expect(ends).toEqual([
      { membershipId: "a", toDate: "2021-05-01", reason: "moved", laterMembershipId: "b" },
    ]);
    expect(sameDay).toEqual([]);
  });

  it("ends a membership that outlived its member on the death day, and leaves consistent ones alone", () => {
    expect(membershipRepairs([m("a", "h1", "2000-01-01")], "2019-03-03").ends).toEqual([
      { membershipId: "a", toDate: "2019-03-03", reason: "death" },
    ]);
    const consistent = [m("a", "h1", "2000-01-01", "2010-01-01"), m("b", "h2", "2010-01-01")];
    expect(membershipRepairs(consistent, null)).toEqual({ ends: [], sameDay: [] });
    expect(membershipRepairs([m("a", "h1", "2000-01-01", "2005-01-01")], "2019-03-03").ends).toEqual([]);
  });

  it("reports two memberships begun on one day without choosing between them", () => {
    const a = m("a", "h1", "2015-06-01");
    const b = m("b", "h2", "2015-06-01");
    const { ends, sameDay } = membershipRepairs([a, b], null);
    expect(ends).toEqual([]);
    expect(sameDay).toEqual([[a, b]]);
  });

  it("leaves no two memberships over one day (but those begun together), none past the death, and only shortens", () => {
    const day = fc
      .integer({ min: 0, max: 60 })
      .map((d) => new Date(Date.UTC(2000, 0, 1 + d)).toISOString().slice(0, 10));
    const membership = fc
      .record({
        householdId: fc.constantFrom("h1", "h2", "h3"),
        fromDate: day,
        length: fc.option(fc.integer({ min: 1, max: 30 })),
      })
      .map(({ householdId, fromDate, length }) => ({
        householdId,
        fromDate,
        toDate:
          length === null
            ? null
            : new Date(Date.parse(`${fromDate}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10),
      }));
    fc.assert(
      fc.property(fc.array(membership, { maxLength: 6 }), fc.option(day), (spans, deathDate) => {
        const memberships = spans.map((s, i) => ({ id: `m${i}`, ...s }));
        const { ends, sameDay } = membershipRepairs(memberships, deathDate);
        const after = memberships.map((x) => {
          const end = ends.find((e) => e.membershipId === x.id);
          if (end) {
            expect(end.toDate > x.fromDate || (end.reason === "death" && end.toDate === x.fromDate)).toBe(
              true,
            );
            expect(x.toDate === null || end.toDate < x.toDate).toBe(true);
          }
          return end ? { ...x, toDate: end.toDate } : x;
        });
        const together = (a: PersonMembership, b: PersonMembership) =>
          sameDay.some(([p, q]) => (p.id === a.id && q.id === b.id) || (p.id === b.id && q.id === a.id));
        for (const [i, a] of after.entries()) {
          if (deathDate !== null && a.fromDate <= deathDate)
            expect(a.toDate !== null && a.toDate <= deathDate).toBe(true);
          for (const b of after.slice(i + 1)) {
            const empty = a.toDate === a.fromDate || b.toDate === b.fromDate;
            if (!empty && overlap(a, b)) expect(together(a, b)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
