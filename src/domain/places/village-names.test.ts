import { describe, expect, it } from "vitest";
import { foldVillageName, villageIndex } from "./village-names.js";

describe("finding a village by what a file calls it", () => {
  const index = villageIndex([
    { code: "41703220980001", name: { ky: "Бел-Көл", ru: "Бель-Коль", en: "Bel-Kol" } },
    { code: "41703220980002", name: { ky: "Ак-Суу", ru: "Ак-Су" } },
    { code: "41703220980003", name: { ky: "Ак-Суу" } },
  ]);

  it("takes a code, or a name in any language, case and Kyrgyz letters aside", () => {
    for (const text of ["41703220980001", "Бел-Көл", "БЕЛ КОЛ", "бель-коль", "bel kol"])
      expect(index.find(text), text).toEqual({ code: "41703220980001" });
    expect(index.find("Ак-Су")).toEqual({ code: "41703220980002" });
    // As an English page or export writes a name that has no English form.
    expect(index.find("Ak-Su")).toEqual({ code: "41703220980002" });
    expect(foldVillageName(" Үч-Қоргон ")).toBe("уч қоргон");
    // Copied from a template's list, which writes a village's code and then its name.
    expect(index.find("41703220980003 Ак-Суу")).toEqual({ code: "41703220980003" });
  });

  it("says when a name is nobody's or two villages'", () => {
    expect(index.find("Талас")).toEqual({ unknown: true });
    expect(index.find("ак суу")).toEqual({ ambiguous: ["41703220980002", "41703220980003"] });
  });
});
