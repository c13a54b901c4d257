import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIME_ZONE,
  dayStartMs,
  daysWindow,
  formatLocalDateTime,
  isTimeZone,
  localDayOf,
  localHourOf,
  localMomentOf,
  momentMs,
  nextDay,
  periodWindowMs,
  utcOffsetMs,
  utcOffsetText,
} from "./local-time.js";

const BISHKEK = DEFAULT_TIME_ZONE; // UTC+6
const DUSHANBE = "Asia/Dushanbe"; // UTC+5
const TASHKENT = "Asia/Tashkent"; // UTC+5

describe("local days and times of an organisation's time zone", () => {
  it("starts a Kyrgyz day at 18:00 UTC of the day before, a Tajik or Uzbek one at 19:00", () => {
    expect(new Date(dayStartMs("2026-05-11", BISHKEK)).toISOString()).toBe("2026-05-10T18:00:00.000Z");
    expect(new Date(dayStartMs("2026-05-11", DUSHANBE)).toISOString()).toBe("2026-05-10T19:00:00.000Z");
    expect(new Date(dayStartMs("2026-05-11", TASHKENT)).toISOString()).toBe("2026-05-10T19:00:00.000Z");
    expect(utcOffsetMs(Date.parse("2026-01-01T00:00:00Z"), BISHKEK)).toBe(6 * 3_600_000);
    expect(utcOffsetMs(Date.parse("2026-07-01T00:00:00Z"), DUSHANBE)).toBe(5 * 3_600_000);
  });

  it("labels a zone's offset as a clock does: UTC+6 in Bishkek, UTC+5 in Almaty since March 2024, minutes where a zone has them", () => {
    const now = Date.parse("2026-07-01T00:00:00Z");
    expect(utcOffsetText(now, BISHKEK)).toBe("UTC+6");
    expect(utcOffsetText(now, DUSHANBE)).toBe("UTC+5");
    expect(utcOffsetText(Date.parse("2024-01-15T00:00:00Z"), "Asia/Almaty")).toBe("UTC+6");
    expect(utcOffsetText(now, "Asia/Almaty")).toBe("UTC+5");
    expect(utcOffsetText(now, "Asia/Kathmandu")).toBe("UTC+5:45");
    expect(utcOffsetText(now, "America/St_Johns")).toBe("UTC-2:30");
    expect(utcOffsetText(now, "UTC")).toBe("UTC");
  });

  it("puts 18:30 UTC on the next day in Bishkek but still today in Dushanbe", () => {
    const at = new Date("2026-05-10T18:30:00Z");
    expect(localDayOf(at, BISHKEK)).toBe("2026-05-11");
    expect(localDayOf(at, DUSHANBE)).toBe("2026-05-10");
    expect(localDayOf(Date.parse("2026-05-10T18:59:59Z"), TASHKENT)).toBe("2026-05-10");
    expect(localDayOf(Date.parse("2026-05-10T19:00:00Z"), TASHKENT)).toBe("2026-05-11");
    expect(localHourOf(at, BISHKEK)).toBe(0);
    expect(localHourOf(at, DUSHANBE)).toBe(23);
  });

  it("gives a period asked for by a day or an instant at each end: a day whole, an instant included", () => {
    const iso = (w: { fromMs?: number; toMs?: number }) => ({
      from: w.fromMs === undefined ? undefined : new Date(w.fromMs).toISOString(),
      to: w.toMs === undefined ? undefined : new Date(w.toMs).toISOString(),
    });
    expect(iso(periodWindowMs("2026-03-14", "2026-03-14", DUSHANBE))).toEqual({
      from: "2026-03-13T19:00:00.000Z",
      to: "2026-03-14T19:00:00.000Z",
    });
    const at = new Date("2026-03-14T12:00:00.250Z");
    expect(iso(periodWindowMs(at, at, BISHKEK))).toEqual({
      from: "2026-03-14T12:00:00.250Z",
      to: "2026-03-14T12:00:00.251Z",
    });
    expect(periodWindowMs(undefined, "2026-03-14", BISHKEK)).toEqual({
      toMs: Date.parse("2026-03-14T18:00:00Z"),
    });
    expect(periodWindowMs(undefined, undefined, BISHKEK)).toEqual({});
  });

  it("dates the days of the years 1 to 99 in those years, not in the 1900s", () => {
    expect(new Date(dayStartMs("0050-01-01", DUSHANBE)).toISOString()).toBe("0049-12-31T19:24:48.000Z"); // LMT
    expect(localDayOf(Date.parse("0050-01-01T20:00:00Z"), BISHKEK)).toBe("0050-01-02");
    expect(new Date(dayStartMs("0001-01-01", BISHKEK)).getUTCFullYear()).toBe(0);
  });

  it("gives a decade's window as whole local days, its last day included", () => {
    const w = daysWindow("2026-05-11", "2026-05-20", DUSHANBE);
    expect(new Date(w.fromMs).toISOString()).toBe("2026-05-10T19:00:00.000Z");
    expect(new Date(w.toMs).toISOString()).toBe("2026-05-20T19:00:00.000Z");
    expect((w.toMs - w.fromMs) / 86_400_000).toBe(10);
    expect(nextDay("2026-02-28")).toBe("2026-03-01");
    expect(nextDay("2028-12-31")).toBe("2029-01-01");
  });

  it("keeps days 23 and 25 hours long where the zone changes its clocks", () => {
    const spring = daysWindow("2026-03-29", "2026-03-29", "Europe/Berlin");
    expect((spring.toMs - spring.fromMs) / 3_600_000).toBe(23);
    const autumn = daysWindow("2026-10-25", "2026-10-25", "Europe/Berlin");
    expect((autumn.toMs - autumn.fromMs) / 3_600_000).toBe(25);
  });

  it("prints the local clock with or without the year", () => {
    expect(formatLocalDateTime(new Date("2026-05-10T18:30:00Z"), BISHKEK)).toBe("11.05.2026 00:30");
    expect(formatLocalDateTime("2026-05-10T18:30:00Z", DUSHANBE, false)).toBe("10.05 23:30");
  });

  it("reads a moment on the zone's clock and gives it back, to the minute", () => {
    expect(new Date(momentMs("2026-05-11T08:53", BISHKEK)).toISOString()).toBe("2026-05-11T02:53:00.000Z");
    expect(new Date(momentMs("2026-05-11T00:07", DUSHANBE)).toISOString()).toBe("2026-05-10T19:07:00.000Z");
    expect(localMomentOf(new Date("2026-05-10T18:30:59Z"), BISHKEK)).toBe("2026-05-11T00:30");
    // Either side of a clock change, a moment is read with the offset of its own hour.
    expect(new Date(momentMs("2026-03-29T01:30", "Europe/Berlin")).toISOString()).toBe(
      "2026-03-29T00:30:00.000Z",
    );
    expect(new Date(momentMs("2026-03-29T03:30", "Europe/Berlin")).toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
    fc.assert(
      fc.property(
        // Since 2006: Kyrgyzstan kept summer time until 2005, and an hour repeated in autumn is two instants.
        fc.integer({ min: Date.UTC(2006, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (at) => {
          for (const zone of [BISHKEK, DUSHANBE, TASHKENT]) {
            const moment = localMomentOf(at, zone);
            expect(momentMs(moment, zone)).toBe(Math.floor(at / 60_000) * 60_000);
          }
        },
      ),
    );
  });

  it("knows IANA names and refuses offsets written by hand", () => {
    expect(isTimeZone("Asia/Dushanbe")).toBe(true);
    expect(isTimeZone("Asia/Bishkek")).toBe(true);
    expect(isTimeZone("Asia/Nowhere")).toBe(false);
    expect(isTimeZone("UTC+6")).toBe(false);
    expect(() => localDayOf(0, "Mars/Olympus")).toThrow("orgs.unknownTimeZone");
  });
});
