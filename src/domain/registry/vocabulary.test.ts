import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG_LOCALES as LOCALES } from "../places/units.js";
import {
  COUNTRY_CODES,
  countryName,
  isCountryCode,
  RELATIONS,
  relationWordKey,
  relationWordKeys,
  seniority,
} from "./vocabulary.js";

const catalogs = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(readFileSync(path.join(import.meta.dirname, "../../locales", `${l}.json`), "utf8")),
  ]),
);
const word = (locale: string, key: string): string =>
  key.split(".").reduce((node, part) => node?.[part], catalogs[locale]) as unknown as string;
const ky = (key: string) => word("ky", key);

const man = { sex: "male", birthDate: "1980-05-01" };
const woman = { sex: "female", birthDate: "1980-05-01" };
const kin = (
  relation: string,
  birthDate: string | null,
  sex = relation === "sister" ? "female" : "male",
) => ({
  relation,
  sex,
  birthDate,
});

describe("relationWordKey", () => {
  it("names a head's brother older than the head агасы and a younger one иниси", () => {
    expect(ky(relationWordKey(kin("brother", "1975-01-01"), man))).toBe("агасы");
    expect(ky(relationWordKey(kin("brother", "1985-01-01"), man))).toBe("иниси");
    expect(ky(relationWordKey(kin("brother", "1975-01-01"), woman))).toBe("агасы");
    expect(ky(relationWordKey(kin("brother", "1985-01-01"), woman))).toBe("иниси");
  });

  it("names an older sister эжеси, a man's younger sister карындашы and a woman's сиңдиси", () => {
    expect(ky(relationWordKey(kin("sister", "1975-01-01"), man))).toBe("эжеси");
    expect(ky(relationWordKey(kin("sister", "1975-01-01"), woman))).toBe("эжеси");
    expect(ky(relationWordKey(kin("sister", "1985-01-01"), man))).toBe("карындашы");
    expect(ky(relationWordKey(kin("sister", "1985-01-01"), woman))).toBe("сиңдиси");
  });

  it("keeps the combined word where a birth date or the head is unknown, or both were born on one day", () => {
    for (const [member, head] of [
      [kin("sister", null), man],
      [kin("sister", "1985-01-01"), { sex: "male", birthDate: null }],
      [kin("brother", "1980-05-01"), man],
      [kin("brother", "1975-01-01"), null],
    ] as const)
      expect(relationWordKey(member, head)).toBe(`registry.relations.${member.relation}`);
    expect(ky(relationWordKey(kin("brother", null), man))).toBe("агасы/иниси");
  });

  it("chooses by age in Uzbek; Russian, Tajik and English keep one word", () => {
    const younger = relationWordKey(kin("sister", "1985-01-01"), woman);
    const older = relationWordKey(kin("brother", "1975-01-01"), woman);
    expect([word("uz", older), word("uz", younger)]).toEqual(["акаси", "синглиси"]);
    expect([word("ru", older), word("ru", younger)]).toEqual(["брат", "сестра"]);
    expect([word("tg", older), word("tg", younger)]).toEqual(["бародар", "хоҳар"]);
    expect([word("en", older), word("en", younger)]).toEqual(["brother", "sister"]);
  });

  it("still names a spouse, a grandchild and a grandparent by the member's own sex", () => {
    expect(
      word("ru", relationWordKey({ relation: "spouse", sex: "female", birthDate: "1982-01-01" }, man)),
    ).toBe("жена");
    expect(ky(relationWordKey({ relation: "grandparent", sex: "male" }, woman))).toBe("чоң атасы");
    expect(ky(relationWordKey({ relation: "son", sex: "male", birthDate: "2005-01-01" }, man))).toBe("уулу");
  });

  it("gives every brother and sister exactly one word, in every language, that the import reads back", () => {
    const day = fc
      .date({ min: new Date("1900-01-01"), max: new Date("2030-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.constantFrom("brother", "sister"),
        fc.option(day),
        fc.option(day),
        fc.constantFrom("male", "female"),
        (relation, memberBorn, headBorn, headSex) => {
          const key = relationWordKey(kin(relation, memberBorn), { sex: headSex, birthDate: headBorn });
          expect(relationWordKeys(relation)).toContain(key);
          for (const locale of LOCALES) expect(typeof word(locale, key)).toBe("string");
        },
      ),
    );
  });

  it("swaps older and younger when the two birth dates are swapped", () => {
    const day = fc
      .integer({ min: 0, max: 60_000 })
      .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const there = seniority(a, b);
        const back = seniority(b, a);
        if (a === b) expect([there, back]).toEqual([null, null]);
        else expect(new Set([there, back])).toEqual(new Set(["older", "younger"]));
        const brother = (x: string, y: string) =>
          relationWordKey(kin("brother", x), { sex: "male", birthDate: y });
        if (a < b) {
          expect(brother(a, b)).toBe("registry.relationsByAge.brother.older");
          expect(brother(b, a)).toBe("registry.relationsByAge.brother.younger.male");
        }
      }),
    );
  });

  it("has a word in every language for every key any relation may take", () => {
    const missing = RELATIONS.flatMap((r) => relationWordKeys(r)).flatMap((key) =>
      LOCALES.filter((l) => typeof word(l, key) !== "string").map((l) => `${l}: ${key}`),
    );
    expect(missing).toEqual([]);
  });
});

describe("countryName", () => {
  it("names a country kept as its code in the catalog's words, in every language", () => {
    expect(countryName(ky, "RU")).toBe(ky("reg.countries.RU"));
    for (const locale of LOCALES)
      for (const code of COUNTRY_CODES) {
        const name = countryName((key) => word(locale, key), code);
        expect(name, `${locale} ${code}`).toEqual(expect.any(String));
        expect(name).not.toBe(code);
      }
  });

  it("shows a country typed before countries were codes as it was typed", () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !isCountryCode(text)),
        (text) => countryName(ky, text) === text,
      ),
    );
  });
});
