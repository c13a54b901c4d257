import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localeDate, paperDate } from "./paper-date.js";

describe("paperDate", () => {
  it("writes a day as dd.MM.yyyy", () => {
    expect(paperDate("1978-04-20")).toBe("20.04.1978");
    expect(paperDate("2026-01-05")).toBe("05.01.2026");
  });

  it("reads back to the same day, for every day of the calendar", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [dd, mm, yyyy] = paperDate(iso).split(".");
          expect(`${yyyy}-${mm}-${dd}`).toBe(iso);
        },
      ),
    );
  });

  it("refuses what is not an ISO day instead of printing a wrong one", () => {
    expect(() => paperDate("20.04.1978")).toThrow();
  });
});

describe("localeDate", () => {
  it("writes a day dd.MM.yyyy for every language but English, which reads dd/MM/yyyy", () => {
    expect(localeDate("1990-05-01", "ky")).toBe("01.05.1990");
    expect(localeDate("1990-05-01", "tg")).toBe("01.05.1990");
    expect(localeDate("1990-05-01", "en")).toBe("01/05/1990");
  });
});
