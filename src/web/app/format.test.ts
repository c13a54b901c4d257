import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_TIME_ZONE } from "../../domain/shared/local-time.js";
import {
  formatDate,
  formatDateTime,
  formatMegabytes,
  formatMomentSpan,
  formatMoney,
  formatNumber,
  formatToday,
  formatVolume,
  percentSent,
  setTimeZone,
  todayIso,
  typedNumber,
} from "./format.js";

// ICU separates groups with a no-break space (U+00A0 or U+202F); compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatting by language", () => {
  it("writes dates as dd.MM.yyyy, not ICU's Kyrgyz 9/5/25", () => {
    expect(formatDate("2025-05-09", "ky")).toBe("09.05.2025");
    expect(formatDate("2025-05-09", "ru")).toBe("09.05.2025");
    expect(formatDate("2025-05-09", "en")).toBe("09/05/2025");
    // An instant is shown on the organisation's day: 02:30 in Bishkek is the 8th in UTC.
    expect(formatDate("2025-05-08T20:30:00Z", "ru")).toBe("09.05.2025");
    expect(formatDate(new Date("2025-05-08T17:30:00Z"), "en")).toBe("08/05/2025");
    expect(formatDateTime("2025-05-09T00:30:00Z", "ky")).toBe("09.05.2025 06:30");
    // A Tajik provider's clock is UTC+5; an instant near midnight falls on its own day.
    expect(formatDateTime("2025-05-08T18:30:00Z", "ru", "Asia/Dushanbe")).toBe("08.05.2025 23:30");
    expect(formatDateTime("2025-05-08T18:30:00Z", "en")).toBe("09/05/2025 00:30");
  });

  it("writes a stretch of time's end day only where it is not the start's, on the organisation's clock", () => {
    expect(formatMomentSpan("2026-09-27T06:00:00Z", "2026-09-27T12:00:00Z", "ky")).toBe(
      "27.09.2026 12:00 – 18:00",
    );
    // Ending at midnight, or a day and a half later: not a bare 00:00.
    expect(formatMomentSpan("2026-09-27T06:00:00Z", "2026-09-27T18:00:00Z", "ky")).toBe(
      "27.09.2026 12:00 – 28.09.2026 00:00",
    );
    expect(formatMomentSpan("2026-09-27T06:00:00Z", "2026-09-28T18:00:00Z", "en")).toBe(
      "27/09/2026 12:00 – 29/09/2026 00:00",
    );
    // The same UTC day is two of Bishkek's.
    expect(formatMomentSpan("2026-09-27T17:00:00Z", "2026-09-27T19:00:00Z", "ru")).toBe(
      "27.09.2026 23:00 – 28.09.2026 01:00",
    );
  });

  describe("today", () => {
    afterEach(() => {
      vi.useRealTimers();
      setTimeZone(DEFAULT_TIME_ZONE);
    });

    it("is the organisation's day, which in Bishkek begins six hours before UTC's", () => {
      vi.useFakeTimers();
      setTimeZone("Asia/Bishkek");
      // 18:35 UTC on 3 December is already 00:35 on the 4th in Bishkek.
      vi.setSystemTime(new Date("2026-12-03T18:35:00Z"));
      expect(todayIso()).toBe("2026-12-04");
      expect(formatToday("ky")).toBe("04.12.2026");
      expect(formatToday("en")).toBe("04/12/2026");
      // A minute before the Bishkek midnight it is still the 3rd.
      vi.setSystemTime(new Date("2026-12-03T17:59:00Z"));
      expect(formatToday("ru")).toBe("03.12.2026");
      // A Tajik provider (UTC+5) turns its day an hour later.
      setTimeZone("Asia/Dushanbe");
      vi.setSystemTime(new Date("2026-12-03T18:35:00Z"));
      expect(formatToday("tg")).toBe("03.12.2026");
    });
  });

  it("writes an upload's megabytes with one decimal, the local way", () => {
    expect(formatMegabytes(3_250_000, "ky")).toBe("3,1");
    expect(formatMegabytes(25 * 1024 * 1024, "en")).toBe("25.0");
    expect(plain(formatMegabytes(1234 * 1024 * 1024, "ru"))).toBe("1 234,0");
    // Under a megabyte the whole and its part get two decimals, so a small file's line moves.
    expect(formatMegabytes(0, "tg", 240_000)).toBe("0,00");
    expect(formatMegabytes(36_000, "uz", 240_000)).toBe("0,03");
    expect(formatMegabytes(240_000, "en")).toBe("0.23");
    expect(formatMegabytes(36_000, "ky", 5 * 1024 * 1024)).toBe("0,0");
  });

  it("counts an upload's percent down, reaching 100 only when every byte is sent", () => {
    expect(percentSent(0, 1000)).toBe(0);
    expect(percentSent(999, 1000)).toBe(99);
    expect(percentSent(1000, 1000)).toBe(100);
    expect(percentSent(0, 0)).toBe(100); // an empty file has nothing left to send
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1 }), (a, b, total) => {
        const [low, high] = [Math.min(a, b, total), Math.min(Math.max(a, b), total)];
        const p = percentSent(low, total);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(percentSent(high, total));
        expect(p === 100).toBe(low === total);
      }),
    );
  });

  it("groups thousands the local way", () => {
    expect(plain(formatNumber(1234567, "ru"))).toBe("1 234 567");
    expect(plain(formatNumber(1234567, "en"))).toBe("1,234,567");
  });

  it("shows money from integer tyiyn in som with two decimals", () => {
    expect(plain(formatMoney(123450, "ky"))).toBe("1 234,50 сом");
    expect(plain(formatMoney(-5, "ru"))).toBe("−0,05 сом");
    expect(formatMoney(123450, "en")).toBe("KGS 1,234.50");
    expect(plain(formatMoney(100, "tg", "TJS"))).toBe("1,00 сомонӣ");
    expect(() => formatMoney(0.5, "ky")).toThrow();
  });

  it("never loses a tyiyn on the way to text", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (tyiyn) => {
        const text = plain(formatMoney(tyiyn, "en")).replace("KGS ", "").replace(/,/g, "");
        expect(Math.round(Number(text.replace("−", "-")) * 100)).toBe(tyiyn);
      }),
    );
  });

  it("writes cubic metres, which ICU does not know", () => {
    expect(plain(formatVolume(12500.4, "ky"))).toBe("12 500 м³");
    // Not left to the browser's ICU, which may lack Kyrgyz and fall back to "3,220,064".
    expect(plain(formatNumber(3220064.5, "ky", 1))).toBe("3 220 064,5");
    expect(plain(formatNumber(-31.5, "uz", 1))).toBe("-31,5");
    expect(formatNumber(1234.5, "en", 2)).toBe("1,234.50");
    expect(plain(formatVolume(12500.4, "en"))).toBe("12,500 m³");
  });
});

describe("typedNumber", () => {
  it("reads a number typed either way, says empty as null and what is no number as NaN", () => {
    expect(typedNumber("31,5")).toBe(31.5);
    expect(typedNumber("1 234.5")).toBe(1234.5);
    expect(typedNumber(" ")).toBeNull();
    expect(typedNumber("1,234.5")).toBeNaN();
    expect(typedNumber("abc")).toBeNaN();
  });
});
