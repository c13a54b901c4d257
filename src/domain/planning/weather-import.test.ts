import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvHeader, readWeatherCsv, type WeatherMapping } from "./weather-import.js";

const MAPPING: WeatherMapping = {
  columns: { date: "Date", tmax: "Tmax", tmin: "Tmin", radiation: "Rs", wind: "U", rain: "P" },
  units: { temperature: "C", radiation: "MJ/m2/d", windHeightM: 10 },
};
const HEAD = "Date;Tmax;Tmin;Rs;U;P";

describe("readWeatherCsv", () => {
  it("reads days as the region writes them, day first with any separator, or ISO", () => {
    const csv = [HEAD, "05.07.2026;30;15;25;2;0", "6/7/2026;31;16;25;2;0", "07-07-2026;32;17;25;2;0"]
      .concat(["08 07 2026;33;18;25;2;0", "2026-07-09;34;19;25;2;0"])
      .join("\n");
    const { rows, issues } = readWeatherCsv(csv, MAPPING);
    expect(issues).toEqual([]);
    expect(rows.map((r) => r.date)).toEqual([
      "2026-07-05",
      "2026-07-06",
      "2026-07-07",
      "2026-07-08",
      "2026-07-09",
    ]);
  });

  it("refuses a day the calendar lacks, a month-first day and a day twice, naming the lines", () => {
    const csv = [HEAD, "31.06.2026;30;15;25;2;0", "07/13/2026;30;15;25;2;0", "", "01.07.2026;30;15;25;2;0"]
      .concat(["2026-07-01;30;15;25;2;0", ";30;15;25;2;0"])
      .join("\r\n");
    const { rows, issues } = readWeatherCsv(csv, MAPPING);
    expect(issues).toEqual([
      { line: 2, field: "date", code: "invalidDate", params: { value: "31.06.2026" } },
      { line: 3, field: "date", code: "invalidDate", params: { value: "07/13/2026" } },
      { line: 6, field: "date", code: "duplicateDate", params: { value: "2026-07-01", other: 5 } },
      { line: 7, field: "date", code: "invalidDate", params: { value: "" } },
    ]);
    expect(rows.map((r) => r.date)).toEqual(["2026-07-01"]);
  });

  it("converts the stated units to FAO-56's and brings the anemometer's height along", () => {
    const csv = ["Date,Tmax,Tmin,Rs,U,P", '05.07.2026,303.15,288.15,300,2.5,"1,5"'].join("\n");
    const { rows, issues } = readWeatherCsv(csv, {
      ...MAPPING,
      units: { temperature: "K", radiation: "W/m2", windHeightM: 10 },
    });
    expect(issues).toEqual([]);
    expect(rows[0]!.tmaxC).toBeCloseTo(30, 10);
    expect(rows[0]!.tminC).toBeCloseTo(15, 10);
    expect(rows[0]!.rsMJ).toBeCloseTo(25.92, 10);
    expect(rows[0]).toMatchObject({ windMps: 2.5, windHeightM: 10, rainMm: 1.5 });

    const sunshine = readWeatherCsv(`${HEAD}\n05.07.2026;30;15;11.5;;`, {
      ...MAPPING,
      units: { temperature: "C", radiation: "sunshine-hours", windHeightM: 2 },
    });
    expect(sunshine.rows[0]).toEqual({ date: "2026-07-05", tmaxC: 30, tminC: 15, sunshineHours: 11.5 });
  });

  it("refuses a value that is no number, out of its range or missing, and reversed temperatures", () => {
    const csv = [HEAD, "01.07.2026;abc;15;25;2;0", "02.07.2026;30;;25;2;0", "03.07.2026;30;15;60;2;0"]
      .concat(["04.07.2026;10;20;25;2;0", "05.07.2026;3e1;0x10;25;2;0"])
      .join("\n");
    const { rows, issues } = readWeatherCsv(csv, MAPPING);
    expect(rows).toEqual([]);
    expect(issues).toEqual([
      { line: 2, field: "tmax", code: "notANumber", params: { value: "abc" } },
      { line: 3, field: "tmin", code: "valueRequired", params: {} },
      { line: 4, field: "radiation", code: "outOfRange", params: { value: "60", min: 0, max: 45 } },
      { line: 5, field: "tmax", code: "temperaturesReversed", params: { tmax: 10, tmin: 20 } },
      // Written as no weather station writes a number: not read as 30 and 16.
      { line: 6, field: "tmax", code: "notANumber", params: { value: "3e1" } },
      { line: 6, field: "tmin", code: "notANumber", params: { value: "0x10" } },
    ]);
  });

  it("says which required column is unmapped or absent from the file, and when there are no rows", () => {
    expect(
      readWeatherCsv(`${HEAD}\n01.07.2026;30;15;25;2;0`, {
        ...MAPPING,
        columns: { date: "Date", tmax: "Tmax", tmin: "Minimum" },
      }).issues,
    ).toEqual([{ line: 1, field: "tmin", code: "columnMissing", params: { column: "Minimum" } }]);
    expect(readWeatherCsv(HEAD, { ...MAPPING, columns: { date: "Date" } }).issues).toEqual([
      { line: 1, field: "tmax", code: "columnRequired", params: {} },
      { line: 1, field: "tmin", code: "columnRequired", params: {} },
    ]);
    expect(readWeatherCsv(HEAD, MAPPING).issues).toEqual([
      { line: 1, field: null, code: "noRows", params: {} },
    ]);
    expect(csvHeader(`\uFEFF ${HEAD}\n1;2`)).toEqual({ headers: ["Date", "Tmax", "Tmin", "Rs", "U", "P"] });
  });

  it("keeps a row exactly when it has no issue, whatever the values", () => {
    const value = fc.oneof(fc.constant(""), fc.constant("x"), fc.integer({ min: -80, max: 80 }).map(String));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 20 }), (temperatures) => {
        const lines = temperatures.map(([tmax, tmin], i) => `${i + 1}.01.2026;${tmax};${tmin};;;`);
        const { rows, issues } = readWeatherCsv([HEAD, ...lines].join("\n"), MAPPING);
        const faulty = new Set(issues.map((i) => i.line));
        expect(rows.length + faulty.size).toBe(temperatures.length);
        for (const row of rows) expect(row.tmaxC).toBeGreaterThanOrEqual(row.tminC);
      }),
    );
  });
});
