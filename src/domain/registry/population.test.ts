import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sex } from "./pin.js";
import {
  AGE_BANDS,
  type AgeBand,
  addCounts,
  ageBand,
  ageBandBirthDates,
  byCountry,
  countsOf,
  groupByRegion,
  isGroupedByRegion,
  noOne,
  type PlaceCounts,
  type RegisterSummary,
  type SummaryLine,
  summaryLines,
  yearsBefore,
} from "./population.js";
import { ageOn } from "./vulnerability.js";

const isoDay = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const sex = fc.constantFrom<Sex>("female", "male");

/** The band from the dates alone, as the register's summary query compares them. */
function bandByDates(birthDate: string | null, person: Sex, onDate: string): AgeBand {
  if (birthDate === null) return "unknown";
  const born = ageBandBirthDates(onDate);
  if (birthDate > born.school) return "preschool";
  if (birthDate > born.working) return "school";
  return birthDate > born.pension[person] ? "working" : "pension";
}

describe("age bands of a population count", () => {
  it("puts people in bands by their age on the day", () => {
    const on = "2026-01-01";
    expect(ageBand("2019-01-02", "male", on)).toBe("preschool");
    expect(ageBand("2019-01-01", "male", on)).toBe("school");
    expect(ageBand("2008-01-02", "female", on)).toBe("school");
    expect(ageBand("2008-01-01", "female", on)).toBe("working");
    // Pension age differs by sex: a woman of 58 draws it, a man of 58 works on until 63.
    expect(ageBand("1968-01-01", "female", on)).toBe("pension");
    expect(ageBand("1968-01-01", "male", on)).toBe("working");
    expect(ageBand("1963-01-01", "male", on)).toBe("pension");
    expect(ageBand(null, "female", on)).toBe("unknown");
  });

  it("goes back whole years, 29 February to the 28th", () => {
    expect(yearsBefore("2026-12-02", 18)).toBe("2008-12-02");
    expect(yearsBefore("2024-02-29", 1)).toBe("2023-02-28");
    expect(yearsBefore("2024-02-29", 4)).toBe("2020-02-29");
    expect(yearsBefore("2025-03-01", 7)).toBe("2018-03-01");
  });

  it("is at least n years old exactly when born on or before the day n years back", () => {
    fc.assert(
      fc.property(isoDay, isoDay, fc.integer({ min: 0, max: 120 }), (birthDate, onDate, years) => {
        fc.pre(birthDate <= onDate);
        expect(ageOn(birthDate, onDate) >= years).toBe(birthDate <= yearsBefore(onDate, years));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the same band by comparing birth dates as by working out the age", () => {
    fc.assert(
      fc.property(fc.option(isoDay, { nil: null }), sex, isoDay, (birthDate, person, onDate) => {
        fc.pre(birthDate === null || birthDate <= onDate);
        expect(bandByDates(birthDate, person, onDate)).toBe(ageBand(birthDate, person, onDate));
      }),
      { numRuns: 2000 },
    );
  });
});

const count = fc.nat({ max: 10_000 });
/** The countries those abroad are counted by (a few, so that places share some). */
const COUNTRIES = ["RU", "KZ", "TR"];
const placeCounts: fc.Arbitrary<PlaceCounts> = fc
  .record({
    households: count,
    vulnerableHouseholds: count,
    people: count,
    female: count,
    male: count,
    byAge: fc.tuple(...AGE_BANDS.map(() => fc.record({ female: count, male: count }))),
    withDisability: count,
    abroad: count,
    abroadByCountry: fc.dictionary(fc.constantFrom(...COUNTRIES), count),
    withoutPin: count,
  })
  .map(({ byAge, ...rest }) => ({
    ...rest,
    byAge: Object.fromEntries(AGE_BANDS.map((b, i) => [b, byAge[i]!])) as PlaceCounts["byAge"],
  }));
const region = (prefix: string) =>
  fc.constantFrom("1", "2", "3").map((c) => ({ code: `${prefix}${c}`, name: { ky: c } }));
const municipality = fc.record({ counts: placeCounts, district: region("d"), oblast: region("o") });
/** Every count in a row of numbers, so sums are checked without addCounts (which they test). */
const flat = (c: PlaceCounts) => [
  c.households,
  c.vulnerableHouseholds,
  c.people,
  c.female,
  c.male,
  ...AGE_BANDS.flatMap((b) => [c.byAge[b].female, c.byAge[b].male]),
  c.withDisability,
  c.abroad,
  ...COUNTRIES.map((country) => c.abroadByCountry[country] ?? 0),
  c.withoutPin,
];
const sum = (all: PlaceCounts[]) => all.map(flat).reduce((a, b) => a.map((x, i) => x + b[i]!), flat(noOne()));

describe("municipalities grouped by oblast and district", () => {
  it("adds counts field by field, and takes the counts alone from a place", () => {
    fc.assert(
      fc.property(placeCounts, placeCounts, (a, b) => {
        expect(flat(addCounts(countsOf(a), b))).toEqual(sum([a, b]));
        expect(countsOf({ ...a, code: "x", name: { ky: "x" } } as PlaceCounts)).toEqual(a);
      }),
    );
  });

  it("makes each district its municipalities' sum, each oblast its districts', and all of them the country's", () => {
    fc.assert(
      fc.property(fc.array(municipality, { maxLength: 30 }), (drawn) => {
        const places = drawn.map((m, i) => ({
          ...m.counts,
          code: `m${i}`,
          district: m.district,
          oblast: m.oblast,
        }));
        const oblasts = groupByRegion(places);
        const byCode = new Map(places.map((p) => [p.code, p]));
        const listed = oblasts.flatMap((o) => o.districts.flatMap((d) => d.municipalities));
        expect([...listed].sort()).toEqual(places.map((p) => p.code).sort());
        for (const oblast of oblasts) {
          for (const district of oblast.districts)
            expect(flat(district)).toEqual(sum(district.municipalities.map((c) => byCode.get(c)!)));
          expect(flat(oblast)).toEqual(sum(oblast.districts));
        }
        expect(sum(oblasts)).toEqual(sum(places));
      }),
    );
  });

  it("keeps a district of the same code under two oblasts apart, and orders both by code", () => {
    const at = (code: string, district: string, oblast: string) => ({
      ...noOne(),
      people: 1,
      code,
      district: { code: district, name: { ky: district } },
      oblast: { code: oblast, name: { ky: oblast } },
    });
    const oblasts = groupByRegion([
      at("m1", "d2", "o2"),
      at("m2", "d1", "o1"),
      at("m3", "d2", "o1"),
      at("m4", "d2", "o2"),
    ]);
    expect(
      oblasts.map((o) => [o.code, o.people, o.districts.map((d) => [d.code, d.municipalities])]),
    ).toEqual([
      [
        "o1",
        2,
        [
          ["d1", ["m2"]],
          ["d2", ["m3"]],
        ],
      ],
      ["o2", 2, [["d2", ["m1", "m4"]]]],
    ]);
  });
});

describe("those abroad by country", () => {
  it("lists the countries with the most first, a tie by the country's code", () => {
    expect(byCountry({ TR: 2, KZ: 5, RU: 5, DE: 1 })).toEqual([
      ["KZ", 5],
      ["RU", 5],
      ["TR", 2],
      ["DE", 1],
    ]);
    expect(byCountry({})).toEqual([]);
  });
});

describe("the summary's rows as its file lists them", () => {
  /** A summary of these municipalities as an office reads it. */
  const summaryOf = (
    drawn: { counts: PlaceCounts; district: { code: string }; oblast: { code: string } }[],
  ) => {
    const places = drawn.map((m, i) => ({
      ...m.counts,
      code: `m${i}`,
      name: { ky: `m${i}` },
      district: { code: m.district.code, name: { ky: m.district.code } },
      oblast: { code: m.oblast.code, name: { ky: m.oblast.code } },
    }));
    const summary: RegisterSummary = {
      on: "2026-01-01",
      placeKind: "municipality",
      places: places.map(({ district: _d, oblast: _o, ...p }) => p),
      total: places.reduce(addCounts, noOne()),
      criteria: [],
      certificates: { issued: 0, revoked: 0 },
      regions: groupByRegion(places),
    };
    return summary;
  };
  /** The places under a subtotal line: those after it up to the next line of its level or above. */
  const under = (lines: SummaryLine[], at: number) => {
    const above = lines[at]!.level === "oblast" ? ["oblast", "total"] : ["oblast", "district", "total"];
    const end = lines.findIndex((l, i) => i > at && above.includes(l.level));
    return lines.slice(at + 1, end).filter((l) => l.level === "place");
  };

  it("heads each oblast's and district's places with their sum, lists every place once, and ends with the total", () => {
    fc.assert(
      fc.property(fc.array(municipality, { maxLength: 30 }), (drawn) => {
        const summary = summaryOf(drawn);
        const lines = summaryLines(summary);
        expect(lines.at(-1)!.level).toBe("total");
        expect(flat(lines.at(-1)!.counts)).toEqual(
          sum(lines.filter((l) => l.level === "place").map((l) => l.counts)),
        );
        expect(
          lines
            .filter((l) => l.level === "place")
            .map((l) => l.name!.ky)
            .sort(),
        ).toEqual(summary.places.map((p) => p.code).sort());
        const grouped = isGroupedByRegion(summary);
        expect(lines.some((l) => l.level === "district")).toBe(grouped);
        lines.forEach((line, i) => {
          if (line.level === "oblast" || line.level === "district")
            expect(flat(line.counts)).toEqual(sum(under(lines, i).map((l) => l.counts)));
        });
      }),
    );
  });

  it("lists one district's municipalities without subtotals, as the page shows them", () => {
    const one = { code: "d1", name: { ky: "d1" } };
    const summary = summaryOf([
      { counts: { ...noOne(), people: 2 }, district: one, oblast: { code: "o1" } },
      { counts: { ...noOne(), people: 3 }, district: one, oblast: { code: "o1" } },
    ]);
    expect(summaryLines(summary).map((l) => [l.level, l.counts.people])).toEqual([
      ["place", 2],
      ["place", 3],
      ["total", 5],
    ]);
    expect(summaryLines({ ...summary, regions: undefined }).map((l) => l.level)).toEqual([
      "place",
      "place",
      "total",
    ]);
  });
});
