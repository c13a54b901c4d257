import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";

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
