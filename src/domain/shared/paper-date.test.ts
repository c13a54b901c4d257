import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  dayFromText,
  decadeLabel,
  localeDate,
  maskTypedDay,
  maskTypedTime,
  paperDate,
  timeFromText,
  whyNoDay,
} from "./paper-date.js";

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

describe("decadeLabel", () => {
  it("names a decade by its first and last days, the third to the month's end", () => {
    expect(decadeLabel("2026-07-1", "ky")).toBe("01.07–10.07");
    expect(decadeLabel("2026-07-3", "ru")).toBe("21.07–31.07");
    expect(decadeLabel("2028-02-3", "en")).toBe("21/02–29/02");
    expect(decadeLabel("2027-02-3", "ky")).toBe("21.02–28.02");
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

  it("tells a day the calendar lacks from a text not written as a day", () => {
    for (const typed of ["31.02.2030", "29.02.2025", "00.01.2026", "01/13/2026", " 2026-02-30 "])
      expect(whyNoDay(typed), typed).toBe("noSuchDay");
    for (const typed of ["20.04.78", "20.04", "1978-4-20", "эртең"])
      expect(whyNoDay(typed), typed).toBe("format");
  });

  it("takes a written day as the calendar does, leap years and centuries included (property)", () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const date = new Date(`${iso}T00:00:00Z`);
          const inCalendar = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
          expect(dayFromText(iso)).toBe(inCalendar ? iso : "invalid");
        },
      ),
      {
        numRuns: 5_000,
        examples: [
          [1900, 2, 29],
          [2000, 2, 29],
          [2024, 2, 29],
          [2026, 4, 31],
          [2026, 12, 31],
        ],
      },
    );
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

  it("takes a first digit that no two-digit day or month starts with as the whole of it", () => {
    expect(typed("5")).toBe("05.");
    expect(typed("3")).toBe("3");
    expect(typed("0552020")).toBe("05.05.2020");
    expect(typed("20.4")).toBe("20.04.");
    expect(typed("12")).toBe("12.");
    expect(typed("121")).toBe("12.1");
    expect(typed("1212")).toBe("12.12.");
    // The year is never cut short: its digits are as typed.
    expect(typed("0101202")).toBe("01.01.202");
  });

  it("leaves alone what the person types with separators of her own, pastes, or deletes", () => {
    expect(typed("1.5.2020")).toBe("1.5.2020");
    expect(typed("1/12/2020", "/")).toBe("1/12/2020");
    expect(maskTypedDay("1978-04-20", "", ".")).toBe("1978-04-20");
    expect(maskTypedDay("20.04", "20.04.", ".")).toBe("20.04");
    // A dot typed after the one the mask wrote is not doubled into the day.
    expect(typed("20.04.1978")).toBe("20.04.1978");
    expect(typed("20/04/1978")).toBe("20.04.1978");
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

describe("timeFromText", () => {
  it("reads a time of day on the 24-hour clock, with or without a separator", () => {
    for (const text of ["08:53", "8:53", "8.53", "08 53", "0853", "853", " 8-53 "])
      expect(timeFromText(text)).toBe("08:53");
    expect(timeFromText("00:00")).toBe("00:00");
    expect(timeFromText("23:59")).toBe("23:59");
  });

  it("says empty for an empty text and invalid for no time of day", () => {
    expect(timeFromText("  ")).toBeNull();
    for (const text of ["24:00", "12:60", "8:5", "8", "08:53 PM", "12345", "ab:cd", "08:53:10"])
      expect(timeFromText(text)).toBe("invalid");
  });
});

describe("maskTypedTime", () => {
  const typed = (keys: string) => {
    let text = "";
    for (const key of keys) text = maskTypedTime(text + key, text);
    return text;
  };

  it("puts the colon in after the hour, a first digit above 2 being the whole hour", () => {
    expect(typed("0")).toBe("0");
    expect(typed("08")).toBe("08:");
    expect(typed("0853")).toBe("08:53");
    expect(typed("853")).toBe("08:53");
    expect(typed("2359")).toBe("23:59");
    expect(typed("08:53")).toBe("08:53");
    // The colon typed after the one the mask wrote is not doubled.
    expect(typed("8:53")).toBe("08:53");
    expect(typed("1:05")).toBe("1:05");
    // A phone's keyboard may have a dot but no colon.
    expect(typed("7.30")).toBe("07:30");
    expect(typed("12 30")).toBe("12:30");
    expect(maskTypedTime("08", "08:")).toBe("08");
    expect(maskTypedTime("08:531", "08:53")).toBe("08:531");
  });

  it("gives every minute of the day typed as its digits back as that time", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
        expect(timeFromText(typed(time.replace(":", "")))).toBe(time);
        // An hour no two-digit hour starts with may be typed as its one digit.
        if (hour >= 3 && hour <= 9) expect(timeFromText(typed(`${hour}${time.slice(3)}`))).toBe(time);
      }),
    );
  });
});
