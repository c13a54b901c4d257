import { z } from "zod";
import { LOCALES } from "../../domain/places/units.js";
import { LAND_PLOT_AREA_HA } from "../../domain/registry/vocabulary.js";

/** Schemas shared by many routes. */
export const localeSchema = z.enum(LOCALES);
export const localizedTextSchema = z
  .object({
    ky: z.string().min(1).max(300).optional(),
    ru: z.string().min(1).max(300).optional(),
    uz: z.string().min(1).max(300).optional(),
    tg: z.string().min(1).max(300).optional(),
    en: z.string().min(1).max(300).optional(),
  })
  .refine((t) => Object.values(t).some(Boolean), { message: "atLeastOneLanguage" })
  .meta({ id: "LocalizedText" });
export const uuidSchema = z.uuid();
/**
 * ISO 8601 has a year 0000 and PostgreSQL none: a day or a moment in it was a 500 at the insert.
 * Refused as a wrong format, here and in what a route answers, which never holds one.
 */
const notInYearZero = [(text: string) => !text.startsWith("0000-"), { message: "invalid_format" }] as const;
/** A calendar day (not in the year 0000). */
export const daySchema = z.iso
  .date()
  .refine(...notInYearZero)
  .describe("calendar day, YYYY-MM-DD");
/**
 * An area in hectares as the registers keep it (numeric(12,4), "area > 0"): below 0.0001 ha (1 m²)
 * it rounds to 0 and the table's check refused it at the insert, a 500.
 */
export const areaHaSchema = z
  .number()
  .min(LAND_PLOT_AREA_HA.min)
  .max(LAND_PLOT_AREA_HA.max)
  .describe("hectares, 0.0001 (1 m²) to 100 000");
export const versionSchema = z.number().int().min(1).describe("the version read; a stale one gets 409");
export const instantSchema = z.date().describe("ISO 8601 instant (UTC)");
/**
 * The instants a timestamptz column takes, a Date being written to it as its toISOString(): from the
 * year 1 (0001-01-01T00:00:00+06:00 is still in the year 0 in UTC, which it has not) to the end of
 * 9999 (a later one is written "+010000-…", which it refuses). Either was a 500 at the statement.
 */
const FIRST_STORABLE_MS = Date.parse("0001-01-01T00:00:00Z");
const END_OF_STORABLE_MS = Date.parse("+010000-01-01T00:00:00Z");
export const isStorableInstant = (ms: number) => ms >= FIRST_STORABLE_MS && ms < END_OF_STORABLE_MS;
/**
 * An instant a client sends, as a Date: an ISO 8601 date-time with its offset (Z or ±hh:mm), an
 * impossible day refused, and none in the year 0000 or beyond what the database stores.
 * z.coerce.date() made 2026-06-31 July 1 and a number a moment of 1970.
 */
export const instantInputSchema = z.iso
  .datetime({ offset: true })
  .refine(...notInYearZero)
  .transform((at) => new Date(at))
  .refine((at) => isStorableInstant(at.getTime()), { message: "invalid_format" })
  .describe("ISO 8601 date-time with its offset, e.g. 2026-06-12T06:00:00+06:00 or …Z");
/**
 * A bound of a period a client asks for (the audit trail's from and to): a calendar day, kept as
 * the day (only the organisation's time zone says when it begins and ends: `periodWindowMs`), or an
 * instant as instantInputSchema takes it.
 */
export const dayOrInstantSchema = z
  .union([daySchema, instantInputSchema], { error: "invalid_format" })
  .describe(
    "a day (YYYY-MM-DD) on the organisation's clock, all of it (from its midnight to the next), or an ISO 8601 date-time with its offset, included",
  );
export const okSchema = z.object({ ok: z.literal(true) });

/** A localized name as stored (any subset of the languages). */
export const localizedOutSchema = z.partialRecord(localeSchema, z.string());

/** One problem of an uploaded table (platform/spreadsheet.ts `TableIssue`), row by row and column by column. */
export const tableIssueSchema = z
  .object({
    sheet: z.string().optional().describe("the sheet of a file with several, when not the first"),
    row: z.number().int(),
    column: z.string().nullable(),
    columnLabel: z.string().nullable(),
    code: z.string(),
    message: z.string(),
  })
  .meta({ id: "TableIssue" });

/** A query flag: `true` or `false`, false when left out. */
export const queryFlagSchema = z
  .enum(["true", "false"])
  .default("false")
  .transform((v) => v === "true");

/** `acceptValid` and `dryRun` of an import, as query flags. */
export const importFlagsSchema = z.object({ acceptValid: queryFlagSchema, dryRun: queryFlagSchema });
