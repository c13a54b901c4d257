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

export const PDF_FONT_DIR = fontDir;

/** Renders a document (A4 unless it says otherwise) to PDF bytes. */
export async function renderPdf(document: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake.createPdf({ pageSize: "A4", ...document }).getBuffer();
}
