import { describe, expect, it } from "vitest";
import { LOCALES } from "../../domain/places/units.js";
import { translate } from "./i18n.js";

describe("translate", () => {
  it("writes a day among a message's parameters as the reader's screen does, in every language", () => {
    for (const locale of LOCALES) {
      const text = translate(locale, "errors.field.afterToday", { today: "2026-12-04" });
      expect(text).toContain(locale === "en" ? "04/12/2026" : "04.12.2026");
      expect(text).not.toContain("2026-12-04");
    }
  });

  it("leaves parameters that are not a bare day as they are", () => {
    expect(translate("ky", "errors.field.unknownVillage", { code: "2026-12-04T10:00" })).toContain(
      "2026-12-04T10:00",
    );
    expect(translate("ru", "errors.field.pinRepeatedInFile", { row: 12 })).toContain("12");
  });
});
