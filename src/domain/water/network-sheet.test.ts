import { describe, expect, it } from "vitest";
import { gaugeCells, readLine, type SheetLookups } from "./network-sheet.js";

const fold = (s: string) => s.trim().toLowerCase();
const lookups: SheetLookups = {
  choices: {
    kind: new Map([
      ["outlet", "outlet"],
      ["водовыпуск", "outlet"],
    ]),
    lining: new Map([["бетон", "concrete"]]),
    structureKind: new Map([["гидропост", "gauging-post"]]),
    gaugeKind: new Map([
      ["таблица расходов", "rating-table"],
      ["лоток паршалла", "parshall-flume"],
    ]),
  },
  booleans: new Map([
    ["да", true],
    ["нет", false],
  ]),
  fold,
};

describe("reading a row of the network file", () => {
  it("reads a reach with words in any language and a comma as the decimal mark", () => {
    const { line, issues } = readLine(
      "reaches",
      {
        code: "СБ-1",
        name: "Водовыпуск 1",
        parentCode: "Р-1",
        kind: "Водовыпуск",
        capacityLps: "120,5",
        lining: "бетон",
        capacityOverride: "нет",
      },
      lookups,
    );
    expect(issues).toEqual([]);
    expect(line).toMatchObject({
      kind: "outlet",
      capacityLps: 120.5,
      lining: "concrete",
      efficiency: 1,
      capacityOverride: false,
    });
  });

  it("names each cell at fault and leaves the row out", () => {
    const { line, issues } = readLine(
      "reaches",
      { code: "X", kind: "канал?", capacityLps: "много", lengthM: -1 },
      lookups,
    );
    expect(line).toBe(null);
    expect(issues.map((i) => `${i.column}:${i.code}`)).toEqual([
      "name:required",
      "kind:invalid",
      "capacityLps:invalid",
    ]);
  });

  it("reads numbers as people type them, and only so", () => {
    const capacity = (capacityLps: string) =>
      readLine("reaches", { code: "К-1", name: "Канал", kind: "outlet", capacityLps }, lookups);
    expect(capacity("1 234,5").line).toMatchObject({ capacityLps: 1234.5 });
    // A spreadsheet's exponent or a programmer's hexadecimal is no capacity a clerk typed.
    for (const written of ["1e3", "0x10", "1,234.5"])
      expect(capacity(written).issues.map((i) => `${i.column}:${i.code}`)).toEqual(["capacityLps:invalid"]);
  });

  it("reads a gauging post's rating table and point, and asks for a flume's throat", () => {
    const post = readLine(
      "structures",
      {
        code: "ГП-1",
        name: "Пост",
        reachCode: "Р-1",
        structureKind: "Гидропост",
        gaugeKind: "Таблица расходов",
        ratingTable: "0.1:12; 0.2:40",
        lon: 74.6,
        lat: 42.5,
      },
      lookups,
    );
    expect(post.line).toMatchObject({
      kind: "gauging-post",
      gauge: {
        kind: "rating-table",
        points: [
          { levelM: 0.1, flowLps: 12 },
          { levelM: 0.2, flowLps: 40 },
        ],
      },
      geometry: { type: "Point", coordinates: [74.6, 42.5] },
    });
    expect(gaugeCells(post.line!.gauge)).toEqual({
      gaugeKind: "rating-table",
      ratingTable: "0.1:12; 0.2:40",
    });
    const flume = readLine(
      "structures",
      {
        code: "ГП-2",
        name: "Пост",
        reachCode: "Р-1",
        structureKind: "гидропост",
        gaugeKind: "лоток Паршалла",
        lat: 42.5,
      },
      lookups,
    );
    expect(flume.issues.map((i) => `${i.column}:${i.code}`)).toEqual([
      "lon:required",
      "throatWidthM:required",
    ]);
  });

  it("finds a plot by its user and cadastral number, or asks for them", () => {
    expect(
      readLine("plots", { waterUserNumber: "17", cadastralNumber: "4-03-12-0007" }, lookups).line,
    ).toMatchObject({
      plotId: null,
      waterUserNumber: 17,
    });
    // Written as the plots keep it: a file that spaces it otherwise finds the same plot.
    for (const [typed, kept] of [
      [" 4-03-12 – 0007 ", "4-03-12-0007"],
      ["4-03 12", "4-03 12"],
    ])
      expect(
        readLine("plots", { waterUserNumber: "17", cadastralNumber: typed }, lookups).line?.cadastralNumber,
      ).toBe(kept);
    expect(readLine("plots", { cadastralNumber: "4-03-12-0007" }, lookups).issues).toEqual([
      { column: "plotId", code: "plotKeyRequired" },
    ]);
  });
});
