import { z } from "zod";
import type { AppDeps, RouteApp } from "../app.js";
import { requireActor } from "../platform/context.js";
import {
  instantSchema,
  localeSchema,
  localizedOutSchema,
  localizedTextSchema,
  uuidSchema,
  versionSchema,
} from "../platform/schemas.js";
import { getOrganisation, listReadableOrganisations, ORG_KINDS, updateOrganisation } from "./service.js";

const detailsSchema = z
  .object({
    address: z.string().max(500).optional(),
    addressRu: z
      .string()
      .max(500)
      // Russian spells Kyrgyz places without ң, ө, ү (Жаны-Жол): those letters mean the Kyrgyz address was pasted.
      .regex(/^[^ңөүҢӨҮ]*$/, "addressRuKyrgyzLetters")
      .optional()
      .describe("the address in Russian, printed on Russian papers (the Kyrgyz one where it is missing)"),
    phone: z.string().max(50).optional(),
    email: z.email().max(200).optional(),
    taxId: z.string().max(20).optional(),
    bankName: z.string().max(200).optional(),
    bankAccount: z.string().max(50).optional(),
    bankCode: z.string().max(20).optional(),
    headName: z.string().max(200).optional(),
  })
  .strict();

/** A detail papers in a language lack (see paperGaps): told where they are issued, not refused. */
export const paperGapSchema = z
  .object({ locale: z.enum(["ru"]), field: z.enum(["addressRu"]) })
  .meta({ id: "PaperGap" });

const organisationSchema = z
  .object({
    id: uuidSchema,
    kind: z.enum(ORG_KINDS),
    providerType: z.string().nullable(),
    name: localizedOutSchema,
    adminUnitCode: z.string(),
    details: detailsSchema,
    defaultLocale: z.string(),
    timeZone: z.string().describe("IANA time zone of the organisation's local days, e.g. Asia/Bishkek"),
    version: z.number().int(),
    createdAt: instantSchema,
  })
  .meta({ id: "Organisation" });

export function registerOrgRoutes(app: RouteApp, { database }: AppDeps) {
  app.get(
    "/api/organisation",
    {
      config: { guard: "org.read" },
      schema: {
        tags: ["organisations"],
        summary: "The acting organisation's profile",
        response: {
          200: organisationSchema.extend({
            paperGaps: z
              .array(paperGapSchema)
              .describe(
                "Details papers in a language lack: a Russian paper prints the Kyrgyz address without a Russian one",
              ),
            villageCodes: z.array(z.string()),
            mergedInto: z
              .object({ code: z.string(), name: localizedOutSchema, on: z.string() })
              .nullable()
              .describe(
                "The unit the organisation's unit was merged into, and the day; null while it is in force",
              ),
          }),
        },
      },
    },
    async (request) => getOrganisation(database, request.ctx),
  );

  app.patch(
    "/api/organisation",
    {
      config: { guard: "org.update" },
      schema: {
        tags: ["organisations"],
        summary: "Edit the acting organisation's profile (name, details for documents, time zone)",
        body: z
          .object({
            version: versionSchema,
            name: localizedTextSchema.optional(),
            details: detailsSchema.optional(),
            defaultLocale: localeSchema.optional(),
            timeZone: z
              .string()
              .trim()
              .max(64)
              .optional()
              .describe("IANA time zone (Asia/Bishkek, Asia/Dushanbe, Asia/Tashkent); administrators only"),
            villageCodes: z.array(z.string().max(30)).max(500).optional().describe("water providers only"),
          })
          .strict(),
        response: { 200: organisationSchema.extend({ villageCodes: z.array(z.string()) }) },
      },
    },
    async (request) => updateOrganisation(database, request.ctx, request.body),
  );

  app.get(
    "/api/organisations",
    {
      config: { guard: "org.read" },
      schema: {
        tags: ["organisations"],
        summary: "Organisations the acting one may read: itself, and for a district office those under it",
        response: { 200: z.array(organisationSchema) },
      },
    },
    async (request) => listReadableOrganisations(database, requireActor(request.ctx)),
  );
}
