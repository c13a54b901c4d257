import { type DailyWeather, et0Daily, type Station } from "../domain/planning/et0.js";
import { DomainError } from "../domain/shared/errors.js";

/**
 * `npx aimak et0 --input weather.csv --lat 40.9 --alt 760`: daily FAO-56 ET0 for a file, for
 * hydrometeorologists and anyone checking our numbers. Columns by header name (any order, case
 * ignored): date, tmax, tmin, and what is known of tdew | rh_max, rh_min | rh_mean, rs (MJ/m²/day)
 * | sunshine (hours), wind (m/s), wind_height (m). Missing values may be empty.
 */
const COLUMNS: Record<string, keyof DailyWeather> = {
  date: "date",
  tmax: "tmaxC",
  tmin: "tminC",
  tdew: "tdewC",
  rh_max: "rhMaxPct",
  rh_min: "rhMinPct",
  rh_mean: "rhMeanPct",
  rs: "rsMJ",
  sunshine: "sunshineHours",
  wind: "windMps",
  wind_height: "windHeightM",
};

export function parseEt0Args(
  argv: string[],
): { input: string; station: Station; windHeightM?: number } | string {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const input = get("input");
  const lat = Number(get("lat"));
  const alt = Number(get("alt"));
  if (!input) return "--input FILE is required (a CSV of daily weather; - reads standard input)";
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) return "--lat DEGREES (north positive) is required";
  if (!Number.isFinite(alt)) return "--alt METRES is required";
  const min = get("rs-rso-min");
  const windHeight = get("wind-height");
  return {
    input,
    station: { latitudeDeg: lat, altitudeM: alt, rsRsoMin: min === undefined ? null : Number(min) },
    ...(windHeight === undefined ? {} : { windHeightM: Number(windHeight) }),
  };
}

export function runEt0(
  csv: string,
  station: Station,
  windHeightM?: number,
): { exitCode: 0 | 2; stdout: string; stderr: string } {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== "");
  const separator = lines[0]?.includes(";") && !lines[0].includes(",") ? ";" : ",";
  const header = (lines[0] ?? "").split(separator).map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(h in COLUMNS));
  const missing = ["date", "tmax", "tmin"].filter((h) => !header.includes(h));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length ? `missing columns: ${missing.join(", ")}` : "",
      unknown.length
        ? `unknown columns: ${unknown.join(", ")} (known: ${Object.keys(COLUMNS).join(", ")})`
        : "",
    ].filter(Boolean);
    return { exitCode: 2, stdout: "", stderr: `${parts.join("; ")}\n` };
  }
  const out = ["date,et0_mm,method,ea_from,rs_from,wind_from"];
  const errors: string[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(separator).map((c) => c.trim());
    const row: Record<string, string | number> = {};
    header.forEach((h, k) => {
      const cell = cells[k] ?? "";
      if (cell === "") return;
      const key = COLUMNS[h]!;
      if (key === "date") row[key] = cell;
      else {
        const value = Number(cell.replace(",", "."));
        if (Number.isFinite(value)) row[key] = value;
        else errors.push(`line ${i + 2}, ${h}: not a number: ${cell}`);
      }
    });
    if (windHeightM !== undefined && row.windHeightM === undefined) row.windHeightM = windHeightM;
    try {
      if (typeof row.date !== "string" || typeof row.tmaxC !== "number" || typeof row.tminC !== "number") {
        throw new DomainError("et0.missingTemperature");
      }
      const r = et0Daily(row as unknown as DailyWeather, station);
      out.push(
        [
          row.date,
          r.et0Mm.toFixed(2),
          r.method,
          r.sources.ea ?? "",
          r.sources.rs ?? "",
          r.sources.wind ?? "",
        ].join(","),
      );
    } catch (error) {
      errors.push(`line ${i + 2}: ${error instanceof DomainError ? error.code : String(error)}`);
    }
  });
  if (errors.length > 0) return { exitCode: 2, stdout: "", stderr: `${errors.join("\n")}\n` };
  return { exitCode: 0, stdout: `${out.join("\n")}\n`, stderr: "" };
}
