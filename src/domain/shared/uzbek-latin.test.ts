import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { smsSegments } from "./phone.js";
import { asTypedOnPhones, catalogInUzbekLatin, toUzbekLatin } from "./uzbek-latin.js";

describe("Uzbek in Latin letters", () => {
  it("writes the letters Uzbek Latin has its own way, oʻ and gʻ with the turned comma", () => {
    expect(toUzbekLatin("Ўзбекча")).toBe("Oʻzbekcha");
    expect(toUzbekLatin("ғалла қўшиш ҳисоб")).toBe("gʻalla qoʻshish hisob");
    expect(toUzbekLatin("Хўжалик китоби")).toBe("Xoʻjalik kitobi");
    expect(toUzbekLatin("чорва, шаҳар, журнал")).toBe("chorva, shahar, jurnal");
    expect(toUzbekLatin("маъно")).toBe("maʼno");
    expect(toUzbekLatin("ёш, юз, ям-яшил, йўл")).toBe("yosh, yuz, yam-yashil, yoʻl");
  });

  it("writes е as ye at a word's start and after a vowel, ц as ts after a vowel, and drops ь", () => {
    expect(toUzbekLatin("Ер ва поезд")).toBe("Yer va poyezd");
    expect(toUzbekLatin("келишув")).toBe("kelishuv");
    expect(toUzbekLatin("цех, концерт, милиция")).toBe("sex, konsert, militsiya");
    expect(toUzbekLatin("мебель")).toBe("mebel");
  });

  it("keeps capitals as the word has them, and what is not Cyrillic as it is", () => {
    expect(toUzbekLatin("ШАҲАР")).toBe("SHAHAR");
    expect(toUzbekLatin("Шаҳар")).toBe("Shahar");
    expect(toUzbekLatin("ЎЗБЕКЧА")).toBe("OʻZBEKCHA");
    expect(toUzbekLatin("Ш")).toBe("Sh");
    expect(toUzbekLatin("PIN 12 ta, CSV")).toBe("PIN 12 ta, CSV");
    // A Kyrgyz village's letters Uzbek has not, as passports write them.
    expect(toUzbekLatin("Жаңы-Жол")).toBe("Jani-Jol");
  });

  it("turns a catalog's words, never its placeholders, nestings or the languages' own names", () => {
    const catalog = {
      language: { label: "Тил", uz: "Ўзбекча", "uz-Latn": "Oʻzbekcha" },
      reg: { event: "{{date}} — $t(reg.event.{{kind}}) қайд этилди", count_other: "{{count}} та хўжалик" },
    };
    expect(catalogInUzbekLatin(catalog)).toEqual({
      language: { label: "Til", uz: "Ўзбекча", "uz-Latn": "Oʻzbekcha" },
      reg: { event: "{{date}} — $t(reg.event.{{kind}}) qayd etildi", count_other: "{{count}} ta xoʻjalik" },
    });
  });

  it("leaves no Cyrillic letter in the product's Uzbek catalog but the languages' names", () => {
    const uz = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../locales/uz.json"), "utf8"));
    const { language, ...words } = catalogInUzbekLatin(uz) as Record<string, unknown>;
    const cyrillic = JSON.stringify(words).match(/[\u0400-\u04ff]+/g) ?? [];
    expect(cyrillic).toEqual([]);
    expect(language).toMatchObject({ label: "Til", uz: "Ўзбекча", "uz-Latn": "Oʻzbekcha" });
  });

  it("writes an SMS's oʻ and gʻ with the apostrophe phones type, keeping it to 160 characters a segment", () => {
    const text = toUzbekLatin("Тўлов қабул қилинди: 1 200 сўм. Қарз йўқ. Маъмурият");
    expect(smsSegments(text).encoding).toBe("ucs2");
    expect(asTypedOnPhones(text)).toBe("To'lov qabul qilindi: 1 200 so'm. Qarz yo'q. Ma'muriyat");
    expect(smsSegments(asTypedOnPhones(text))).toEqual({ encoding: "gsm7", segments: 1 });
  });
});
