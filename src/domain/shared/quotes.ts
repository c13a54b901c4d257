/** Quotation marks a name may be written with, opening and closing. */
const PAIRS = [
  ["«", "»"],
  ["“", "”"],
  ["„", "“"],
  ['"', '"'],
] as const;

/**
 * A name as a message quotes it. The catalogs put each language's quotation marks around a name
 * they quote («{{name}}»), so a name written with its own («Үй-бүлөгө көмөк») gives those up
 * rather than being quoted twice; any other name is left as written.
 */
export function unquoted(name: string): string {
  const text = name.trim();
  for (const [open, close] of PAIRS)
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) return text.slice(1, -1).trim();
  return name;
}
