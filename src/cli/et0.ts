import { et0Daily, type Station } from "../domain/planning/et0.js";
import {
  csvHeader,
  readWeatherCsv,
  type WeatherField,
  type WeatherMapping,
} from "../domain/planning/weather-import.js";
import { DomainError } from "../domain/shared/errors.js";
import { translate } from "../server/platform/i18n.js";

/**
 * `npx aimak et0 --input weather.csv --lat 40.9 --alt 760`: daily FAO-56 ET0 for a file, for
 * hydrometeorologists and anyone checking our numbers. Columns by header name (any order, case
 * ignored): date, tmax, tmin, and what is known of tdew | rh_max, rh_min | rh_mean, rs (MJ/m²/day)
 * | sunshine (hours), wind (m/s), wind_height (m). Missing values may be empty. The file is read by
 * the stations' own import (`readWeatherCsv`): the same dates, units, ranges and row errors.
 */
const COLUMNS: Record<string, WeatherField> = {
  date: "date",
  tmax: "tmax",
  tmin: "tmin",
  tdew: "tdew",
  rh_max: "rhMax",
  rh_min: "rhMin",
  rh_mean: "rhMean",
  rs: "radiation",
  sunshine: "radiation",
  wind: "wind",
  wind_height: "windHeight",
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

/**
 * The import's column mapping from the CLI's fixed header names. Measured radiation is preferred
 * to sunshine hours when a file has both, as FAO-56 prefers Rs measured to Rs estimated.
 */
function mappingOf(headers: readonly string[], windHeightM: number): WeatherMapping | string {
  const named = new Map(headers.map((h) => [h.toLowerCase(), h]));
  const unknown = [...named.keys()].filter((h) => !(h in COLUMNS));
  const missing = ["date", "tmax", "tmin"].filter((h) => !named.has(h));
  if (missing.length > 0 || unknown.length > 0)
    return [
      missing.length ? `missing columns: ${missing.join(", ")}` : "",
      unknown.length
        ? `unknown columns: ${unknown.join(", ")} (known: ${Object.keys(COLUMNS).join(", ")})`
        : "",
    ]
      .filter(Boolean)
      .join("; ");
  const radiation = named.has("rs") ? "rs" : "sunshine";
  const columns: WeatherMapping["columns"] = {};
  for (const [name, header] of named)
    if (COLUMNS[name] !== "radiation" || name === radiation) columns[COLUMNS[name]!] = header;
  return {
    columns,
    units: {
      temperature: "C",
      radiation: radiation === "rs" ? "MJ/m2/d" : "sunshine-hours",
      windHeightM,
    },
  };
}

export function runEt0(
  csv: string,
  station: Station,
  windHeightM = 2,
): { exitCode: 0 | 2; stdout: string; stderr: string } {
  const mapping = mappingOf(csvHeader(csv).headers, windHeightM);
  if (typeof mapping === "string") return { exitCode: 2, stdout: "", stderr: `${mapping}\n` };
  const { rows, issues } = readWeatherCsv(csv, mapping);
  const errors = issues.map(
    (i) =>
      `line ${i.line}${i.field ? `, ${i.field}` : ""}: ${translate("en", `planning.import.issue.${i.code}`, i.params)}`,
  );
  const out = ["date,et0_mm,method,ea_from,rs_from,wind_from"];
  for (const row of rows) {
    try {
      const r = et0Daily(row, station);
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
      errors.push(`${row.date}: ${error instanceof DomainError ? error.code : String(error)}`);
    }
  }
  if (errors.length > 0) return { exitCode: 2, stdout: "", stderr: `${errors.join("\n")}\n` };
  return { exitCode: 0, stdout: `${out.join("\n")}\n`, stderr: "" };
}
