import { describe, expect, it } from "vitest";
import { dayOrInstantSchema, instantInputSchema, isStorableInstant } from "./schemas.js";

/** What z.coerce.date() took and these refuse (QA of 2026-12-07): each with why it was wrong. */
const NEITHER = [
  [5, "a number: a moment of 1970"],
  ["5", "a number as text"],
  ["", "nothing: the Invalid Date, or 1970"],
  ["2026-06-31T06:00:00Z", "no such day: it was July 1"],
  ["2027-02-29T06:00:00Z", "no such day in a common year"],
  ["2026-06-01T06:00:00", "no offset: whose 06:00?"],
  ["2026-06-01T06:00:00+06", "half an offset"],
  ["2026-06-01 06:00:00Z", "a space for the T"],
  ["0000-01-01T00:00:00Z", "the year 0, which PostgreSQL has not"],
  ["0001-01-01T00:00:00+06:00", "still the year 0 in UTC"],
  ["9999-12-31T23:00:00-06:00", "the year 10000 in UTC"],
  ["+275760-09-13T00:00:00Z", "the last moment JavaScript has"],
  ["275760-09-13", "its day"],
  ["14.03.2026", "the pages' way of writing a day"],
] as const;

describe("an instant a client sends", () => {
  it("takes an ISO 8601 date-time with its offset as the instant it names", () => {
    expect(instantInputSchema.parse("2026-06-12T06:00:00+06:00")).toEqual(new Date("2026-06-12T00:00:00Z"));
    expect(instantInputSchema.parse("2028-02-29T23:59:59.999Z")).toEqual(
      new Date("2028-02-29T23:59:59.999Z"),
    );
    expect(instantInputSchema.parse("0001-01-01T00:00:00Z")).toEqual(new Date("0001-01-01T00:00:00Z"));
    expect(instantInputSchema.parse("9999-12-31T23:59:59.999Z")).toEqual(
      new Date("9999-12-31T23:59:59.999Z"),
    );
  });

  it.each(NEITHER)("refuses %j (%s)", (value) => {
    expect(instantInputSchema.safeParse(value).success).toBe(false);
  });

  it("refuses a bare day: which moment of it, on whose clock?", () => {
    expect(instantInputSchema.safeParse("2026-06-12").success).toBe(false);
  });
});

describe("a bound of a period: a day or an instant", () => {
  it("keeps a day a day, for the organisation's clock to place, and takes an instant as a Date", () => {
    expect(dayOrInstantSchema.parse("2026-06-12")).toBe("2026-06-12");
    expect(dayOrInstantSchema.parse("2028-02-29")).toBe("2028-02-29");
    expect(dayOrInstantSchema.parse("0001-01-01")).toBe("0001-01-01");
    expect(dayOrInstantSchema.parse("2026-06-12T06:00:00+06:00")).toEqual(new Date("2026-06-12T00:00:00Z"));
  });

  const neither: (readonly [unknown, string])[] = [
    ...NEITHER,
    ["2026-06-31", "no such day"],
    ["0000-01-01", "the year 0"],
  ];
  it.each(neither)("refuses %j (%s) as a wrong format", (value) => {
    const result = dayOrInstantSchema.safeParse(value);
    expect(result.success).toBe(false);
    // The issue's code or its message names the catalog's "Wrong format" (errors.ts reads either).
    const [issue] = result.error!.issues;
    expect(
      issue?.code === "invalid_format" || issue?.message === "invalid_format",
      JSON.stringify(issue),
    ).toBe(true);
  });
});

describe("the instants the database stores", () => {
  it("are those of the years 1 to 9999 in UTC", () => {
    expect(isStorableInstant(Date.parse("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableInstant(Date.parse("0001-01-01T00:00:00Z") - 1)).toBe(false);
    expect(isStorableInstant(Date.parse("9999-12-31T23:59:59.999Z"))).toBe(true);
    expect(isStorableInstant(Date.parse("9999-12-31T23:59:59.999Z") + 1)).toBe(false);
  });
});
