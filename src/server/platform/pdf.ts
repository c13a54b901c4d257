import { createRequire } from "node:module";
import path from "node:path";
import pdfmake from "pdfmake";
import type { TDocumentDefinitions } from "pdfmake/interfaces.js";

// Roboto ships with pdfmake and has every Kyrgyz (ң ө ү), Uzbek (ў қ ғ ҳ) and Tajik (ғ ӣ қ ӯ ҳ ҷ)
// letter, so documents print the same on a fresh machine with no system fonts.
const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve("pdfmake/package.json")),
  "fonts",
  "Roboto",
);

pdfmake.setFonts({
  Roboto: {
    normal: path.join(fontDir, "Roboto-Regular.ttf"),
    bold: path.join(fontDir, "Roboto-Medium.ttf"),
    italics: path.join(fontDir, "Roboto-Italic.ttf"),
    bolditalics: path.join(fontDir, "Roboto-MediumItalic.ttf"),
  },
});
// Documents are built from our data: the only files they may read are the fonts.
pdfmake.setLocalAccessPolicy((file: string) => path.resolve(file).startsWith(fontDir));
// …and nothing on the network: a paper never embeds or fetches a remote image or font.
pdfmake.setUrlAccessPolicy(() => false);

/**
 * Roboto has no ʻ (U+02BB), with which Uzbek Latin writes oʻ and gʻ: on paper it is the ‘ (U+2018)
 * much of Uzbek print uses for it, rather than a letter dropped.
 */
function printable<T>(node: T): T {
  if (typeof node === "string") return node.replaceAll("\u02bb", "\u2018") as T;
  if (Array.isArray(node)) return node.map(printable) as T;
  if (node === null || typeof node !== "object" || Object.getPrototypeOf(node) !== Object.prototype)
    return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, printable(value)])) as T;
}

/** Renders a document (A4 unless it says otherwise) to PDF bytes. */
export async function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake.createPdf(printable({ pageSize: "A4", ...document })).getBuffer();
}
