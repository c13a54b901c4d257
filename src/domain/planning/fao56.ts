/**
 * FAO Irrigation and Drainage Paper 56 (Allen, Pereira, Raes, Smith, 1998), chapter 3: the
 * functions behind reference evapotranspiration, one per equation, in the paper's units:
 * temperatures °C, pressures kPa, radiation MJ m⁻² per day (or per hour), wind m/s at 2 m.
 */

/** Eq. 7: atmospheric pressure from altitude z (m). */
export const atmosphericPressureKpa = (altitudeM: number) =>
  101.3 * ((293 - 0.0065 * altitudeM) / 293) ** 5.26;

/** Eq. 8: psychrometric constant γ (kPa/°C). */
export const psychrometricConstant = (pressureKpa: number) => 0.665e-3 * pressureKpa;

/** Eq. 11: saturation vapour pressure e°(T) (kPa). */
export const saturationVapourPressure = (tC: number) => 0.6108 * Math.exp((17.27 * tC) / (tC + 237.3));

/** Eq. 12: mean saturation vapour pressure es from Tmax and Tmin (not from Tmean: e° is convex). */
export const meanSaturationVapourPressure = (tmaxC: number, tminC: number) =>
  (saturationVapourPressure(tmaxC) + saturationVapourPressure(tminC)) / 2;

/** Eq. 13: slope Δ of the saturation vapour pressure curve at T (kPa/°C). */
export const saturationSlope = (tC: number) => (4098 * saturationVapourPressure(tC)) / (tC + 237.3) ** 2;

/** Eq. 14: actual vapour pressure from dew point. Eq. 48 uses Tmin for Tdew when humidity is missing. */
export const vapourPressureFromDewPoint = (tdewC: number) => saturationVapourPressure(tdewC);

/** Eq. 17: from RHmax and RHmin (%). */
export const vapourPressureFromRhMaxMin = (
  tminC: number,
  tmaxC: number,
  rhMaxPct: number,
  rhMinPct: number,
) =>
  (saturationVapourPressure(tminC) * (rhMaxPct / 100) + saturationVapourPressure(tmaxC) * (rhMinPct / 100)) /
  2;

/** Eq. 18: from RHmax only, when RHmin is unreliable. */
export const vapourPressureFromRhMax = (tminC: number, rhMaxPct: number) =>
  saturationVapourPressure(tminC) * (rhMaxPct / 100);

/** Eq. 19: from RHmean, the least recommended. */
export const vapourPressureFromRhMean = (tminC: number, tmaxC: number, rhMeanPct: number) =>
  (rhMeanPct / 100) * meanSaturationVapourPressure(tmaxC, tminC);

/** Eq. 23: inverse relative distance Earth–Sun for day of year J. */
export const inverseRelativeDistance = (dayOfYear: number) =>
  1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * dayOfYear);

/** Eq. 24: solar declination δ (rad). */
export const solarDeclination = (dayOfYear: number) =>
  0.409 * Math.sin(((2 * Math.PI) / 365) * dayOfYear - 1.39);

/** Eq. 25: sunset hour angle ωs (rad); clamped for polar day and night. */
export const sunsetHourAngle = (latitudeRad: number, declinationRad: number) =>
  Math.acos(Math.min(1, Math.max(-1, -Math.tan(latitudeRad) * Math.tan(declinationRad))));

const SOLAR_CONSTANT = 0.082; // Gsc, MJ m⁻² min⁻¹

/** Eq. 21: extraterrestrial radiation Ra for a day (MJ m⁻² day⁻¹). */
export function extraterrestrialRadiationDaily(latitudeRad: number, dayOfYear: number): number {
  const dr = inverseRelativeDistance(dayOfYear);
  const delta = solarDeclination(dayOfYear);
  const ws = sunsetHourAngle(latitudeRad, delta);
  return (
    ((24 * 60) / Math.PI) *
    SOLAR_CONSTANT *
    dr *
    (ws * Math.sin(latitudeRad) * Math.sin(delta) + Math.cos(latitudeRad) * Math.cos(delta) * Math.sin(ws))
  );
}

/** Eq. 34: daylight hours N. */
export const daylightHours = (sunsetHourAngleRad: number) => (24 / Math.PI) * sunsetHourAngleRad;

/** Eqs. 31–33: solar time angle ω at the middle of a period (rad). Longitudes in degrees west. */
export function solarTimeAngle(
  dayOfYear: number,
  clockHourMid: number,
  longitudeWestDeg: number,
  timeZoneWestDeg: number,
) {
  const b = (2 * Math.PI * (dayOfYear - 81)) / 364;
  const seasonalCorrection = 0.1645 * Math.sin(2 * b) - 0.1255 * Math.cos(b) - 0.025 * Math.sin(b);
  return (
    (Math.PI / 12) * (clockHourMid + 0.06667 * (timeZoneWestDeg - longitudeWestDeg) + seasonalCorrection - 12)
  );
}

/** Eqs. 28–30: extraterrestrial radiation for a period of `hours` centred on ω (MJ m⁻² per period). */
export function extraterrestrialRadiationPeriod(
  latitudeRad: number,
  dayOfYear: number,
  omegaMid: number,
  hours = 1,
) {
  const dr = inverseRelativeDistance(dayOfYear);
  const delta = solarDeclination(dayOfYear);
  const ws = sunsetHourAngle(latitudeRad, delta);
  // Outside sunrise–sunset the sun is below the horizon: clip the period to the day.
  const w1 = Math.max(-ws, Math.min(ws, omegaMid - (Math.PI * hours) / 24));
  const w2 = Math.max(-ws, Math.min(ws, omegaMid + (Math.PI * hours) / 24));
  const ra =
    ((12 * 60) / Math.PI) *
    SOLAR_CONSTANT *
    dr *
    ((w2 - w1) * Math.sin(latitudeRad) * Math.sin(delta) +
      Math.cos(latitudeRad) * Math.cos(delta) * (Math.sin(w2) - Math.sin(w1)));
  return Math.max(0, ra);
}

/** Eq. 35 (Angström): solar radiation from sunshine hours n of N; as = 0.25, bs = 0.50 by default. */
export const solarRadiationFromSunshine = (
  ra: number,
  sunshineHours: number,
  daylight: number,
  as = 0.25,
  bs = 0.5,
) => (as + bs * (sunshineHours / daylight)) * ra;

/** Eq. 37: clear-sky radiation from altitude; Eq. 36 when calibrated as + bs are given. */
export const clearSkyRadiation = (ra: number, altitudeM: number, asPlusBs?: number) =>
  asPlusBs === undefined ? (0.75 + 2e-5 * altitudeM) * ra : asPlusBs * ra;

/** Eq. 38: net shortwave radiation with albedo 0.23 for the grass reference. */
export const netShortwaveRadiation = (rs: number, albedo = 0.23) => (1 - albedo) * rs;

const STEFAN_BOLTZMANN_DAY = 4.903e-9; // MJ K⁻⁴ m⁻² day⁻¹
const STEFAN_BOLTZMANN_HOUR = STEFAN_BOLTZMANN_DAY / 24;

/**
 * Eq. 39: net longwave radiation. FAO-56 bounds Rs/Rso by 1.0 only; REF-ET and ASCE-EWRI also
 * keep it at or above 0.3, which matters on very cloudy days: pass minRatio 0.3 to do the same.
 */
export function netLongwaveRadiation(
  tmaxC: number,
  tminC: number,
  ea: number,
  rs: number,
  rso: number,
  options: { minRatio?: number; perHour?: boolean } = {},
): number {
  const ratio = Math.min(1, Math.max(options.minRatio ?? 0, rso > 0 ? rs / rso : 0));
  const sigma = options.perHour ? STEFAN_BOLTZMANN_HOUR : STEFAN_BOLTZMANN_DAY;
  const t4 = ((tmaxC + 273.16) ** 4 + (tminC + 273.16) ** 4) / 2;
  return sigma * t4 * (0.34 - 0.14 * Math.sqrt(ea)) * (1.35 * ratio - 0.35);
}

/** Eq. 43: monthly soil heat flux from the previous and next months' mean temperatures. */
export const soilHeatFluxMonthly = (tPrevMonthC: number, tNextMonthC: number) =>
  0.07 * (tNextMonthC - tPrevMonthC);

/** Eq. 44: the same when the next month is not yet known. */
export const soilHeatFluxMonthlyFromPrevious = (tPrevMonthC: number, tMonthC: number) =>
  0.14 * (tMonthC - tPrevMonthC);

/** Eqs. 45–46: hourly soil heat flux, 10 % of Rn by day and 50 % by night. */
export const soilHeatFluxHourly = (rn: number, daytime: boolean) => (daytime ? 0.1 : 0.5) * rn;

/** Eq. 47: wind speed at 2 m from a measurement at height z (m). */
export const windSpeedAt2m = (windMps: number, heightM: number) =>
  heightM === 2 ? windMps : (windMps * 4.87) / Math.log(67.8 * heightM - 5.42);

/** Eq. 20: MJ m⁻² of energy as mm of evaporated water. */
export const radiationToEvaporationMm = (mj: number) => 0.408 * mj;

export interface PenmanMonteithTerms {
  rn: number;
  g: number;
  tC: number;
  u2: number;
  es: number;
  ea: number;
  delta: number;
  gamma: number;
}

/** Eq. 6: FAO Penman-Monteith reference evapotranspiration for a day (mm/day). */
export const penmanMonteithDaily = (p: PenmanMonteithTerms) =>
  (0.408 * p.delta * (p.rn - p.g) + p.gamma * (900 / (p.tC + 273)) * p.u2 * (p.es - p.ea)) /
  (p.delta + p.gamma * (1 + 0.34 * p.u2));

/** Eq. 53: the hourly form (mm/hour), with Cn = 37. */
export const penmanMonteithHourly = (p: PenmanMonteithTerms) =>
  (0.408 * p.delta * (p.rn - p.g) + p.gamma * (37 / (p.tC + 273)) * p.u2 * (p.es - p.ea)) /
  (p.delta + p.gamma * (1 + 0.34 * p.u2));

/** Eq. 50: solar radiation from the temperature range; kRs 0.16 inland, 0.19 on the coast. */
export const solarRadiationFromTemperature = (tmaxC: number, tminC: number, ra: number, kRs = 0.16) =>
  kRs * Math.sqrt(Math.max(0, tmaxC - tminC)) * ra;

/** Eq. 52: Hargreaves-Samani from temperatures and Ra alone (mm/day). */
export const hargreavesSamani = (tmaxC: number, tminC: number, ra: number) =>
  0.0023 *
  ((tmaxC + tminC) / 2 + 17.8) *
  Math.sqrt(Math.max(0, tmaxC - tminC)) *
  radiationToEvaporationMm(ra);

export const degreesToRadians = (deg: number) => (deg * Math.PI) / 180;
