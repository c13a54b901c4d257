/**
 * Cyrillic → Latin as Kyrgyz passports print names (ICAO Doc 9303 for the Russian letters, with
 * Ж → J, Ө → O, Ү → U, Ң → N as Kyrgyz practice has it: Жээнбеков → Jeenbekov). Uzbek and Tajik
 * letters go to their nearest Latin.
 */
export const TO_LATIN: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "j",
  з: "z",
  и: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "ie",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
  ң: "n",
  ө: "o",
  ү: "u", // Kyrgyz
  ў: "o",
  қ: "k",
  ғ: "g",
  ҳ: "h", // Uzbek Cyrillic
  ӣ: "i",
  ӯ: "u",
  ҷ: "j", // Tajik
};

export function toLatin(cyrillic: string): string {
  let out = "";
  for (const ch of cyrillic) {
    const lower = ch.toLowerCase();
    const latin = TO_LATIN[lower];
    if (latin === undefined) {
      out += ch;
    } else if (ch !== lower && latin.length > 0) {
      out += latin[0]!.toUpperCase() + latin.slice(1);
    } else {
      out += latin;
    }
  }
  return out;
}
