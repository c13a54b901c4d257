import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayFromText, localeDate, maskTypedDay, paperDate } from "./paper-date.js";

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

describe("dayFromText", () => {
  it("reads a day typed day first, with any of the separators people use, or ISO", () => {
    for (const typed of ["20.04.1978", "20/04/1978", "20-04-1978", "20 04 1978", " 20.4.1978 ", "1978-04-20"])
      expect(dayFromText(typed), typed).toBe("1978-04-20");
    expect(dayFromText("5.1.2026")).toBe("2026-01-05");
  });

  it("never reads month first: 05/01 is the fifth of January", () => {
    expect(dayFromText("05/01/2026")).toBe("2026-01-05");
    expect(dayFromText("01/13/2026")).toBe("invalid");
  });

  it("says empty for an empty text and invalid for a day the calendar lacks or no day at all", () => {
    expect(dayFromText("  ")).toBeNull();
    for (const typed of ["31.02.2026", "29.02.2025", "00.01.2026", "20.04.78", "20.04", "1978-4-20", "эртең"])
      expect(dayFromText(typed), typed).toBe("invalid");
    expect(dayFromText("29.02.2024")).toBe("2024-02-29");
  });

  it("reads back every day as the pages and papers write it", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(dayFromText(paperDate(iso))).toBe(iso);
          expect(dayFromText(localeDate(iso, "en"))).toBe(iso);
        },
      ),
    );
  });
});

describe("maskTypedDay", () => {
  /** The field's text after each key, as a phone's digit keyboard types them one by one. */
  const typed = (keys: string, separator = ".") => {
    let text = "";
    for (const key of keys) text = maskTypedDay(text + key, text, separator);
    return text;
  };

  it("puts the separator in after the day and the month as digits are typed", () => {
    expect(typed("2")).toBe("2");
    expect(typed("20")).toBe("20.");
    expect(typed("2004")).toBe("20.04.");
    expect(typed("20041978")).toBe("20.04.1978");
    expect(typed("20041978", "/")).toBe("20/04/1978");
    expect(dayFromText(typed("20041978"))).toBe("1978-04-20");
  });

  it("leaves alone what the person types with separators of her own, pastes, or deletes", () => {
    expect(typed("1.5.2020")).toBe("1.5.2020");
    expect(typed("20.4.2020")).toBe("20.4.2020");
    expect(maskTypedDay("1978-04-20", "", ".")).toBe("1978-04-20");
    expect(maskTypedDay("20.04", "20.04.", ".")).toBe("20.04");
    // A dot typed after the one the mask wrote is not doubled into the day.
    expect(typed("20.04.1978")).toBe("20.04.1978");
  });

  it("gives every day typed as its eight digits back as that day", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          expect(dayFromText(typed(paperDate(iso).replaceAll(".", "")))).toBe(iso);
        },
      ),
    );
  });
});
