import { describe, expect, it } from "vitest";
import { LOCALES } from "../../domain/places/units.js";
import { localeFromHeader, translate } from "./i18n.js";

describe("translate", () => {
  it("writes a day among a message's parameters as the reader's screen does, in every language", () => {
    for (const locale of LOCALES) {
      const text = translate(locale, "errors.field.afterToday", { today: "2026-12-04" });
      expect(text).toContain(locale === "en" ? "04/12/2026" : "04.12.2026");
      expect(text).not.toContain("2026-12-04");
    }
  });

  it("writes a moment on the organisation's clock as the reader's screen does, on the 24-hour clock", () => {
    expect(translate("en", "errors.water.readingAhead", { at: "2026-12-04T18:53" })).toBe(
      "A reading cannot be taken at 04/12/2026 18:53: that time has not come yet",
    );
    expect(translate("ru", "errors.water.turnAhead", { at: "2026-12-04T08:05" })).toContain(
      "04.12.2026 08:05",
    );
  });

  it("leaves parameters that are neither a bare day nor a moment as they are", () => {
    expect(translate("ky", "errors.field.unknownVillage", { code: "2026-12-04T10:00:00Z" })).toContain(
      "2026-12-04T10:00:00Z",
    );
    expect(translate("ru", "errors.field.pinRepeatedInFile", { row: 12 })).toContain("12");
  });

  it("quotes a value verbatim as the user wrote it, though it looks like a day: the clerk finds it in the file", () => {
    expect(translate("en", "errors.field.invalidDateValue", { value: { verbatim: "2026-02-30" } })).toContain(
      "“2026-02-30”",
    );
    expect(translate("ru", "errors.field.invalidDateValue", { value: "2026-02-30" })).toContain("30.02.2026");
  });

  it("says a list of messages one after the other, each in the reader's language", () => {
    const columns = ["relation", "surname"].map((c) => ({ key: `registry.book.columns.${c}`, params: {} }));
    expect(translate("ky", "errors.registry.book.missingColumns", { columns })).toBe(
      "Файлда керектүү мамычалар жок: Туугандыгы, Фамилиясы",
    );
  });

  it("writes a fraction with the reader's decimal comma, as given, and leaves whole numbers ungrouped", () => {
    const params = { number: 12045, areaHa: 0.3, date: "2024-04-01" };
    expect(translate("ky", "errors.registry.annulAfterPlot", params)).toContain("№ 12045 ");
    expect(translate("ky", "errors.registry.annulAfterPlot", params)).toContain("(0,3 га)");
    expect(translate("tg", "errors.registry.annulAfterPlot", params)).toContain("0,3 га");
    expect(translate("en", "errors.registry.annulAfterPlot", params)).toContain("0.3 ha");
    expect(translate("ru", "errors.field.areaExceedsPlot", { areaHa: 1234.5678 })).toContain(
      "1\u00a0234,5678",
    );
    expect(translate("ru", "errors.field.areaExceedsPlot", { areaHa: 1 / 3 })).toContain("(0,3333 га)");
    expect(translate("uz", "errors.field.areaBelowPrecision", { min: 0.0001 })).toContain("0,0001 га");
    expect(translate("ky", "errors.field.areaTooLarge", { max: 100_000 })).toContain("100\u00a0000 га");
  });

  it("speaks Uzbek in Latin letters from the Uzbek catalog, when asked for it by name", () => {
    expect(translate("uz", "language.label")).toBe("Тил");
    expect(translate("uz-Latn", "language.label")).toBe("Til");
    expect(translate("uz-Latn", "errors.field.afterToday", { today: "2026-12-04" })).not.toMatch(
      /[\u0400-\u04ff]/,
    );
    expect(localeFromHeader("uz-Latn,uz;q=0.9")).toBe("uz-Latn");
    expect(localeFromHeader("uz-latn-UZ")).toBe("uz-Latn");
    expect(localeFromHeader("uz-Cyrl-UZ,ru;q=0.5")).toBe("uz");
    expect(localeFromHeader("uz")).toBe("uz");
  });
});
