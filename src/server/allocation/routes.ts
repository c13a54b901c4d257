import { z } from "zod";
import { POLICIES } from "../../domain/allocation/model.js";
import type { AppDeps, RouteApp } from "../app.js";
import { daySchema, uuidSchema, versionSchema } from "../platform/schemas.js";
import { seasonEquity } from "./equity.js";
import { equityPdf } from "./equity-pdf.js";
import { changeTurn, publishRun } from "./publishing.js";
import { createRun, getRun, listRuns } from "./runs.js";
import { schedulePdf } from "./schedule-pdf.js";

const tags = ["allocation"];
const runParams = z.object({ runId: uuidSchema });
const boundBySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("demand") }),
  z.object({ kind: z.literal("reach"), reach: z.string() }),
  z.object({ kind: z.literal("supply") }),
]);
const turnSchema = z.object({
  id: z.string(),
  outlet: z.string(),
  user: z.string(),
  cycle: z.number().int(),
  start: z.string(),
  end: z.string(),
  volumeM3: z.number(),
  manual: z.boolean(),
});
const runSchema = z.object({
  id: uuidSchema,
  version: z.number().int(),
  seasonId: uuidSchema,
  fromDay: z.string(),
  toDay: z.string(),
  policy: z.enum(POLICIES),
  supplyM3: z.number(),
  demand: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("plan"), planId: uuidSchema, planNumber: z.number().int() }),
    z.object({ kind: z.literal("norm"), m3PerHa: z.number() }),
  ]),
  guarantee: z
    .object({ share: z.number(), basis: z.enum(["vulnerable", "listed"]), waterUserIds: z.array(uuidSchema) })
    .nullable(),
  status: z.enum(["draft", "published"]),
  note: z.string().nullable(),
  reaches: z.array(
    z.object({
      id: uuidSchema,
      code: z.string(),
      name: z.string(),
      parentId: uuidSchema.nullable(),
      kind: z.string(),
      capacityLps: z.number(),
      capacityM3: z.number().describe("what the reach can take in over the period"),
      efficiency: z.number(),
      inflowM3: z.number().describe("the flow to plan on the reach over the period"),
    }),
  ),
  shares: z.array(
    z.object({
      waterUserId: uuidSchema,
      number: z.number().int(),
      displayName: z.string(),
      outletId: uuidSchema,
      areaHa: z.number(),
      demandM3: z.number(),
      guaranteeM3: z.number().nullable(),
      allocatedM3: z.number(),
      leftOn: z
        .string()
        .nullable()
        .describe(
          "the day the user left (was archived) inside the period: their water is that of the days before",
        ),
      boundBy: boundBySchema.describe(
        "what stops this user getting more: own demand, a reach's capacity, the supply",
      ),
    }),
  ),
  spans: z
    .array(z.object({ fromDay: z.string(), toDay: z.string(), days: z.number().int() }))
    .nullable()
    .describe("the period cut on the days users left, each part allocated on its own; null for one part"),
  scheduleRule: z.object({ cycleHours: z.number(), shiftHours: z.number() }).nullable(),
  schedule: z
    .object({
      turns: z.array(turnSchema),
      overruns: z.array(z.object({ outlet: z.string(), cycle: z.number().int(), hours: z.number() })),
    })
    .nullable(),
  publishedAt: z.date().nullable(),
  createdAt: z.date(),
});

export function registerAllocationRoutes(app: RouteApp, { database }: AppDeps) {
  app.get(
    "/api/allocation/runs",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Allocation runs, newest period first, with their totals",
        querystring: z.object({ seasonId: uuidSchema.optional() }),
        response: {
          200: z.array(
            z.object({
              id: uuidSchema,
              seasonId: uuidSchema,
              fromDay: z.string(),
              toDay: z.string(),
              policy: z.enum(POLICIES),
              supplyM3: z.number(),
              status: z.string(),
              demandM3: z.number(),
              allocatedM3: z.number(),
              users: z.number().int(),
              createdAt: z.date(),
            }),
          ),
        },
      },
    },
    async (request) => listRuns(database, request.ctx, request.query.seasonId),
  );

  app.post(
    "/api/allocation/runs",
    {
      config: { guard: "allocation.write" },
      schema: {
        tags,
        summary:
          "Allocate the water at the head for a period over the network in service (weighted max-min fair, with guaranteed minimums first)",
        body: z
          .object({
            seasonId: uuidSchema,
            fromDay: daySchema,
            toDay: daySchema,
            policy: z.enum(POLICIES),
            // 10 km³: more than Kyrgyzstan's irrigation takes in a whole year (some 7–8 km³), so
            // more than any provider's period; beyond it is a slip of the keyboard (1e308 was kept).
            supplyM3: z.number().min(0).max(1e10).describe("water at the head over the period, m³"),
            demand: z
              .discriminatedUnion("kind", [
                z.object({ kind: z.literal("plan"), planId: uuidSchema }).strict(),
                z.object({ kind: z.literal("norm"), m3PerHa: z.number().min(0).max(20_000) }).strict(),
              ])
              .describe(
                "each user's demand: from a version of the season's plan (the period's days of its decades), or irrigated area × an irrigation norm",
              ),
            guarantee: z
              .object({
                share: z.number().gt(0).max(1).describe("share of demand served first"),
                waterUserIds: z
                  .array(uuidSchema)
                  .min(1)
                  .max(20_000)
                  .optional()
                  .describe(
                    "by the council's decision; without it, users whose linked household is flagged vulnerable",
                  ),
              })
              .strict()
              .nullable()
              .optional(),
            note: z.string().trim().max(500).nullable().optional(),
          })
          .strict(),
        response: { 201: runSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createRun(database, request.ctx, request.body)),
  );

  app.get(
    "/api/allocation/runs/:runId",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "A run: every user's share and what bounds it, every reach's flow, the schedule",
        params: runParams,
        response: { 200: runSchema },
      },
    },
    async (request) => getRun(database, request.ctx, request.params.runId),
  );

  app.post(
    "/api/allocation/runs/:runId/publish",
    {
      config: { guard: "allocation.write" },
      schema: {
        tags,
        summary: "Publish a run: build the rotation schedule and queue each user's turns by SMS",
        params: runParams,
        body: z
          .object({
            version: versionSchema,
            cycleHours: z
              .number()
              .gt(0)
              .max(24 * 31)
              .describe("length of one rotation cycle"),
            shiftHours: z.number().min(0).max(24).describe("how much later each cycle starts its turns"),
          })
          .strict(),
        response: { 200: runSchema.extend({ smsQueued: z.number().int() }) },
      },
    },
    async (request) => publishRun(database, request.ctx, request.params.runId, request.body),
  );

  app.patch(
    "/api/allocation/runs/:runId/turns/:turnId",
    {
      config: { guard: "allocation.write" },
      schema: {
        tags,
        summary:
          "A water master's change to one turn (kept and flagged manual; an overlap, a turn outside the run's period and one past its archived user's leaving are refused)",
        params: runParams.extend({ turnId: z.string().min(1).max(200) }),
        body: z
          .object({
            version: versionSchema,
            start: z.iso.datetime({ offset: true }).optional(),
            durationHours: z
              .number()
              .gt(0)
              .max(24 * 31)
              .optional(),
          })
          .strict(),
        response: { 200: runSchema },
      },
    },
    async (request) =>
      changeTurn(database, request.ctx, request.params.runId, request.params.turnId, request.body),
  );

  app.get(
    "/api/allocation/runs/:runId/schedule.pdf",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The printable rotation schedule, one page per outlet (or one outlet)",
        params: runParams,
        querystring: z.object({ outletId: uuidSchema.optional() }),
      },
    },
    async (request, reply) =>
      reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="schedule-${request.params.runId}.pdf"`)
        .send(await schedulePdf(database, request.ctx, request.params.runId, request.query.outletId)),
  );

  const indicatorsSchema = z
    .object({
      adequacy: z.number().describe("mean of min(delivered/required, 1): 1 is every need met"),
      efficiency: z.number().describe("mean of min(required/delivered, 1): 1 is no water beyond need"),
      dependability: z
        .number()
        .nullable()
        .describe(
          "mean over users seen in two periods or more of the variation over time of delivered/required: 0 is steady; null when none was",
        ),
      equity: z
        .number()
        .describe("mean over periods of the variation over users of delivered/required: 0 is even"),
      observations: z.number().int(),
    })
    .describe("Molden & Gates (1990) performance indicators");
  const groupSchema = z.object({
    group: z.string(),
    users: z.number().int(),
    deliveredM3: z.number(),
    requiredM3: z.number(),
    relativeSupply: z.number(),
    adequacy: z.number(),
    depthMm: z.number(),
  });

  app.get(
    "/api/allocation/equity",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "Equity for a season: required, allocated and delivered per period; Molden & Gates indicators; head/middle/tail, vulnerable and women-headed households against the others",
        querystring: z.object({
          seasonId: uuidSchema,
          runId: uuidSchema
            .optional()
            .describe("one period (the run that stands for it); the whole season without it"),
        }),
        response: {
          200: z.object({
            season: z.object({ id: uuidSchema, name: z.string(), startsOn: z.string(), endsOn: z.string() }),
            periods: z.array(
              z.object({
                runId: uuidSchema,
                fromDay: z.string(),
                toDay: z.string(),
                status: z.string(),
                requiredM3: z.number(),
                allocatedM3: z.number(),
                deliveredM3: z.number(),
              }),
            ),
            planned: indicatorsSchema,
            delivered: indicatorsSchema,
            groups: z.object({
              thirds: z.array(groupSchema),
              vulnerability: z.array(groupSchema),
              womenHeaded: z.array(groupSchema),
            }),
            users: z.number().int(),
            linkedUsers: z.number().int(),
          }),
        },
      },
    },
    async (request) => seasonEquity(database, request.ctx, request.query.seasonId, request.query.runId),
  );

  app.get(
    "/api/allocation/equity.pdf",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "The one-page equity report for the general meeting (Kyrgyz, or Russian for a Russian-speaking user)",
        querystring: z.object({
          seasonId: uuidSchema,
          runId: uuidSchema
            .optional()
            .describe("one period (the run that stands for it); the whole season without it"),
        }),
      },
    },
    async (request, reply) =>
      reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="equity-${request.query.seasonId}.pdf"`)
        .send(await equityPdf(database, request.ctx, request.query.seasonId, request.query.runId)),
  );
}
