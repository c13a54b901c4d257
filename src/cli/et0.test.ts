import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEt0Args, runEt0 } from "./et0.js";

const maricopa = JSON.parse(
  readFileSync(
    path.resolve(
      import.meta.dirname,
      "../../test/fixtures/fao56/refet_pyfao56_maricopa_daily_2003_2020.json",
    ),
    "utf8",
  ),
) as { rows: Record<string, number | string>[]; site: { lat_deg: number; elev_m: number } };

describe("npx aimak et0", () => {
  it("computes a file of daily weather and says how each value was made", () => {
    const rows = maricopa.rows.slice(180, 190);
    const csv = [
      "Date;TMAX;TMIN;TDEW;RS;WIND",
      ...rows.map((r) => [r.date, r.tmax_C, r.tmin_C, r.tdew_C, r.rs_MJ_m2_day, r.wind_m_s_at_3m].join(";")),
    ].join("\n");
    const run = runEt0(
      csv,
      { latitudeDeg: maricopa.site.lat_deg, altitudeM: maricopa.site.elev_m, rsRsoMin: 0.3 },
      3,
    );
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe("date,et0_mm,method,ea_from,rs_from,wind_from");
    lines.slice(1).forEach((line, i) => {
      const [date, et0, method, ea, rs, wind] = line.split(",");
      expect(date).toBe(rows[i]!.date);
      expect(Math.abs(Number(et0) - Number(rows[i]!.eto_fao56_mm))).toBeLessThanOrEqual(0.05);
      expect([method, ea, rs, wind]).toEqual(["penman-monteith", "dew-point", "measured", "measured"]);
    });
  });

  it("takes the anemometer height per row, and sunshine hours where radiation is not measured", () => {
    const csv = (height: string) =>
      `date,tmax,tmin,sunshine,wind,wind_height\n2026-07-15,34,18,11,3,${height}\n`;
    const station = { latitudeDeg: 40.9, altitudeM: 760, rsRsoMin: null };
    const et0 = (run: { stdout: string }) => Number(run.stdout.split("\n")[1]!.split(",")[1]);
    expect(runEt0(csv("10"), station).stdout).toContain("penman-monteith,tmin,sunshine,measured");
    // Wind measured at 10 m is stronger than at 2 m: brought down, it gives less ET0.
    expect(et0(runEt0(csv("10"), station))).toBeLessThan(et0(runEt0(csv("2"), station)));
    expect(et0(runEt0(csv(""), station, 10))).toBe(et0(runEt0(csv("10"), station)));
  });

  it("estimates what is missing and says so", () => {
    const run = runEt0("date,tmax,tmin\n2026-07-15,34,18\n", { latitudeDeg: 40.9, altitudeM: 760 });
    expect(run.stdout).toContain("penman-monteith,tmin,temperature-range,default-2-m-s");
  });

  it("names missing or unknown columns and bad cells, with exit code 2", () => {
    expect(runEt0("date,tmax\n", { latitudeDeg: 40, altitudeM: 0 })).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining("missing columns: tmin"),
    });
    expect(runEt0("date,tmax,tmin,rain\n", { latitudeDeg: 40, altitudeM: 0 }).stderr).toContain(
      "unknown columns: rain",
    );
    const bad = runEt0("date,tmax,tmin\n2026-07-15,hot,18\n2026-07-16,10,20\n", {
      latitudeDeg: 40,
      altitudeM: 0,
    });
    expect(bad.exitCode).toBe(2);
    // The stations' import reads the file: its row errors, in English.
    expect(bad.stderr).toContain("line 2, tmax: Not a number: “hot”");
    expect(bad.stderr).toContain("line 3, tmax: Max temperature 10 is below min 20");
    const odd = runEt0("Date,TMAX,TMIN\n31.07.2026,34,18\n2026-07-31,35,18\n2026-08-01,75,18\n", {
      latitudeDeg: 40,
      altitudeM: 0,
    });
    expect(odd.stderr).toContain("line 3, date: 31/07/2026 is already on line 2");
    expect(odd.stderr).toContain("line 4, tmax: “75” is outside -60…60 (check the unit)");
  });

  it("reads its arguments", () => {
    expect(parseEt0Args(["--input", "w.csv", "--lat", "40.9", "--alt", "760"])).toMatchObject({
      input: "w.csv",
      station: { latitudeDeg: 40.9, altitudeM: 760 },
    });
    expect(parseEt0Args(["--input", "w.csv"])).toContain("--lat");
  });
});
