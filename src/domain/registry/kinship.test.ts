import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { householdKinshipWarnings, kinshipWarnings } from "./kinship.js";

const head = { birthDate: "1980-06-15" };
const codes = (relation: string, birthDate: string | null, on = "2026-01-01") =>
  kinshipWarnings({ relation, birthDate }, head, on).map((w) => w.code);

describe("warnings on a member's relation to the head", () => {
  it("says nothing of a realistic family", () => {
    expect(codes("son", "2005-03-01")).toEqual([]);
    expect(codes("daughter", "2010-09-09")).toEqual([]);
    expect(codes("father", "1955-01-01")).toEqual([]);
    expect(codes("mother", "1958-01-01")).toEqual([]);
    expect(codes("grandparent", "1930-01-01")).toEqual([]);
    expect(codes("grandchild", "2024-01-01")).toEqual([]);
    expect(codes("spouse", "1982-01-01")).toEqual([]);
    expect(codes("brother", "2001-01-01")).toEqual([]);
    expect(codes("other", "1900-01-01")).toEqual([]);
  });

  it("warns of a child born before the head or when the head was under 12", () => {
    expect(codes("son", "1950-01-01")).toEqual(["kinBornBeforeHead"]);
    expect(kinshipWarnings({ relation: "daughter", birthDate: "1990-06-14" }, head, "2026-01-01")).toEqual([
      { path: ["birthDate"], code: "kinHeadYoungAtBirth", params: { age: 9, minAge: 12 } },
    ]);
    expect(codes("son", "1992-06-15")).toEqual([]);
  });

  it("warns of a parent born after the head or under 12 at the head's birth", () => {
    expect(codes("mother", "1990-01-01")).toEqual(["kinBornAfterHead"]);
    expect(codes("father", "1975-01-01")).toEqual(["kinYoungAtHeadsBirth"]);
  });

  it("asks about 25 years for two generations", () => {
    expect(codes("grandchild", "2000-01-01")).toEqual(["kinHeadYoungAtBirth"]);
    expect(codes("grandchild", "1970-01-01")).toEqual(["kinBornBeforeHead"]);
    expect(codes("grandparent", "1960-01-01")).toEqual(["kinYoungAtHeadsBirth"]);
    expect(codes("grandparent", "1990-01-01")).toEqual(["kinBornAfterHead"]);
  });

  it("warns of a spouse, or a child's spouse, under 16 on the day", () => {
    expect(kinshipWarnings({ relation: "spouse", birthDate: "2021-01-01" }, head, "2026-12-04")).toEqual([
      { path: ["birthDate"], code: "kinSpouseUnderAge", params: { age: 5, minAge: 16 } },
    ]);
    expect(codes("daughter-in-law", "2010-06-20", "2026-06-19")).toEqual(["kinSpouseUnderAge"]);
    expect(codes("daughter-in-law", "2010-06-20", "2026-06-20")).toEqual([]);
  });

  it("says nothing where a birth date is unknown", () => {
    expect(codes("son", null)).toEqual([]);
    expect(
      kinshipWarnings({ relation: "son", birthDate: "1950-01-01" }, { birthDate: null }, "2026-01-01"),
    ).toEqual([]);
    expect(kinshipWarnings({ relation: "son", birthDate: "1950-01-01" }, null, "2026-01-01")).toEqual([]);
  });

  it("checks every member of a household against its head, by index", () => {
    expect(
      householdKinshipWarnings([
        { relation: "son", birthDate: "1950-01-01", on: "2020-01-01" },
        { relation: "head", birthDate: "2000-01-01", on: "2020-01-01" },
        { relation: "spouse", birthDate: "1999-01-01", on: "2020-01-01" },
      ]).map(({ index, issue }) => [index, issue.code]),
    ).toEqual([[0, "kinBornBeforeHead"]]);
  });
});

const DAY = 86_400_000;
const dayFrom = (start: string, days: number) =>
  new Date(Date.parse(start) + days * DAY).toISOString().slice(0, 10);

describe("kinship warnings, for any dates", () => {
  it("never warn of a child born 12 to 50 years after the head, and always of one born before", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 12, max: 50 }),
        fc.integer({ min: 0, max: 364 }),
        (headDays, years, extra) => {
          const headBirth = dayFrom("1920-01-01", headDays);
          const childBirth = dayFrom(headBirth, years * 366 + extra);
          expect(
            kinshipWarnings({ relation: "son", birthDate: childBirth }, { birthDate: headBirth }, childBirth),
          ).toEqual([]);
          expect(
            kinshipWarnings(
              { relation: "daughter", birthDate: headBirth },
              { birthDate: childBirth },
              childBirth,
            ).map((w) => w.code),
          ).toEqual(["kinBornBeforeHead"]);
        },
      ),
    );
  });

  it("are symmetric: a parent of the head warns exactly when the head as that parent's child would", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 40_000 }), (a, b) => {
        const elder = dayFrom("1910-01-01", a);
        const younger = dayFrom("1910-01-01", b);
        const asParent = kinshipWarnings(
          { relation: "mother", birthDate: elder },
          { birthDate: younger },
          "2026-01-01",
        );
        const asChild = kinshipWarnings(
          { relation: "son", birthDate: younger },
          { birthDate: elder },
          "2026-01-01",
        );
        expect(asParent.length).toBe(asChild.length);
        expect(asParent.map((w) => w.params)).toEqual(asChild.map((w) => w.params));
      }),
    );
  });
});
