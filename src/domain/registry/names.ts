import { addDays } from "../billing/calendar.js";
import { daysInMonth } from "../shared/decade.js";
import { TO_LATIN, toLatin } from "../shared/latin.js";

/**
 * Names of people: written in Cyrillic (Kyrgyz, Russian, Uzbek, Tajik letters), shown in Latin as
 * passports print them, and searched either way.
 */

/**
 * The search key of a name: one spelling that Cyrillic and the many Latin spellings of the same
 * name fold to, so "Жээнбеков", "Zheenbekov" and "Jeenbekov" meet, as do "Үсөнов" and "Usonov".
 * Sounds that transliterations spell differently fold together (ж/zh/dj → j, х/kh/h → h, ы/и/й/y → i,
 * ё/э/е → e); doubled letters collapse, because clerks double and undouble them freely.
 */

const LATIN_DIGRAPHS: [RegExp, string][] = [
  [/kh/g, "h"],
  [/dzh|dj|zh/g, "j"],
  [/y(?=[aeiou])/g, "i"], // Yusupov / Iusupov; a Latin "j" is Kyrgyz ж (Japarov), left alone
  [/y/g, "i"],
  [/w/g, "v"],
  [/q/g, "k"],
  [/x/g, "ks"],
  [/c(?!h)/g, "k"],
];

export function searchKey(text: string): string {
  const lower = text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[ʻʼ'`’‘]/g, "");
  let folded = "";
  for (const ch of lower) {
    const mapped = TO_LATIN[ch];
    if (mapped !== undefined) folded += mapped;
    else if (/[a-z0-9]/.test(ch)) folded += ch;
    else if (/[ öüğışçñäé]/.test(ch)) folded += LATIN_ACCENTS[ch] ?? " ";
    else folded += " ";
  }
  // Spelling rules run over the Cyrillic's transliteration too, so "дж" meets "dj" and "кх" "kh".
  // Cyrillic went through its transliteration, so both scripts meet the same spelling rules; they
  // run to a fixed point (with doubles collapsed) so that a key folds to itself.
  for (let previous = ""; previous !== folded; ) {
    previous = folded;
    // Letters only: a house number's "11" is not "1".
    folded = folded.replace(/([a-z])\1+/g, "$1");
    for (const [pattern, replacement] of LATIN_DIGRAPHS) folded = folded.replace(pattern, replacement);
  }
  return folded.split(/\s+/).filter(Boolean).join(" ");
}

/**
 * A name word's form for the other sex, as search keys write them: a surname in -ов, -ев, -ин and
 * its -ова, -ева, -ина (Мамытов, Мамытова), and the words of a Kyrgyz surname after the father,
 * уулу and кызы (Асан уулу, Асан кызы). Null for a word that has none. A clerk asked for "the
 * Мамытовs" or told "Гүлнара Асанов" means the women of the family too.
 */
export function otherSexForm(key: string): string | null {
  if (key === "ulu") return "kizi";
  if (key === "kizi") return "ulu";
  if (key.length < 4) return null;
  if (/(ov|ev|in)a$/.test(key)) return key.slice(0, -1);
  if (/(ov|ev|in)$/.test(key)) return `${key}a`;
  return null;
}

/** The days a birth typed in a search names: from the first, up to (not including) `before`. */
export interface BirthDays {
  from: string;
  before: string;
}

/**
 * A birth day (dd.mm.yyyy) or year (1900–2099) typed among a name's words, as a clerk narrows a
 * common name ("Асанов Айбек 2001", "Асанов 15.01.2001"): the days it names, and the text without it.
 * A day that is no calendar day is left in the text, where it matches no name.
 */
export function birthInQuery(text: string): { rest: string; born: BirthDays | null } {
  const day = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?![\d.])/.exec(text);
  if (day) {
    const [typed, d, m, y] = day;
    const month = Number(m);
    if (month >= 1 && month <= 12 && Number(d) >= 1 && Number(d) <= daysInMonth(Number(y), month)) {
      const from = `${y}-${m!.padStart(2, "0")}-${d!.padStart(2, "0")}`;
      return { rest: text.replace(typed, " "), born: { from, before: addDays(from, 1) } };
    }
    return { rest: text, born: null };
  }
  const year = /(?<![\d.])((?:19|20)\d{2})(?![\d.])/.exec(text);
  if (year)
    return {
      rest: text.replace(year[0], " "),
      born: { from: `${year[1]}-01-01`, before: `${Number(year[1]) + 1}-01-01` },
    };
  return { rest: text, born: null };
}

/** Fewer letters than this (and no digit) is not a search: one letter matched names at random. */
export const QUERY_MIN_LETTERS = 2;

/** A search text too short to search: some text, but no digit and fewer than QUERY_MIN_LETTERS letters. */
export function tooShortToSearch(q: string): boolean {
  const text = q.trim();
  return text.length > 0 && !/\d/.test(text) && (text.match(/\p{L}/gu)?.length ?? 0) < QUERY_MIN_LETTERS;
}

const LATIN_ACCENTS: Record<string, string> = {
  " ": " ",
  ö: "o",
  ü: "u",
  ğ: "g",
  ı: "i",
  ş: "sh",
  ç: "ch",
  ñ: "n",
  ä: "a",
  é: "e",
};

/**
 * A pure function of one string, remembered: the names of a register repeat (a few thousand
 * surnames, given names and patronymics make up millions of people), so an import of 400,000
 * people folds each distinct name once. The memory is bounded; when full it starts over.
 */
function remembered<R>(fn: (text: string) => R, limit = 100_000): (text: string) => R {
  const memory = new Map<string, R>();
  return (text) => {
    let result = memory.get(text);
    if (result === undefined) {
      result = fn(text);
      if (memory.size >= limit) memory.clear();
      memory.set(text, result);
    }
    return result;
  };
}

const partLatin = remembered(toLatin);
const partKey = remembered(searchKey);
type NameParts = { surname: string; givenName: string; patronymic?: string | null };
const partsOf = (p: NameParts) =>
  p.patronymic ? [p.surname, p.givenName, p.patronymic] : [p.surname, p.givenName];

/**
 * The Latin form and the search key of a full name, part by part: the same as `toLatin` and
 * `searchKey` of `fullName(p)` (neither folds across a space), with each part remembered.
 */
export const fullNameLatin = (p: NameParts) => partsOf(p).map(partLatin).join(" ");
export const fullNameKey = (p: NameParts) =>
  partsOf(p)
    .map(partKey)
    .filter((key) => key.length > 0)
    .join(" ");
/** `isCyrillicName`, remembered: the check an import runs on every part of every name. */
export const isCyrillicNamePart = remembered(isCyrillicName);

/** Full name in the order the register shows it: surname, given name, patronymic. */
export function fullName(p: { surname: string; givenName: string; patronymic?: string | null }): string {
  return [p.surname, p.givenName, p.patronymic].filter(Boolean).join(" ");
}

/**
 * A person's surname and given name as long as `fits` allows, for a choice that cannot wrap (a
 * form's select on a phone, where the birth date after the name must stay in sight): whole when it
 * fits; else the given name by its initial; else the surname too cut in the middle ("…"), keeping
 * its start and its end, which a family's names differ by (down to two letters each side).
 */
export function shortName(
  p: { surname: string; givenName: string },
  fits: (name: string) => boolean,
): string {
  const whole = `${p.surname} ${p.givenName}`;
  if (fits(whole)) return whole;
  const initial = ` ${[...p.givenName][0] ?? ""}.`;
  const letters = [...p.surname];
  let name = `${p.surname}${initial}`;
  for (let kept = letters.length - 1; !fits(name) && kept >= 4; kept--) {
    const end = Math.floor(kept / 2);
    name = `${letters.slice(0, kept - end).join("")}…${letters.slice(letters.length - end).join("")}${initial}`;
  }
  return name;
}

/** Initials that a verification page may show: "А. А. Асанов" → holder matches the paper. */
export function initialsOf(p: { surname: string; givenName: string; patronymic?: string | null }): string {
  const initial = (s?: string | null) => (s ? `${[...s][0]!.toUpperCase()}.` : "");
  // In the order the paper prints the name: surname, given name, patronymic.
  return [`${[...p.surname][0]!.toUpperCase()}.`, initial(p.givenName), initial(p.patronymic)]
    .filter(Boolean)
    .join(" ");
}

/**
 * A name as the register keeps it: one space between its words and its first letter a capital, as
 * the paper book writes it ("асанов" typed → "Асанов"; "Асан уулу" keeps its small "уулу").
 */
export function nameAsWritten(text: string): string {
  const spaced = text.trim().replace(/\s+/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A hyphen or an apostrophe ending a name ("Нурлан-"): a name ends with a letter. */
export const endsWithMark = (text: string) => /['’-]$/.test(text.trim());

/** Cyrillic names only (any of ky/ru/uz/tg letters), hyphens, apostrophes and spaces. */
export function isCyrillicName(text: string): boolean {
  return /^[А-Яа-яЁёҢңӨөҮүЎўҚқҒғҲҳӢӣӮӯҶҷ][А-Яа-яЁёҢңӨөҮүЎўҚқҒғҲҳӢӣӮӯҶҷ'’\- ]*$/.test(text.trim());
}

/**
 * Name letters in the order a Kyrgyz reader files them (Ң after Н, Ө after О, Ү after У), Russian's
 * among them and the Uzbek and Tajik letters beside their base letter. Byte or code-point order
 * would put Ң, Ө and Ү after Я, and the Latin search key Ч (ch) before Ж (j).
 */
const NAME_ALPHABET = "абвгғдеёжзиӣйкқлмнңоөпрстуүўӯфхҳцчҷшщъыьэюя";
/**
 * Name letters from the commonest, as counted in the national bench register's names (which
 * follow the country's name frequencies): PostgreSQL's translate() looks each letter of a name up
 * in its list from the start, and in this order a name's key took 3.0 µs where the alphabet's order
 * took 7.0 (100,000 names, PostgreSQL 15). The space comes first, as itself: every name has it.
 */
const NAME_LETTERS_BY_FREQUENCY = " аовнериклуыбтмАдсчзйБМгНТүЖКСшЭөхДУпРОГИШьжэяЧңВфЮХёЗФПҮӨЕЛЫцЯю";
/**
 * Each letter, either case, and the private-use character that sorts it (U+E000 on, in alphabet
 * order): SQL's translate(name, from, to), the commonest letters first. The order of the pairs
 * changes how fast the key is made, not the key.
 */
export const NAME_ORDER = (() => {
  const pairs: [string, string][] = [
    [" ", " "],
    ...[...NAME_ALPHABET].flatMap((letter, i): [string, string][] => {
      const sorter = String.fromCharCode(0xe000 + i);
      return [
        [letter, sorter],
        [letter.toUpperCase(), sorter],
      ];
    }),
  ];
  // Letters the count did not meet keep their alphabet order, after those it did.
  const rank = (letter: string) => {
    const at = NAME_LETTERS_BY_FREQUENCY.indexOf(letter);
    return at < 0 ? NAME_LETTERS_BY_FREQUENCY.length : at;
  };
  pairs.sort((a, b) => rank(a[0]) - rank(b[0]));
  return { from: pairs.map(([letter]) => letter).join(""), to: pairs.map(([, sorter]) => sorter).join("") };
})();
const NAME_ORDER_OF = new Map([...NAME_ORDER.from].map((l, i) => [l, NAME_ORDER.to[i]!]));

/** A key that sorts names (compared by code point, SQL's `collate "C"`) in Kyrgyz alphabetical order. */
export const nameOrderKey = (name: string) => [...name].map((c) => NAME_ORDER_OF.get(c) ?? c).join("");
