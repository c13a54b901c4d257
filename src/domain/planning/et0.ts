import { DomainError } from "../shared/errors.js";
import * as f from "./fao56.js";

/** A weather station: where it is matters for radiation, pressure and solar time. */
export interface Station {
  latitudeDeg: number;
  altitudeM: number;
  /** For hourly data: the station's longitude and its time zone's central meridian, degrees west. */
  longitudeWestDeg?: number;
  timeZoneWestDeg?: number;
  /** Coastal stations use kRs 0.19 when Rs is estimated from temperatures (Eq. 50). */
  coastal?: boolean;
  /**
   * Lower limit of Rs/Rso in Eq. 39. FAO-56 states only the upper limit (1.0); REF-ET and
   * ASCE-EWRI also use 0.3. Null keeps FAO-56 as printed.
   */
  rsRsoMin?: number | null;
}

export interface DailyWeather {
  date: string; // YYYY-MM-DD
  tmaxC: number;
  tminC: number;
  tdewC?: number;
  rhMaxPct?: number;
  rhMinPct?: number;
  rhMeanPct?: number;
  /** Measured solar radiation, MJ m⁻² day⁻¹. */
  rsMJ?: number;
  sunshineHours?: number;
  windMps?: number;
  windHeightM?: number;
}

export type VapourPressureSource = "dew-point" | "rh-max-min" | "rh-max" | "rh-mean" | "tmin";
export type RadiationSource = "measured" | "sunshine" | "temperature-range";
export type WindSource = "measured" | "default-2-m-s";

/** Every ET0 value says which method and which estimates produced it (FAO-56 ch. 3, missing data). */
export interface Et0 {
  et0Mm: number;
  method: "penman-monteith" | "hargreaves-samani";
  sources: { ea: VapourPressureSource | null; rs: RadiationSource | null; wind: WindSource | null };
}

export interface Et0Options {
  /** Use Hargreaves-Samani (Eq. 52) when only temperatures are known, instead of PM with estimates. */
  hargreavesWhenOnlyTemperature?: boolean;
  /** In arid climates Tdew ≈ Tmin − 2…3 °C (FAO-56 Annex 6); 0 by default. */
  dewPointBelowTminC?: number;
}

/** FAO-56's default wind speed when none is measured (m/s at 2 m). */
export const DEFAULT_WIND_MPS = 2;

export function dayOfYear(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new DomainError("date.invalid", { value: date });
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((t - Date.UTC(Number(m[1]), 0, 1)) / 86_400_000) + 1;
}

function vapourPressure(w: DailyWeather, options: Et0Options): { ea: number; source: VapourPressureSource } {
  if (w.tdewC !== undefined) return { ea: f.vapourPressureFromDewPoint(w.tdewC), source: "dew-point" };
  if (w.rhMaxPct !== undefined && w.rhMinPct !== undefined) {
    return {
      ea: f.vapourPressureFromRhMaxMin(w.tminC, w.tmaxC, w.rhMaxPct, w.rhMinPct),
      source: "rh-max-min",
    };
  }
  if (w.rhMaxPct !== undefined)
    return { ea: f.vapourPressureFromRhMax(w.tminC, w.rhMaxPct), source: "rh-max" };
  if (w.rhMeanPct !== undefined)
    return { ea: f.vapourPressureFromRhMean(w.tminC, w.tmaxC, w.rhMeanPct), source: "rh-mean" };
  return { ea: f.vapourPressureFromDewPoint(w.tminC - (options.dewPointBelowTminC ?? 0)), source: "tmin" };
}

interface Radiation {
  rn: number;
  source: RadiationSource;
}

function netRadiation(w: DailyWeather, station: Station, doy: number, ea: number): Radiation {
  const lat = f.degreesToRadians(station.latitudeDeg);
  const ra = f.extraterrestrialRadiationDaily(lat, doy);
  let rs: number;
  let source: RadiationSource;
  if (w.rsMJ !== undefined) {
    rs = w.rsMJ;
    source = "measured";
  } else if (w.sunshineHours !== undefined) {
    const n = f.daylightHours(f.sunsetHourAngle(lat, f.solarDeclination(doy)));
    rs = f.solarRadiationFromSunshine(ra, w.sunshineHours, n);
    source = "sunshine";
  } else {
    rs = f.solarRadiationFromTemperature(w.tmaxC, w.tminC, ra, station.coastal ? 0.19 : 0.16);
    source = "temperature-range";
  }
  const rso = f.clearSkyRadiation(ra, station.altitudeM);
  // An estimate cannot exceed clear-sky radiation (FAO-56, note to Eq. 50); a measurement stands,
  // and only its ratio to Rso is bounded, in Eq. 39.
  if (source !== "measured") rs = Math.min(rs, rso);
  const rnl = f.netLongwaveRadiation(w.tmaxC, w.tminC, ea, rs, rso, { minRatio: station.rsRsoMin ?? 0 });
  return { rn: f.netShortwaveRadiation(rs) - rnl, source };
}

/** ET0 for one day, with FAO-56's rules for whatever is missing. G = 0 for a day (Eq. 42). */
export function et0Daily(w: DailyWeather, station: Station, options: Et0Options = {}): Et0 {
  return et0OfPeriod(w, station, options, 0);
}

/** Daily-form Penman-Monteith for a day or for a month's mean day, given its soil heat flux. */
function et0OfPeriod(w: DailyWeather, station: Station, options: Et0Options, soilHeatFlux: number): Et0 {
  if (!(w.tmaxC >= w.tminC)) throw new DomainError("et0.temperaturesReversed", { date: w.date });
  const doy = dayOfYear(w.date);
  const onlyTemperature =
    w.tdewC === undefined &&
    w.rhMaxPct === undefined &&
    w.rhMeanPct === undefined &&
    w.rsMJ === undefined &&
    w.sunshineHours === undefined &&
    w.windMps === undefined;
  if (onlyTemperature && options.hargreavesWhenOnlyTemperature) {
    const ra = f.extraterrestrialRadiationDaily(f.degreesToRadians(station.latitudeDeg), doy);
    return {
      et0Mm: f.hargreavesSamani(w.tmaxC, w.tminC, ra),
      method: "hargreaves-samani",
      sources: { ea: null, rs: null, wind: null },
    };
  }
  const { ea, source: eaSource } = vapourPressure(w, options);
  const { rn, source: rsSource } = netRadiation(w, station, doy, ea);
  const wind = w.windMps === undefined ? DEFAULT_WIND_MPS : f.windSpeedAt2m(w.windMps, w.windHeightM ?? 2);
  const tMean = (w.tmaxC + w.tminC) / 2;
  const et0Mm = f.penmanMonteithDaily({
    rn,
    g: soilHeatFlux,
    tC: tMean,
    u2: wind,
    es: f.meanSaturationVapourPressure(w.tmaxC, w.tminC),
    ea,
    delta: f.saturationSlope(tMean),
    gamma: f.psychrometricConstant(f.atmosphericPressureKpa(station.altitudeM)),
  });
  return {
    et0Mm,
    method: "penman-monteith",
    sources: { ea: eaSource, rs: rsSource, wind: w.windMps === undefined ? "default-2-m-s" : "measured" },
  };
}

export interface MonthlyWeather extends Omit<DailyWeather, "date"> {
  year: number;
  month: number; // 1–12
  /** Mean temperatures of the months before and after, for the soil heat flux (Eqs. 43–44). */
  tPrevMonthC?: number;
  tNextMonthC?: number;
}

/** ET0 for a month of mean data (mm/day), on the month's middle day as FAO-56 does (J ≈ 30.4 M − 15). */
export function et0Monthly(w: MonthlyWeather, station: Station, options: Et0Options = {}): Et0 {
  const middle = Math.floor(30.4 * w.month - 15);
  const date = new Date(Date.UTC(w.year, 0, middle)).toISOString().slice(0, 10);
  const tMonth = (w.tmaxC + w.tminC) / 2;
  const g =
    w.tPrevMonthC !== undefined && w.tNextMonthC !== undefined
      ? f.soilHeatFluxMonthly(w.tPrevMonthC, w.tNextMonthC)
      : w.tPrevMonthC !== undefined
        ? f.soilHeatFluxMonthlyFromPrevious(w.tPrevMonthC, tMonth)
        : 0;
  return et0OfPeriod({ ...w, date }, station, options, g);
}

export interface HourlyWeather {
  date: string;
  /** Clock hour at the start of the period (local standard time), e.g. 14 for 14:00–15:00. */
  hourStart: number;
  tC: number;
  rhPct?: number;
  tdewC?: number;
  /** Measured solar radiation over the hour, MJ m⁻² h⁻¹. */
  rsMJ: number;
  windMps: number;
  windHeightM?: number;
}

/**
 * Hourly ET0 (Eq. 53), G from Eqs. 45–46. At night Rs/Rso is not defined: FAO-56 carries the
 * ratio of the hours before sunset over; pass it as `nightRsRso` (the paper's example uses 0.8).
 */
export function et0Hourly(w: HourlyWeather, station: Station, nightRsRso = 0.8): Et0 & { daytime: boolean } {
  if (station.longitudeWestDeg === undefined || station.timeZoneWestDeg === undefined) {
    throw new DomainError("et0.hourlyNeedsLongitude");
  }
  const doy = dayOfYear(w.date);
  const lat = f.degreesToRadians(station.latitudeDeg);
  const omega = f.solarTimeAngle(doy, w.hourStart + 0.5, station.longitudeWestDeg, station.timeZoneWestDeg);
  const ra = f.extraterrestrialRadiationPeriod(lat, doy, omega, 1);
  const daytime = ra > 0;
  const ea =
    w.tdewC !== undefined
      ? f.vapourPressureFromDewPoint(w.tdewC)
      : f.saturationVapourPressure(w.tC) * ((w.rhPct ?? 0) / 100);
  const rso = f.clearSkyRadiation(ra, station.altitudeM);
  const ratio = daytime ? Math.min(1, w.rsMJ / rso) : nightRsRso;
  // Eq. 39 per hour, with the hour's temperature; the ratio is passed as Rs and Rso = 1.
  const rnl = f.netLongwaveRadiation(w.tC, w.tC, ea, ratio, 1, {
    perHour: true,
    minRatio: station.rsRsoMin ?? 0,
  });
  const rn = f.netShortwaveRadiation(w.rsMJ) - rnl;
  const et0Mm = f.penmanMonteithHourly({
    rn,
    g: f.soilHeatFluxHourly(rn, daytime),
    tC: w.tC,
    u2: f.windSpeedAt2m(w.windMps, w.windHeightM ?? 2),
    es: f.saturationVapourPressure(w.tC),
    ea,
    delta: f.saturationSlope(w.tC),
    gamma: f.psychrometricConstant(f.atmosphericPressureKpa(station.altitudeM)),
  });
  return {
    et0Mm,
    daytime,
    method: "penman-monteith",
    sources: { ea: w.tdewC !== undefined ? "dew-point" : "rh-mean", rs: "measured", wind: "measured" },
  };
}
