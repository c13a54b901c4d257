import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvDialect, decodeCsv, parseCsv, unguardFormula, writeCsv } from "./csv.js";

describe("reading CSV", () => {
  it("reads quoted fields, doubled quotes and a field across lines, keeping each record's line", () => {
    const text = '\uFEFFname,note\r\n"Асанов, А.","said ""yes"""\r\n\r\nБеков,"two\nlines"\nЖумаев,x\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ["name", "note"] },
      { line: 2, cells: ["Асанов, А.", 'said "yes"'] },
      { line: 4, cells: ["Беков", "two\nlines"] },
      { line: 6, cells: ["Жумаев", "x"] },
    ]);
  });

  it("takes the delimiter the header uses most: semicolon, tab or comma", () => {
    expect(parseCsv("date;tmax;tmin\n01.05.2026;24,5;10")[1]!.cells).toEqual(["01.05.2026", "24,5", "10"]);
    expect(parseCsv("date\ttmax\n2026-05-01\t24.5")[1]!.cells).toEqual(["2026-05-01", "24.5"]);
    expect(parseCsv("a,b\n1,2")[1]!.cells).toEqual(["1", "2"]);
  });

  it("skips blank records, even ones of empty cells, and reads a last line without a newline", () => {
    expect(parseCsv("a;b\n;\n  \n1;2")).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 4, cells: ["1", "2"] },
    ]);
    expect(parseCsv("")).toEqual([]);
  });
});

describe("writing CSV for a spreadsheet", () => {
  it("uses ';' and a decimal comma for ky/ru/uz/tg, ',' and a point for English", () => {
    const rows = [
      ["Аты", "Аянты"],
      ["Асанов; А.", 2.75],
      ["Бекова", 3],
    ];
    expect(writeCsv(rows, csvDialect("ru"))).toBe('Аты;Аянты\r\n"Асанов; А.";2,75\r\nБекова;3\r\n');
    expect(writeCsv(rows, csvDialect("en"))).toBe('Аты,Аянты\r\n"Асанов; А.",2.75\r\nБекова,3\r\n');
    for (const l of ["ky", "uz", "tg"]) expect(csvDialect(l)).toEqual(csvDialect("ru"));
  });

  it("keeps PINs, codes and phones as text behind a tab, and short numbers as they are", () => {
    expect(
      writeCsv([["21203197900017", "0555123456", "+996555123456", "12", "12345678901"]], csvDialect("ky")),
    ).toBe('"\t21203197900017";"\t0555123456";"\t+996555123456";12;12345678901\r\n');
  });

  it("writes text a spreadsheet would run as a formula after an apostrophe, and takes it off when read back", () => {
    const typed = ['=HYPERLINK("http://x";"y")', "+7 (700)", "- суу жок", "@SUM(A1)", "Ош-Базар", "5"];
    const written = writeCsv([typed], csvDialect("ky"));
    expect(written).toBe(`"'=HYPERLINK(""http://x"";""y"")";'+7 (700);'- суу жок;'@SUM(A1);Ош-Базар;5\r\n`);
    expect(parseCsv(written)[0]!.cells.map(unguardFormula)).toEqual(typed);
    // Only the writer's own apostrophe is taken off: one typed before a formula comes back.
    expect(unguardFormula("'Ала-Бука")).toBe("'Ала-Бука");
    expect(parseCsv(writeCsv([["'=1"]], csvDialect("ky")))[0]!.cells.map(unguardFormula)).toEqual(["'=1"]);
  });

  it("reads back what it writes, in both dialects (trimming the tab that keeps digits text)", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "Ң ө ү",
        "a;b",
        'say "hi"',
        "two\nlines",
        "00123",
        "21203197900017",
        "=1+1",
        "'-x",
        "''@",
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1 }),
        fc.boolean(),
        (rows, en) => {
          // A first line of two cells, so the reader's sniffing meets the separator.
          const table = [["a", "b"], ...rows];
          const back = parseCsv(writeCsv(table, csvDialect(en ? "en" : "ky")));
          const shown = (r: string[]) => r.map((v) => unguardFormula(v.replace(/^\t/, "")));
          const kept = table.filter((r) => r.some((v) => v.trim() !== ""));
          expect(back.map((r) => shown(r.cells))).toEqual(kept);
        },
      ),
    );
  });
});

describe("decoding an uploaded CSV", () => {
  it("reads UTF-8 with or without a byte-order mark, and Windows-1251", () => {
    expect(decodeCsv(Buffer.from("\uFEFFАйыл;Көчө", "utf8"))).toBe("Айыл;Көчө");
    expect(decodeCsv(Buffer.from("Айыл;Көчө", "utf8"))).toBe("Айыл;Көчө");
    // "Село;Улица" as Excel on a Russian Windows saves it.
    const cp1251 = Buffer.from([0xd1, 0xe5, 0xeb, 0xee, 0x3b, 0xd3, 0xeb, 0xe8, 0xf6, 0xe0]);
    expect(decodeCsv(cp1251)).toBe("Село;Улица");
  });

  it("refuses a file whose Kyrgyz letters were lost to its encoding (a '?' starting or splitting a Cyrillic word)", () => {
    // "Үмөт көчөсү" as Excel on a Russian Windows saves it: "?м?т к?ч?с?".
    const lost = Buffer.from([0x3f, 0xec, 0x3f, 0xf2, 0x20, 0xea, 0x3f, 0xf7, 0x3f, 0xf1, 0x3f]);
    expect(() => decodeCsv(lost)).toThrow(expect.objectContaining({ code: "file.lettersLost" }));
    expect(() => decodeCsv(Buffer.from('Көчө;"?й"', "utf8"))).toThrow(
      expect.objectContaining({ code: "file.lettersLost" }),
    );
    // A question asked in a note is not a lost letter, nor a lone "?".
    expect(decodeCsv(Buffer.from("Эскертүү;Ким? Асан;?;Who?", "utf8"))).toBe("Эскертүү;Ким? Асан;?;Who?");
  });
});
