import { toLatin } from "../shared/latin.js";
import type { LocalizedText } from "./units.js";

/**
 * A village as a file names it: by its code, or by any of its names in any language, written with
 * or without the Kyrgyz letters (clerks often type Көл as Кол on a Russian keyboard), or in Latin
 * letters, in any case, with hyphens or spaces. A name two villages share is ambiguous and names neither.
 */
export type VillageMatch = { code: string } | { unknown: true } | { ambiguous: string[] };

const KYRGYZ_LETTERS: Record<string, string> = { ң: "н", ө: "о", ү: "у", ё: "е", һ: "х" };
const KYRGYZ_LETTER = /[ңөүёһ]/g;
const SEPARATORS = /[\s\-–—.,"«»']+/g;

/** The form a village name is compared in. */
export function foldVillageName(value: string): string {
  return value
    .toLowerCase()
    .replace(KYRGYZ_LETTER, (l) => KYRGYZ_LETTERS[l]!)
    .replace(SEPARATORS, " ")
    .trim();
}

export interface VillageIndex {
  /** What a cell's text names (the text trimmed, as the cell gave it). */
  find(text: string): VillageMatch;
}

export function villageIndex(villages: readonly { code: string; name: LocalizedText }[]): VillageIndex {
  const codes = new Set(villages.map((v) => v.code));
  const byName = new Map<string, string[]>();
  // A name is also found as an English page writes one it has no English for (pickName): in Latin.
  for (const v of villages)
    for (const name of Object.values(v.name).flatMap((n) => (n ? [n, toLatin(n)] : []))) {
      const key = foldVillageName(name);
      const found = byName.get(key);
      if (!found) byName.set(key, [v.code]);
      else if (!found.includes(v.code)) found.push(v.code);
    }
  // A cell is looked up once per household, but the same few names repeat over a whole book.
  const seen = new Map<string, VillageMatch>();
  return {
    find(text) {
      let match = seen.get(text);
      if (match) return match;
      // As a template's list of villages writes one, its code and then its name: the code decides.
      const lead = /^(\S+)\s/.exec(text)?.[1];
      if (codes.has(text)) match = { code: text };
      else if (lead && codes.has(lead)) match = { code: lead };
      else {
        const found = byName.get(foldVillageName(text));
        match = !found ? { unknown: true } : found.length === 1 ? { code: found[0]! } : { ambiguous: found };
      }
      seen.set(text, match);
      return match;
    },
  };
}
