import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sex } from "./pin.js";
import { type AgeBand, ageBand, ageBandBirthDates, yearsBefore } from "./population.js";
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
