import type { LocalizedText } from "../places/units.js";
import type { Sex } from "./pin.js";
import { ageOn } from "./vulnerability.js";

/**
 * Age bands of a population count as a municipality reports it: children under school age, of
 * school age, of working age, of pension age, and those whose birth date the register lacks.
 */
export const AGE_BANDS = ["preschool", "school", "working", "pension", "unknown"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** School from 7; working age from 18. */
export const SCHOOL_AGE_YEARS = 7;
export const WORKING_AGE_YEARS = 18;
/** Pension age (Law of the Kyrgyz Republic on state pension social insurance): women 58, men 63. */
export const PENSION_AGE_YEARS: Record<Sex, number> = { female: 58, male: 63 };

/** The band a person is in on a day. */
export function ageBand(birthDate: string | null, sex: Sex, onDate: string): AgeBand {
  if (birthDate === null) return "unknown";
  const age = ageOn(birthDate, onDate);
  if (age < SCHOOL_AGE_YEARS) return "preschool";
  if (age < WORKING_AGE_YEARS) return "school";
  return age < PENSION_AGE_YEARS[sex] ? "working" : "pension";
}

/**
 * The day `years` years before `onDate` (29 February falls back to the 28th): someone is at least
 * that old on `onDate` exactly when born on or before it, as `ageOn` counts.
 */
export function yearsBefore(onDate: string, years: number): string {
  const [y, m, d] = onDate.split("-").map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

/**
 * The latest birth date of each band's lower age, so a query can put people in bands by comparing
 * dates (and use an index on them) instead of working out every age.
 */
export function ageBandBirthDates(onDate: string) {
  return {
    school: yearsBefore(onDate, SCHOOL_AGE_YEARS),
    working: yearsBefore(onDate, WORKING_AGE_YEARS),
    pension: {
      female: yearsBefore(onDate, PENSION_AGE_YEARS.female),
      male: yearsBefore(onDate, PENSION_AGE_YEARS.male),
    },
  };
}

/** People counted on a day: by sex, by age band and sex, and the facts a report asks about. */
export interface PopulationCounts {
  people: number;
  female: number;
  male: number;
  byAge: Record<AgeBand, Record<Sex, number>>;
  withDisability: number;
  abroad: number;
  /** Those abroad by the country they went to (its ISO code, or the text kept before codes). */
  abroadByCountry: Record<string, number>;
  withoutPin: number;
}

export interface PlaceCounts extends PopulationCounts {
  households: number;
  /** Households with at least one vulnerability flag in force on the day. */
  vulnerableHouseholds: number;
}

/** A register counted on a day: a municipality's village by village, a district's by municipality. */
export interface RegisterSummary {
  on: string;
  placeKind: "village" | "municipality";
  /** The villages (by code) or the municipalities (by their unit's code), each with its counts. */
  places: (PlaceCounts & { code: string; name: LocalizedText })[];
  total: PlaceCounts;
  /** Households per vulnerability criterion in force on the day (a household may have several). */
  criteria: { code: string; name: LocalizedText; households: number }[];
  /** Certificates issued from 1 January of the day's year to the day, and how many are revoked. */
  certificates: { issued: number; revoked: number };
  /**
   * A summary by municipality grouped oblast → district → municipality, each with its subtotal
   * (an oblast's or a national office's reading); absent for a municipality's own summary.
   */
  regions?: OblastCounts[];
}

/** An administrative unit above municipalities: a district (rayon, city) or an oblast. */
export interface RegionRef {
  code: string;
  name: LocalizedText;
}

export interface DistrictCounts extends PlaceCounts, RegionRef {
  /** The codes of its municipalities, in the order of the summary's places. */
  municipalities: string[];
}

export interface OblastCounts extends PlaceCounts, RegionRef {
  districts: DistrictCounts[];
}

/** Nobody counted yet: where sums start. */
export function noOne(): PlaceCounts {
  return {
    households: 0,
    vulnerableHouseholds: 0,
    people: 0,
    female: 0,
    male: 0,
    byAge: Object.fromEntries(AGE_BANDS.map((b) => [b, { female: 0, male: 0 }])) as PlaceCounts["byAge"],
    withDisability: 0,
    abroad: 0,
    abroadByCountry: {},
    withoutPin: 0,
  };
}

/** Those abroad by country as a report lists them: the most first, then by the country's code. */
export const byCountry = (abroadByCountry: Record<string, number>): [string, number][] =>
  Object.entries(abroadByCountry).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));

/** The counts alone, without what else a place, district or oblast carries (its code, name, …). */
export function countsOf(c: PlaceCounts): PlaceCounts {
  return addCounts(noOne(), c);
}

/** Adds `counts` into `sum` (changed in place, and returned). */
export function addCounts(sum: PlaceCounts, counts: PlaceCounts): PlaceCounts {
  sum.households += counts.households;
  sum.vulnerableHouseholds += counts.vulnerableHouseholds;
  sum.people += counts.people;
  sum.female += counts.female;
  sum.male += counts.male;
  for (const band of AGE_BANDS) {
    sum.byAge[band].female += counts.byAge[band].female;
    sum.byAge[band].male += counts.byAge[band].male;
  }
  sum.withDisability += counts.withDisability;
  sum.abroad += counts.abroad;
  for (const [country, people] of Object.entries(counts.abroadByCountry))
    sum.abroadByCountry[country] = (sum.abroadByCountry[country] ?? 0) + people;
  sum.withoutPin += counts.withoutPin;
  return sum;
}

/**
 * Municipalities grouped by oblast and district with the subtotals of each, oblasts and districts
 * in code order and municipalities in the order given: every municipality is counted exactly once,
 * so a district's counts are its municipalities' sum and an oblast's its districts'.
 */
export function groupByRegion(
  places: readonly (PlaceCounts & { code: string; district: RegionRef; oblast: RegionRef })[],
): OblastCounts[] {
  const oblasts = new Map<string, OblastCounts>();
  const districts = new Map<string, DistrictCounts>();
  for (const place of places) {
    let oblast = oblasts.get(place.oblast.code);
    if (!oblast) {
      oblast = { ...noOne(), ...place.oblast, districts: [] };
      oblasts.set(place.oblast.code, oblast);
    }
    const districtKey = `${place.oblast.code}/${place.district.code}`;
    let district = districts.get(districtKey);
    if (!district) {
      district = { ...noOne(), ...place.district, municipalities: [] };
      districts.set(districtKey, district);
      oblast.districts.push(district);
    }
    district.municipalities.push(place.code);
    addCounts(district, place);
    addCounts(oblast, place);
  }
  const byCode = (a: RegionRef, b: RegionRef) => a.code.localeCompare(b.code);
  for (const oblast of oblasts.values()) oblast.districts.sort(byCode);
  return [...oblasts.values()].sort(byCode);
}

/**
 * An office's summary is shown and written by oblast and district when it spans more than one
 * district; a district office's (one district) reads better as its municipalities alone.
 */
export function isGroupedByRegion(summary: Pick<RegisterSummary, "regions">): boolean {
  return (summary.regions ?? []).flatMap((r) => r.districts).length > 1;
}

/** A row of the summary as a report lists it: a subtotal (oblast, district), a place, or the total. */
export interface SummaryLine {
  level: "oblast" | "district" | "place" | "total";
  /** The place's or region's name; none for the total, which is labelled by the report. */
  name: LocalizedText | null;
  counts: PlaceCounts;
}

/**
 * The summary's rows as its file lists them, the page's order: grouped, each oblast's subtotal
 * heads its districts and each district's its municipalities; otherwise the places alone; the
 * total last either way.
 */
export function summaryLines(summary: RegisterSummary): SummaryLine[] {
  const line = (level: SummaryLine["level"], name: LocalizedText | null, counts: PlaceCounts) => ({
    level,
    name,
    counts: countsOf(counts),
  });
  const byCode = new Map(summary.places.map((p) => [p.code, p]));
  const body =
    summary.regions && isGroupedByRegion(summary)
      ? summary.regions.flatMap((oblast) => [
          line("oblast", oblast.name, oblast),
          ...oblast.districts.flatMap((district) => [
            line("district", district.name, district),
            ...district.municipalities.flatMap((code) => {
              const place = byCode.get(code);
              return place ? [line("place", place.name, place)] : [];
            }),
          ]),
        ])
      : summary.places.map((p) => line("place", p.name, p));
  return [...body, line("total", null, summary.total)];
}
