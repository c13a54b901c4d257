import { z } from "zod";
import { LOCALES, pickName } from "../../domain/places/units.js";
import { CROPS } from "../../domain/planning/crops.js";
import { APPLICATION_EFFICIENCY, type IrrigationMethod } from "../../domain/planning/requirement.js";
import { RADIATION_UNITS, TEMPERATURE_UNITS, WEATHER_FIELDS } from "../../domain/planning/weather-import.js";
import type { AppDeps, RouteApp } from "../app.js";
import { findOrganisation } from "../orgs/service.js";
import { areaHaSchema, daySchema, instantSchema, uuidSchema, versionSchema } from "../platform/schemas.js";
import { listSeasons } from "../water/planning-facts.js";
import {
  computeNormals,
  createStation,
  enterNormals,
  importWeather,
  listStations,
  loadStation,
  stationDays,
  stationNormals,
  updateStation,
  withProvider,
} from "./climate.js";
import { adjustCrop, organisationCrops } from "./crops.js";
import { planPdf, planWorkbook } from "./exports.js";
import { listPlans, loadPlan, makePlan } from "./plans.js";
import { loadSeason, saveRequest, seasonRequests } from "./requests.js";

const IRRIGATION_METHODS = Object.keys(APPLICATION_EFFICIENCY) as [IrrigationMethod, ...IrrigationMethod[]];
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const stationFields = z.object({
  name: z.string().trim().min(1).max(200),
  latitudeDeg: z.number().min(-90).max(90),
  longitudeDeg: z.number().min(-180).max(180),
  altitudeM: z.number().min(-500).max(9000),
});
const stationInputSchema = stationFields.strict();
const stationSchema = stationFields
  .extend({ id: uuidSchema, version: z.number().int() })
  .meta({ id: "WeatherStation" });
const stationParams = z.object({ stationId: uuidSchema });
const seasonParams = z.object({ seasonId: uuidSchema });

const et0SourcesSchema = z.object({
  ea: z.string().nullable(),
  rs: z.string().nullable(),
  wind: z.string().nullable(),
});
const normalSchema = z.object({
  month: z.number().int().min(1).max(12),
  et0MmPerDay: z.number().min(0).max(20),
  rainMm: z.number().min(0).max(1000),
  windMps: z
    .number()
    .min(0)
    .max(30)
    .nullable()
    .optional()
    .describe("mean wind at 2 m (m/s), for FAO-56 Eq. 62"),
  rhMinPct: z
    .number()
    .min(0)
    .max(100)
    .nullable()
    .optional()
    .describe("mean daily minimum RH (%), for Eq. 62"),
});
const normalOutSchema = normalSchema.extend({
  rainMm: z.number().nullable().describe("null: no month of the records had every day's rain"),
  windMps: z.number().nullable(),
  rhMinPct: z.number().nullable(),
  origin: z.enum(["entered", "computed"]),
  dayCount: z.number().int().nullable(),
  yearCount: z
    .number()
    .int()
    .nullable()
    .describe("months passing WMO's 3/5 rule that a computed normal rests on"),
  rainYearCount: z.number().int().nullable().describe("months with every day's rain"),
});

const stagesSchema = z.object({
  initial: z.number().int().min(1).max(365),
  development: z.number().int().min(1).max(365),
  mid: z.number().int().min(1).max(365),
  late: z.number().int().min(1).max(365),
});
const kcSchema = z.object({
  initial: z.number().min(0).max(2),
  mid: z.number().min(0).max(2),
  end: z.number().min(0).max(2),
});
const monthDaySchema = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
const cropSchema = z.object({
  code: z.string(),
  name: z.partialRecord(z.enum(LOCALES), z.string()),
  stagesDays: stagesSchema,
  kc: kcSchema,
  maxHeightM: z.number(),
  typicalPlanting: z.string(),
  stagesFrom: z.string(),
});
const organisationCropSchema = z
  .object({
    reference: cropSchema,
    crop: cropSchema,
    adjustment: z
      .object({
        typicalPlanting: z.string().nullable(),
        stagesDays: stagesSchema.partial(),
        kc: kcSchema.partial(),
        version: z.number().int(),
      })
      .nullable(),
  })
  .meta({ id: "OrganisationCrop" });

const requestLineSchema = z
  .object({
    plotId: uuidSchema,
    cropCode: z.enum(CROPS.map((c) => c.code) as [string, ...string[]]),
    areaHa: areaHaSchema,
    plantingDate: daySchema,
    irrigationMethod: z.enum(IRRIGATION_METHODS),
  })
  .strict();
const requestSchema = z.object({
  id: uuidSchema,
  waterUserId: uuidSchema,
  submittedOn: z.string(),
  version: z.number().int(),
  lines: z.array(requestLineSchema),
});
const seasonSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  closedAt: instantSchema.nullable(),
});

const rainMethodSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("usda-scs") }),
  z.object({ kind: z.literal("fixed-fraction"), fraction: z.number().min(0).max(1) }),
  z.object({ kind: z.literal("dependable") }),
  z.object({ kind: z.literal("none") }),
]);
const series = z.array(z.number());
const stageClimateSchema = z.object({
  windMps: z.number(),
  rhMinPct: z.number(),
  dailyDays: z.number().int(),
  normalDays: z.number().int(),
});
const planResultSchema = z.object({
  decades: z.array(z.string()),
  climate: z.array(
    z.object({
      decade: z.string(),
      et0MmPerDay: z.number(),
      rainMm: z.number(),
      source: z.enum(["daily", "normal"]),
      rainRecorded: z
        .boolean()
        .optional()
        .describe("false: the station recorded no rain for the decade, and it was counted as none"),
    }),
  ),
  users: z.array(
    z.object({
      waterUserId: z.string(),
      name: z.string(),
      areaHa: z.number(),
      netM3: series,
      grossM3: series,
    }),
  ),
  reaches: z.array(
    z.object({
      reachId: z.string(),
      parentId: z.string().nullable(),
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      efficiency: z.number(),
      deliveredM3: series,
      inflowM3: series,
    }),
  ),
  headM3: series,
  headTotalM3: z.number(),
  kcAdjustments: z
    .array(
      z.object({
        cropCode: z.string(),
        plantingDate: z.string(),
        mid: stageClimateSchema.nullable(),
        end: stageClimateSchema.nullable(),
        kcMid: z.number(),
        kcEnd: z.number(),
      }),
    )
    .describe(
      "Kc mid and end of each crop and planting date, adjusted by FAO-56 Eq. 62 to its stages' climate",
    ),
});
const planSummarySchema = z
  .object({
    id: uuidSchema,
    seasonId: uuidSchema,
    planNumber: z.number().int(),
    stationId: uuidSchema,
    rainMethod: rainMethodSchema,
    note: z.string().nullable(),
    madeAt: instantSchema,
    headTotalM3: z.number(),
  })
  .meta({ id: "WaterPlanSummary" });
const planSchema = planSummarySchema.extend({ result: planResultSchema }).meta({ id: "WaterPlan" });

export function registerPlanningRoutes(app: RouteApp, { database }: AppDeps) {
  const tags = ["planning"];
  const read = { guard: "planning.read" as const };
  const write = { guard: "planning.write" as const };

  app.get(
    "/api/planning/seasons",
    {
      config: read,
      schema: {
        tags,
        summary: "The organisation's irrigation seasons",
        response: {
          200: z.array(seasonSchema.extend({ year: z.number().int() })),
        },
      },
    },
    async (request) => withProvider(database, request.ctx, (tx, orgId) => listSeasons(tx, orgId)),
  );

  app.get(
    "/api/planning/stations",
    {
      config: read,
      schema: { tags, summary: "Weather stations", response: { 200: z.array(stationSchema) } },
    },
    async (request) => withProvider(database, request.ctx, (tx, orgId) => listStations(tx, orgId)),
  );

  app.post(
    "/api/planning/stations",
    {
      config: write,
      schema: {
        tags,
        summary: "Add a weather station",
        body: stationInputSchema,
        response: { 201: stationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await withProvider(database, request.ctx, (tx, orgId) =>
            createStation(tx, request.ctx, orgId, request.body),
          ),
        ),
  );

  app.patch(
    "/api/planning/stations/:stationId",
    {
      config: write,
      schema: {
        tags,
        summary: "Edit a station; moving it recomputes the ET0 of its days",
        params: stationParams,
        body: stationInputSchema.partial().extend({ version: versionSchema }).strict(),
        response: { 200: stationSchema },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) =>
        updateStation(tx, request.ctx, orgId, request.params.stationId, request.body),
      ),
  );

  app.post(
    "/api/planning/stations/:stationId/weather",
    {
      config: write,
      schema: {
        tags,
        summary:
          "Import daily weather from CSV text with the columns mapped and units stated; checked row by row, nothing written unless every row is valid",
        params: stationParams,
        body: z
          .object({
            csv: z.string().min(1).max(5_000_000),
            columns: z.partialRecord(z.enum(WEATHER_FIELDS), z.string().min(1).max(100)),
            units: z.object({
              temperature: z.enum(TEMPERATURE_UNITS),
              radiation: z.enum(RADIATION_UNITS),
              windHeightM: z.number().min(0.5).max(100).describe("anemometer height, m"),
            }),
            dryRun: z.boolean().default(false),
          })
          .strict(),
        response: {
          200: z.object({
            rowCount: z.number().int(),
            issueCount: z.number().int(),
            issues: z.array(
              z.object({
                line: z.number().int(),
                field: z.string().nullable(),
                code: z.string(),
                message: z.string(),
              }),
            ),
            imported: z.number().int(),
            firstDay: z.string().nullable(),
            lastDay: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { csv, dryRun, ...mapping } = request.body;
      return withProvider(database, request.ctx, (tx, orgId) =>
        importWeather(tx, request.ctx, orgId, request.params.stationId, csv, mapping, dryRun),
      );
    },
  );

  app.get(
    "/api/planning/stations/:stationId/weather",
    {
      config: read,
      schema: {
        tags,
        summary: "Daily records of a period with ET0 and the method that produced it",
        params: stationParams,
        querystring: z.object({ from: daySchema, to: daySchema }),
        response: {
          200: z.array(
            z.object({
              day: z.string(),
              tmaxC: z.number(),
              tminC: z.number(),
              rainMm: z.number().nullable(),
              et0Mm: z.number(),
              et0Method: z.enum(["penman-monteith", "hargreaves-samani"]),
              et0Sources: et0SourcesSchema,
            }),
          ),
        },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) =>
        stationDays(tx, orgId, request.params.stationId, request.query.from, request.query.to),
      ),
  );

  app.get(
    "/api/planning/stations/:stationId/normals",
    {
      config: read,
      schema: {
        tags,
        summary: "Long-term monthly normals (ET0 mm/day, rain mm/month)",
        params: stationParams,
        response: { 200: z.array(normalOutSchema) },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) => stationNormals(tx, orgId, request.params.stationId)),
  );

  app.put(
    "/api/planning/stations/:stationId/normals",
    {
      config: write,
      schema: {
        tags,
        summary: "Enter monthly normals (the months given are replaced)",
        params: stationParams,
        body: z.object({ normals: z.array(normalSchema.strict()).min(1).max(12) }).strict(),
        response: { 200: z.array(normalOutSchema) },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) =>
        enterNormals(tx, request.ctx, orgId, request.params.stationId, request.body.normals),
      ),
  );

  app.post(
    "/api/planning/stations/:stationId/normals/compute",
    {
      config: write,
      schema: {
        tags,
        summary: "Compute monthly normals from the station's daily records",
        params: stationParams,
        response: { 200: z.array(normalOutSchema) },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) =>
        computeNormals(tx, request.ctx, orgId, request.params.stationId),
      ),
  );

  app.get(
    "/api/planning/crops",
    {
      config: read,
      schema: {
        tags,
        summary: "Crops (FAO-56 Tables 11 and 12) as the organisation uses them",
        response: { 200: z.array(organisationCropSchema) },
      },
    },
    async (request) => withProvider(database, request.ctx, (tx, orgId) => organisationCrops(tx, orgId)),
  );

  app.put(
    "/api/planning/crops/:cropCode",
    {
      config: write,
      schema: {
        tags,
        summary: "The organisation's planting date, stage lengths and Kc for a crop (version null creates)",
        params: z.object({ cropCode: z.string().max(50) }),
        body: z
          .object({
            typicalPlanting: monthDaySchema.nullable(),
            stagesDays: stagesSchema.partial().strict(),
            kc: kcSchema.partial().strict(),
            version: z.number().int().min(1).nullable(),
          })
          .strict(),
        response: { 200: organisationCropSchema },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) =>
        adjustCrop(tx, request.ctx, orgId, request.params.cropCode, request.body),
      ),
  );

  app.get(
    "/api/planning/seasons/:seasonId/requests",
    {
      config: read,
      schema: {
        tags,
        summary: "The season's contracts with their plots, and each user's request",
        params: seasonParams,
        response: {
          200: z.object({
            season: seasonSchema,
            users: z.array(
              z.object({
                contractId: uuidSchema,
                number: z.string(),
                waterUserId: uuidSchema,
                waterUserNumber: z.number().int(),
                waterUserName: z.string(),
                plots: z.array(
                  z.object({
                    plotId: uuidSchema,
                    outletId: uuidSchema,
                    cadastralNumber: z.string().nullable(),
                    plotAreaHa: z.number(),
                    cropCode: z.string(),
                    contractedAreaHa: z.number(),
                  }),
                ),
                request: requestSchema.nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) => seasonRequests(tx, orgId, request.params.seasonId)),
  );

  app.put(
    "/api/planning/seasons/:seasonId/requests/:waterUserId",
    {
      config: write,
      schema: {
        tags,
        summary:
          "Record a user's request for the season, checked against the contract (version null creates)",
        params: seasonParams.extend({ waterUserId: uuidSchema }),
        body: z
          .object({
            submittedOn: daySchema,
            lines: z.array(requestLineSchema).max(200),
            version: z.number().int().min(1).nullable(),
          })
          .strict(),
        response: { 200: requestSchema },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) =>
        saveRequest(
          tx,
          request.ctx,
          orgId,
          request.params.seasonId,
          request.params.waterUserId,
          request.body,
        ),
      ),
  );

  app.get(
    "/api/planning/seasons/:seasonId/plans",
    {
      config: read,
      schema: {
        tags,
        summary: "The versions of the season's water-use plan, newest first",
        params: seasonParams,
        response: { 200: z.array(planSummarySchema) },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) => listPlans(tx, orgId, request.params.seasonId)),
  );

  app.post(
    "/api/planning/seasons/:seasonId/plans",
    {
      config: write,
      schema: {
        tags,
        summary:
          "Make a new version of the season's plan from the requests, the station's climate and the network",
        params: seasonParams,
        body: z
          .object({
            stationId: uuidSchema,
            rainMethod: rainMethodSchema,
            note: z.string().trim().max(1000).nullable().default(null),
          })
          .strict(),
        response: { 201: planSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await withProvider(database, request.ctx, (tx, orgId) =>
            makePlan(tx, request.ctx, orgId, request.params.seasonId, request.body),
          ),
        ),
  );

  app.get(
    "/api/planning/plans/:planId",
    {
      config: read,
      schema: {
        tags,
        summary: "A version of a plan: demand per decade per user, per canal with losses, and at the head",
        params: z.object({ planId: uuidSchema }),
        response: { 200: planSchema },
      },
    },
    async (request) =>
      withProvider(database, request.ctx, (tx, orgId) => loadPlan(tx, orgId, request.params.planId)),
  );

  app.get(
    "/api/planning/plans/:planId/export",
    {
      config: read,
      schema: {
        tags,
        summary: "A plan as Excel or PDF, in Kyrgyz or Russian",
        params: z.object({ planId: uuidSchema }),
        querystring: z.object({
          format: z.enum(["xlsx", "pdf"]),
          locale: z.enum(["ky", "ru"]).default("ky"),
        }),
      },
    },
    async (request, reply) => {
      const { format, locale } = request.query;
      const doc = await withProvider(database, request.ctx, async (tx, orgId) => {
        const plan = await loadPlan(tx, orgId, request.params.planId);
        // One after another: a transaction's connection runs one query at a time.
        const season = await loadSeason(tx, orgId, plan.seasonId);
        const station = await loadStation(tx, orgId, plan.stationId);
        const org = await findOrganisation(tx, orgId);
        return {
          plan,
          seasonName: season.name,
          stationName: station.name,
          organisationName: pickName(org!.name, locale),
          timeZone: org!.timeZone,
        };
      });
      const file = `water-plan-${doc.plan.planNumber}-${locale}.${format}`;
      return reply
        .type(format === "pdf" ? "application/pdf" : XLSX)
        .header("content-disposition", `attachment; filename="${file}"`)
        .send(format === "pdf" ? await planPdf(doc, locale) : await planWorkbook(doc, locale));
    },
  );
}
