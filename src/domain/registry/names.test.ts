import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toLatin } from "../shared/latin.js";
import {
  birthInQuery,
  endsWithMark,
  fullName,
  fullNameKey,
  fullNameLatin,
  initialsOf,
  isCyrillicName,
  NAME_ORDER,
  nameAsWritten,
  nameOrderKey,
  otherSexForm,
  searchKey,
  shortName,
  tooShortToSearch,
} from "./names.js";

describe("names", () => {
  it("transliterates as Kyrgyz passports print names", () => {
    expect(toLatin("Жээнбеков Сооронбай")).toBe("Jeenbekov Sooronbai");
    expect(toLatin("Үсөнов Медербек")).toBe("Usonov Mederbek");
    expect(toLatin("Хасанова Юлдуз")).toBe("Khasanova Iulduz");
    expect(toLatin("Шаҳноза Қодирова")).toBe("Shahnoza Kodirova");
  });

  it("folds Cyrillic and the usual Latin spellings of one name to one key", () => {
    const same = (...names: string[]) => expect(new Set(names.map(searchKey)).size).toBe(1);
    same("Жээнбеков", "Zheenbekov", "Jeenbekov", "Dzheenbekov", "Жэнбеков");
    same("Үсөнов", "Usonov", "Усонов");
    same("Юсупов", "Yusupov", "Iusupov");
    same("Хасанов", "Hasanov", "Khasanov", "Ҳасанов");
    same("Асанов", "Ассанов", "Asanov");
    same("Айгүл", "Aigul", "Aygul");
  });

  it("gives a surname's and a father's-name word's form for the other sex, and none to a given name", () => {
    const other = (name: string) => otherSexForm(searchKey(name));
    expect(other("Мамытов")).toBe(searchKey("Мамытова"));
    expect(other("Мамытова")).toBe(searchKey("Мамытов"));
    expect(other("Жээнбеков")).toBe(searchKey("Jeenbekova"));
    expect(other("Пушкина")).toBe(searchKey("Пушкин"));
    expect(other("Oʻrinboyev")).toBe(searchKey("Oʻrinboyeva"));
    expect(other("уулу")).toBe(searchKey("кызы"));
    expect(other("кызы")).toBe(searchKey("уулу"));
    expect(other("Айбек")).toBeNull();
    expect(other("Гүлнара")).toBeNull();
    // The other form's other form is the word again.
    for (const name of ["Асанов", "Асанова", "Токтосунов", "уулу"])
      expect(otherSexForm(other(name)!)).toBe(searchKey(name));
  });

  it("takes a birth day or year out of a search's words, leaving a day that is none", () => {
    expect(birthInQuery("Асанов Айбек 2001")).toEqual({
      rest: "Асанов Айбек  ",
      born: { from: "2001-01-01", before: "2002-01-01" },
    });
    expect(birthInQuery("Асанов 15.1.2001")).toEqual({
      rest: "Асанов  ",
      born: { from: "2001-01-15", before: "2001-01-16" },
    });
    expect(birthInQuery("31.12.1999 Асанов").born).toEqual({ from: "1999-12-31", before: "2000-01-01" });
    // No 31 February: left as typed, to match no name.
    expect(birthInQuery("Асанов 31.02.2001")).toEqual({ rest: "Асанов 31.02.2001", born: null });
    // Neither a house number nor a PIN's digits are a year.
    expect(birthInQuery("Ленин 12").born).toBeNull();
    expect(birthInQuery("21501200100103").born).toBeNull();
    expect(birthInQuery("Асанов").born).toBeNull();
  });

  it("keeps words apart and drops punctuation", () => {
    expect(searchKey("  Асанов-Токтогулов, Айбек  ")).toBe("asanov toktogulov aibek");
    expect(searchKey("Oʻrinboyev")).toBe("orinboiev");
  });

  it("gives any Cyrillic name the same key as its own transliteration, and is idempotent", () => {
    const letters = [..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөүўқғҳӣӯҷ"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 15 }), (chars) => {
        const name = chars.join("");
        expect(searchKey(toLatin(name))).toBe(searchKey(name));
        expect(searchKey(searchKey(name))).toBe(searchKey(name));
      }),
      { numRuns: 20_000 },
    );
  });

  it("shows initials and recognises Cyrillic names", () => {
    expect(initialsOf({ surname: "Асанов", givenName: "Айбек", patronymic: "Нурланович" })).toBe("А. А. Н.");
    expect(initialsOf({ surname: "Асанова", givenName: "Гүлнара" })).toBe("А. Г.");
    expect(isCyrillicName("Гүлнара")).toBe(true);
    expect(isCyrillicName("Асанов уулу")).toBe(true);
    expect(isCyrillicName("Gulnara")).toBe(false);
  });

  it("writes a name with its first letter a capital and one space between words, and sees a mark ending it", () => {
    expect(nameAsWritten("  өмүрбеков ")).toBe("Өмүрбеков");
    expect(nameAsWritten("Асан   уулу")).toBe("Асан уулу");
    expect(nameAsWritten("ңурлан")).toBe("Ңурлан");
    expect(endsWithMark("Нурлан-")).toBe(true);
    expect(endsWithMark("Асан’ ")).toBe(true);
    expect(endsWithMark("Жаңы-Бек")).toBe(false);
  });

  it("derives a full name's Latin form and key part by part, exactly as from the whole name", () => {
    const part = fc.string({
      unit: fc.constantFrom(..."АаЖжҮүӨөҢңХхЙйЫыЕеЁёKkHhZzYyCcSsDdJj -'".split("")),
      minLength: 1,
      maxLength: 12,
    });
    fc.assert(
      fc.property(part, part, fc.option(part, { nil: null }), (surname, givenName, patronymic) => {
        const names = { surname, givenName, patronymic };
        expect(fullNameKey(names)).toBe(searchKey(fullName(names)));
        expect(fullNameLatin(names)).toBe(toLatin(fullName(names)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("a name shortened for a select", () => {
  const upTo = (n: number) => (name: string) => [...name].length <= n;
  const long = { surname: "Жээнбекова-Шамшыбекова", givenName: "Шаршеркүл" };

  it("stays whole where it fits, then gives the given name by its initial", () => {
    expect(shortName({ surname: "Асанова", givenName: "Гүлнара" }, upTo(15))).toBe("Асанова Гүлнара");
    expect(shortName(long, upTo(32))).toBe("Жээнбекова-Шамшыбекова Шаршеркүл");
    expect(shortName(long, upTo(31))).toBe("Жээнбекова-Шамшыбекова Ш.");
  });

  it("cuts the surname in the middle, keeping its start and end, down to two letters each side", () => {
    expect(shortName(long, upTo(20))).toBe("Жээнбеко…шыбекова Ш.");
    expect(shortName(long, upTo(3))).toBe("Жэ…ва Ш.");
  });

  it("fits any room the shortest form fits, ending with the given name's initial whenever it is not whole", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.integer({ min: 9, max: 60 }),
        (surname, givenName, room) => {
          const name = shortName({ surname, givenName }, upTo(room));
          expect([...name].length).toBeLessThanOrEqual(room);
          if (name !== `${surname} ${givenName}`) expect(name.endsWith(` ${[...givenName][0]}.`)).toBe(true);
        },
      ),
    );
  });
});

describe("the order names are filed in", () => {
  const sorted = (names: string[]) =>
    [...names].sort((a, b) =>
      nameOrderKey(a) < nameOrderKey(b) ? -1 : nameOrderKey(a) > nameOrderKey(b) ? 1 : 0,
    );

  it("follows the Kyrgyz alphabet, whatever the case", () => {
    expect(
      sorted([
        "Чынара",
        "Жылдыз",
        "Өмүрбек",
        "Омурбек",
        "Үсөн",
        "Улан",
        "Яна",
        "Ңаа",
        "Нурлан",
        "Ёлка",
        "Евгений",
      ]),
    ).toEqual([
      "Евгений",
      "Ёлка",
      "Жылдыз",
      "Нурлан",
      "Ңаа",
      "Омурбек",
      "Өмүрбек",
      "Улан",
      "Үсөн",
      "Чынара",
      "Яна",
    ]);
    expect(nameOrderKey("АСАНОВ")).toBe(nameOrderKey("асанов"));
  });

  it("gives SQL's translate every letter of either case once, the space first", () => {
    const from = [...NAME_ORDER.from];
    const to = [...NAME_ORDER.to];
    expect(to).toHaveLength(from.length);
    expect(new Set(from).size).toBe(from.length);
    expect(from[0]).toBe(" ");
    for (const letter of "абвгғдеёжзиӣйкқлмнңоөпрстуүўӯфхҳцчҷшщъыьэюя") {
      expect(from, letter).toContain(letter);
      expect(to[from.indexOf(letter.toUpperCase())], letter).toBe(to[from.indexOf(letter)]);
    }
  });

  it("files a shorter name before a longer one that begins with it, and word by word", () => {
    expect(sorted(["Асанова Айгүл", "Асанов Улан", "Асан"])).toEqual([
      "Асан",
      "Асанов Улан",
      "Асанова Айгүл",
    ]);
  });
});

describe("a search text too short to search", () => {
  it("is one letter, or signs without a letter or a digit", () => {
    for (const short of ["ы", "а", " A ", "№", "%", "-ы-"]) expect(tooShortToSearch(short)).toBe(true);
  });

  it("is not two letters, a digit, or nothing at all (the whole list)", () => {
    for (const fine of ["ас", "a b", "4", "№4", "", "  ", "Асанов"])
      expect(tooShortToSearch(fine)).toBe(false);
  });
});
