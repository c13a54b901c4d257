import { inflateSync } from "node:zlib";

/**
 * The text of a PDF made by pdfmake/pdfkit or printed by Chromium, one string per line, as a reader
 * copying it would get it: a space wherever a visible gap separates two pieces of text on a line,
 * as PDF text extractors (pdftotext, a browser's copy) infer it. Only what those two write is
 * understood: embedded Type0 fonts with a ToUnicode map and a /W widths array, text placed by `Tm`
 * (and moved by `Td`) and drawn by `TJ` or `Tj`, no transformed text.
 */
export function pdfText(pdf: Buffer): string[] {
  const source = pdf.toString("latin1");
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const [dict, raw] = m[2]!.split(/stream\r?\n/, 2) as [string, string | undefined];
    let stream: string | null = null;
    if (raw !== undefined) {
      const bytes = Buffer.from(raw.replace(/\r?\nendstream\s*$/, ""), "latin1");
      stream = (dict.includes("/FlateDecode") ? inflateSync(bytes) : bytes).toString("latin1");
    }
    objects.set(Number(m[1]), { dict, stream });
  }
  const ref = (dict: string, key: string) => {
    const m = new RegExp(`/${key}\\s*\\[?\\s*(\\d+) 0 R`).exec(dict);
    return m ? objects.get(Number(m[1])) : undefined;
  };

  const fonts = new Map<string, { unicode: Map<number, string>; widths: Map<number, number> }>();
  for (const [, resources] of source.matchAll(/\/Font\s*<<([^>]*)>>/g))
    for (const [, name, id] of resources!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(id))!;
      fonts.set(name!, {
        unicode: toUnicode(ref(font.dict, "ToUnicode")?.stream ?? ""),
        widths: widths(ref(font.dict, "DescendantFonts")?.dict ?? ""),
      });
    }

  // Each page's lines are its own: two pages' lines at one height are not one line.
  const runs: { page: number; x: number; y: number; end: number; text: string }[] = [];
  let pageNumber = 0;
  for (const page of objects.values()) {
    if (!/\/Type\s*\/Page\b/.test(page.dict)) continue;
    pageNumber++;
    const content = ref(page.dict, "Contents")?.stream ?? "";
    let x = 0;
    let y = 0;
    let font = fonts.get("");
    let size = 0;
    const operands: string[] = [];
    for (const [token] of content.matchAll(/\[[^\]]*\]|<[0-9a-fA-F]*>|\/\w+|[-+.\d]+|[A-Za-z*'"]+/g)) {
      if (/^[A-Za-z*'"]+$/.test(token)) {
        // Chromium draws upside down (`1 0 0 -1 x y Tm`): its y grows down the page.
        if (token === "Tm") {
          const [, , , d, e, f] = operands.slice(-6).map(Number) as number[];
          [x, y] = [e!, d! < 0 ? -f! : f!];
        }
        if (token === "Td") {
          x += Number(operands.at(-2));
          y += Number(operands.at(-1));
        }
        if (token === "Tf") {
          font = fonts.get(operands.at(-2)!.slice(1));
          size = Number(operands.at(-1));
        }
        if ((token === "TJ" || token === "Tj") && font) {
          let text = "";
          let advance = 0;
          for (const [part] of operands.at(-1)!.matchAll(/<[0-9a-fA-F]*>|[-+.\d]+/g))
            if (part.startsWith("<"))
              for (let i = 1; i + 4 <= part.length - 1; i += 4) {
                const glyph = Number.parseInt(part.slice(i, i + 4), 16);
                text += font.unicode.get(glyph) ?? "\uFFFD";
                advance += ((font.widths.get(glyph) ?? 0) * size) / 1000;
              }
            else advance -= (Number(part) * size) / 1000;
          runs.push({ page: pageNumber, x, y, end: x + advance, text });
        }
        operands.length = 0;
      } else operands.push(token);
    }
  }

  const lines = new Map<string, typeof runs>();
  for (const run of runs) {
    const key = `${run.page}:${Math.round(run.y * 2) / 2}`;
    lines.set(key, [...(lines.get(key) ?? []), run]);
  }
  const pageAndHeight = (key: string) => key.split(":").map(Number) as [number, number];
  return [...lines.entries()]
    .sort(([a], [b]) => {
      const [pageA, yA] = pageAndHeight(a);
      const [pageB, yB] = pageAndHeight(b);
      return pageA - pageB || yB - yA;
    })
    .map(([, line]) => {
      line.sort((a, b) => a.x - b.x);
      let text = "";
      let end = Number.NEGATIVE_INFINITY;
      for (const run of line) {
        // A gap wider than a tenth of a point reads as a space, as an extractor would put one.
        if (run.x - end > 0.1 && text !== "" && !text.endsWith(" ")) text += " ";
        text += run.text;
        end = run.end;
      }
      return text.trim();
    });
}

/**
 * A ToUnicode CMap's glyph → text, from the `bfrange` arrays and `bfchar` pairs pdfkit writes and
 * the `bfrange` runs (one start text, counted up) Chromium writes.
 */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, "hex").swap16().toString("utf16le");
  for (const m of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<[0-9a-fA-F]+>\s*\[([^\]]*)\]/g)) {
    const start = Number.parseInt(m[1]!, 16);
    // A ligature's text is several units, which pdfkit writes apart: "fi" is <0066 0069>.
    [...m[2]!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach(([, hex], i) => {
      map.set(start + i, utf16(hex!.replace(/\s/g, "")));
    });
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, start, end, first] of block[1]!.matchAll(
      /^[ \t]*<([0-9a-fA-F]+)>[ \t]*<([0-9a-fA-F]+)>[ \t]*<([0-9a-fA-F]+)>[ \t]*$/gm,
    ))
      for (let glyph = Number.parseInt(start!, 16); glyph <= Number.parseInt(end!, 16); glyph++)
        map.set(
          glyph,
          String.fromCodePoint(Number.parseInt(first!, 16) + glyph - Number.parseInt(start!, 16)),
        );
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, hex] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(Number.parseInt(code!, 16), utf16(hex!));
  return map;
}

/**
 * A CID font's /W array in thousandths of the font size: runs `start [w w …]` (pdfkit, Chromium)
 * and ranges of one width, `first last w` (Chromium).
 */
function widths(descendant: string): Map<number, number> {
  const map = new Map<number, number>();
  const w = /\/W\s*\[([\s\S]*)\]/.exec(descendant)?.[1] ?? "";
  const tokens = w.match(/\[[^\]]*\]|[-+.\d]+/g) ?? [];
  for (let i = 0; i + 1 < tokens.length; ) {
    const start = Number(tokens[i]);
    const next = tokens[i + 1]!;
    if (next.startsWith("[")) {
      next
        .slice(1, -1)
        .trim()
        .split(/\s+/)
        .forEach((width, k) => {
          map.set(start + k, Number(width));
        });
      i += 2;
    } else {
      for (let glyph = start; glyph <= Number(next); glyph++) map.set(glyph, Number(tokens[i + 2]));
      i += 3;
    }
  }
  return map;
}
