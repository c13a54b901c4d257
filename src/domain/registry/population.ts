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
}
