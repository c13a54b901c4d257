import { searchKey } from "./names.js";

/**
 * The search key of a household's address: its village's names (in every language the register
 * has them), street and house, folded as names are (`searchKey`: Cyrillic through its passport
 * Latin, the Kyrgyz letters with their plain ones), each word once. "Ленин кочосу 8", "Lenin 8",
 * "Жаны-Жол" and "Zhany-Zhol" then meet "Жаңы-Жол, Ленин көчөсү 8".
 */
export function addressKey(address: {
  villageNames: readonly string[];
  street: string | null;
  house: string | null;
}): string {
  const words = searchKey([...address.villageNames, address.street ?? "", address.house ?? ""].join(" "));
  return [...new Set(words.split(" ").filter(Boolean))].join(" ");
}
