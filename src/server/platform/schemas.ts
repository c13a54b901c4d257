import { z } from "zod";
import { LOCALES } from "../../domain/places/units.js";

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
export const versionSchema = z.number().int().min(1).describe("the version read; a stale one gets 409");
export const instantSchema = z.date().describe("ISO 8601 instant (UTC)");
export const okSchema = z.object({ ok: z.literal(true) });

/** A localized name as stored (any subset of the languages). */
export const localizedOutSchema = z.partialRecord(localeSchema, z.string());
