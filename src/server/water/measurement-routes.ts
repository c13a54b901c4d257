import { z } from "zod";
import { ACT_STATES } from "../../domain/water/delivery-acts.js";
import { GAUGE_LEVEL_M } from "../../domain/water/discharge.js";
import { REACH_KINDS } from "../../domain/water/network.js";
import type { AppDeps, RouteApp } from "../app.js";
import {
  daySchema,
  instantInputSchema,
  instantSchema,
  uuidSchema,
  versionSchema,
} from "../platform/schemas.js";
import { SEASON_TOTAL, seasonBalance } from "./balance.js";
import {
  changeDelivery,
  listDeliveries,
  listOutlets,
  recordDelivery,
  usersAtOutlet,
  usersByOutlet,
} from "./deliveries.js";
import { deliveryActPdf } from "./delivery-act-pdf.js";
import {
  DEFAULT_MAX_GAP_HOURS,
  listGaugingPosts,
  listReadings,
  postVolumes,
  recordReadings,
} from "./readings.js";
import { listHeadReceipts, recordHeadReceipt } from "./receipts.js";
import { DELIVERY_METHODS, RECEIPT_SOURCES } from "./tables.js";
import { voidMeasurement } from "./voiding.js";

const localDaySchema = daySchema.describe("local calendar day of the organisation's time zone, YYYY-MM-DD");
const reasonSchema = z.string().trim().min(1).max(500);
const clientKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .describe(
    "the entering device's key for this record (e.g. a UUID); a retry with the same key records nothing new",
  );
const voidBody = z.object({ version: versionSchema, reason: reasonSchema }).strict();

const readingSchema = z
  .object({
    id: uuidSchema,
    structureId: uuidSchema,
    readAt: instantSchema,
    levelM: z.number(),
    flowLps: z.number(),
    readBy: uuidSchema,
    note: z.string().nullable(),
    voidedAt: instantSchema.nullable(),
    voidReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "GaugeReading" });

const gapSchema = z.object({ from: instantSchema, to: instantSchema });
const periodVolumeSchema = z
  .object({
    periodKey: z.string().describe("a day YYYY-MM-DD or a decade YYYY-MM-N"),
    from: z.string(),
    to: z.string(),
    volumeM3: z.number(),
    coveredSeconds: z
      .number()
      .describe("seconds of the period the readings cover; the rest are gaps, counted as nothing"),
    windowSeconds: z.number(),
    gaps: z.array(gapSchema),
  })
  .meta({ id: "PeriodVolume" });

const gaugingPostSchema = z
  .object({
    id: uuidSchema,
    code: z.string(),
    name: z.string(),
    gauge: z.record(z.string(), z.unknown()).nullable(),
    reachId: uuidSchema,
    reachCode: z.string(),
    reachName: z.string(),
    reachKind: z.enum(REACH_KINDS),
    latest: z.object({ readAt: instantSchema, levelM: z.number(), flowLps: z.number() }).nullable(),
  })
  .meta({ id: "GaugingPost" });

const receiptSchema = z
  .object({
    id: uuidSchema,
    reachId: uuidSchema,
    reachCode: z.string(),
    reachName: z.string(),
    fromDay: z.string(),
    toDay: z.string(),
    volumeM3: z.number(),
    actNumber: z.string().nullable(),
    note: z.string().nullable(),
    source: z.enum(RECEIPT_SOURCES),
    structureId: uuidSchema.nullable(),
    gapSeconds: z.number().nullable(),
    voidedAt: instantSchema.nullable(),
    voidReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "HeadReceipt" });

const deliverySchema = z
  .object({
    id: uuidSchema,
    outletId: uuidSchema,
    outletCode: z.string(),
    outletName: z.string(),
    waterUserId: uuidSchema,
    userNumber: z.number().int(),
    userName: z.string(),
    plotId: uuidSchema.nullable(),
    plotCadastralNumber: z.string().nullable(),
    plotAreaHa: z.number().nullable(),
    startedAt: instantSchema,
    endedAt: instantSchema,
    volumeM3: z.number(),
    method: z.enum(DELIVERY_METHODS),
    flowLps: z.number().nullable(),
    gapSeconds: z.number().nullable().describe("seconds of the turn with no gauge readings (method gauge)"),
    actNumber: z.string(),
    signedOn: z.string().nullable(),
    recordedBy: uuidSchema,
    voidedAt: instantSchema.nullable(),
    voidReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "WaterDelivery" });

const deliveryCommon = {
  clientKey: clientKeySchema,
  outletId: uuidSchema,
  waterUserId: uuidSchema,
  plotId: uuidSchema.nullable().optional(),
  startedAt: instantInputSchema,
  endedAt: instantInputSchema,
};
/**
 * The act the user signs writes its volume to a tenth of a m³ (delivery-act-pdf.ts): a smaller one
 * would read 0,0 there while billing charged it. 0 stays: a turn that brought no water.
 */
const actVolumeSchema = z
  .number()
  .min(0)
  .max(10_000_000)
  .refine((m3) => m3 === 0 || m3 >= 0.1, { message: "actVolumeTooSmall" });
const deliveryBody = z.discriminatedUnion("method", [
  z
    .object({
      ...deliveryCommon,
      method: z.literal("time-and-flow"),
      flowLps: z.number().min(0).max(100_000),
    })
    .strict(),
  z.object({ ...deliveryCommon, method: z.literal("gauge") }).strict(),
  z.object({ ...deliveryCommon, method: z.literal("act"), volumeM3: actVolumeSchema }).strict(),
]);

/** A water user at an outlet, with the plots in force that take water there. */
const outletUserSchema = z.object({
  id: uuidSchema,
  number: z.number().int(),
  displayName: z.string(),
  plots: z.array(z.object({ id: uuidSchema, cadastralNumber: z.string().nullable(), areaHa: z.number() })),
});
const missingSchema = z.object({
  kind: z.enum(["head-inflow", "reach-inflow", "outlet-volume"]),
  reachId: z.string().optional(),
  outletId: z.string().optional(),
});
const figures = {
  inflowM3: z.number().nullable(),
  outflowM3: z.number().nullable(),
  lossesM3: z.number().nullable(),
  efficiency: z.number().nullable(),
  missing: z.array(missingSchema),
};
const periodBalanceSchema = z
  .object({
    periodKey: z.string(),
    canals: z.array(z.object({ reachId: z.string(), ...figures })),
    system: z.object({
      receivedM3: z.number().nullable(),
      deliveredM3: z.number(),
      lossesM3: z.number().nullable(),
      efficiency: z.number().nullable(),
      missing: z.array(missingSchema),
    }),
  })
  .meta({ id: "PeriodBalance" });

const pageQuery = {
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};

/** Gauge readings, volumes, water received at the head, deliveries with their acts, and the balance. */
export function registerMeasurementRoutes(app: RouteApp, { database }: AppDeps) {
  const tags = ["water measurement"];

  app.get(
    "/api/water/gauging-posts",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Gauging posts with their reach and latest valid reading",
        response: { 200: z.array(gaugingPostSchema) },
      },
    },
    async (request) => listGaugingPosts(database, request.ctx),
  );

  app.get(
    "/api/water/gauging-posts/:structureId/volumes",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Volume that passed a gauging post per day or decade (trapezoidal rule), with the gaps",
        params: z.object({ structureId: uuidSchema }),
        querystring: z.object({
          from: localDaySchema,
          to: localDaySchema,
          period: z.enum(["day", "decade"]).default("day"),
          maxGapHours: z.coerce
            .number()
            .min(0.25)
            .max(72)
            .default(DEFAULT_MAX_GAP_HOURS)
            .describe("a longer silence between readings is a gap, not bridged"),
        }),
        response: { 200: z.array(periodVolumeSchema) },
      },
    },
    async (request) => postVolumes(database, request.ctx, request.params.structureId, request.query),
  );

  app.get(
    "/api/water/readings",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "A gauging post's readings of one local day, voided ones included",
        querystring: z.object({ structureId: uuidSchema, day: localDaySchema }),
        response: { 200: z.array(readingSchema) },
      },
    },
    async (request) => listReadings(database, request.ctx, request.query),
  );

  app.post(
    "/api/water/readings",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary:
          "Record readings (a batch from a phone's queue): level in metres, flow computed from the post's device. " +
          "Keys already recorded return their reading; a second reading of a post in one minute (not voided) is refused; all or nothing.",
        body: z
          .object({
            readings: z
              .array(
                z
                  .object({
                    clientKey: clientKeySchema,
                    structureId: uuidSchema,
                    readAt: instantInputSchema,
                    levelM: z
                      .number()
                      .min(GAUGE_LEVEL_M.min)
                      .max(GAUGE_LEVEL_M.max)
                      .describe("level (head over the crest) in metres"),
                    note: z.string().trim().max(500).optional(),
                  })
                  .strict(),
              )
              .min(1)
              .max(200),
          })
          .strict(),
        response: {
          200: z.object({
            results: z.array(
              z.object({ clientKey: z.string(), duplicate: z.boolean(), reading: readingSchema }),
            ),
          }),
        },
      },
    },
    async (request) => ({ results: await recordReadings(database, request.ctx, request.body.readings) }),
  );

  app.post(
    "/api/water/readings/:readingId/void",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary: "Void a wrong reading with the reason (it stays on record)",
        params: z.object({ readingId: uuidSchema }),
        body: voidBody,
        response: { 200: readingSchema },
      },
    },
    async (request) =>
      voidMeasurement(database, request.ctx, "gauge_reading", request.params.readingId, request.body),
  );

  app.get(
    "/api/water/head-receipts",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Water received at the head from the district water department, by period",
        querystring: z.object({ from: localDaySchema, to: localDaySchema }),
        response: { 200: z.array(receiptSchema) },
      },
    },
    async (request) => listHeadReceipts(database, request.ctx, request.query),
  );

  app.post(
    "/api/water/head-receipts",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary:
          "Record water received at the head for a day or a decade: from the department's act, or computed from the head gauging post's readings",
        body: z.discriminatedUnion("source", [
          z
            .object({
              source: z.literal("act"),
              reachId: uuidSchema,
              fromDay: localDaySchema,
              toDay: localDaySchema,
              volumeM3: z.number().min(0).max(1e9),
              actNumber: z.string().trim().min(1).max(60),
              note: z.string().trim().max(500).optional(),
            })
            .strict(),
          z
            .object({
              source: z.literal("gauge"),
              reachId: uuidSchema,
              structureId: uuidSchema,
              fromDay: localDaySchema,
              toDay: localDaySchema,
              actNumber: z.string().trim().min(1).max(60).optional(),
              note: z.string().trim().max(500).optional(),
            })
            .strict(),
        ]),
        response: { 201: receiptSchema.omit({ reachCode: true, reachName: true }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordHeadReceipt(database, request.ctx, request.body)),
  );

  app.post(
    "/api/water/head-receipts/:receiptId/void",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary: "Void a head receipt with the reason",
        params: z.object({ receiptId: uuidSchema }),
        body: voidBody,
        response: { 200: receiptSchema.omit({ reachCode: true, reachName: true }) },
      },
    },
    async (request) =>
      voidMeasurement(database, request.ctx, "head_receipt", request.params.receiptId, request.body),
  );

  app.get(
    "/api/water/outlets",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Outlets in use, with whether each has a gauge",
        response: {
          200: z.array(
            z.object({
              id: uuidSchema,
              code: z.string(),
              name: z.string(),
              capacityLps: z.number(),
              hasGauge: z.boolean(),
            }),
          ),
        },
      },
    },
    async (request) => listOutlets(database, request.ctx),
  );

  app.get(
    "/api/water/outlets/:outletId/users",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The water users who take water at an outlet, with their plots there",
        params: z.object({ outletId: uuidSchema }),
        response: { 200: z.array(outletUserSchema) },
      },
    },
    async (request) => usersAtOutlet(database, request.ctx, request.params.outletId),
  );

  app.get(
    "/api/water/outlet-users",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "The water users at every outlet in use, with their plots there, by outlet: what a phone keeps to record turns without a link",
        response: { 200: z.array(z.object({ outletId: uuidSchema, users: z.array(outletUserSchema) })) },
      },
    },
    async (request) => usersByOutlet(database, request.ctx),
  );

  app.get(
    "/api/water/deliveries",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "Deliveries (turns) newest first, by outlet, user, local days and where their acts stand",
        querystring: z.object({
          outletId: uuidSchema.optional(),
          waterUserId: uuidSchema.optional(),
          acts: z
            .enum(ACT_STATES)
            .optional()
            .describe("unsigned: the user has not signed the act yet (voided ones left out); signed; voided"),
          from: localDaySchema.optional(),
          to: localDaySchema.optional(),
          ...pageQuery,
        }),
        response: {
          200: z.object({
            items: z.array(deliverySchema),
            page: z.number().int(),
            pageSize: z.number().int(),
            hasMore: z.boolean(),
          }),
        },
      },
    },
    async (request) => listDeliveries(database, request.ctx, request.query),
  );

  app.post(
    "/api/water/deliveries",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary:
          "Record a user's turn at an outlet: volume from flow × time, from the outlet's gauge readings, or from an act; numbered per year. " +
          "A turn whose start's day no season of the provider holds is refused (it could not be billed).",
        body: deliveryBody,
        response: { 200: z.object({ duplicate: z.boolean(), delivery: deliverySchema }) },
      },
    },
    async (request) => recordDelivery(database, request.ctx, request.body),
  );

  app.post(
    "/api/water/deliveries/:deliveryId/sign",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary: "Mark the delivery act signed by the user",
        params: z.object({ deliveryId: uuidSchema }),
        body: z.object({ version: versionSchema, signedOn: localDaySchema }).strict(),
        response: { 200: deliverySchema },
      },
    },
    async (request) => changeDelivery(database, request.ctx, request.params.deliveryId, request.body),
  );

  app.post(
    "/api/water/deliveries/:deliveryId/void",
    {
      config: { guard: "water.measure" },
      schema: {
        tags,
        summary: "Void a delivery with the reason (it stays on record, out of the balance)",
        params: z.object({ deliveryId: uuidSchema }),
        body: voidBody,
        response: { 200: deliverySchema },
      },
    },
    async (request) => changeDelivery(database, request.ctx, request.params.deliveryId, request.body),
  );

  app.get(
    "/api/water/deliveries/:deliveryId/act.pdf",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The delivery act as PDF (A4), in Kyrgyz or Russian, with lines for both signatures",
        params: z.object({ deliveryId: uuidSchema }),
        querystring: z.object({ locale: z.enum(["ky", "ru"]).default("ky") }),
      },
    },
    async (request, reply) => {
      const pdf = await deliveryActPdf(
        database,
        request.ctx,
        request.params.deliveryId,
        request.query.locale,
      );
      return reply
        .type("application/pdf")
        .header("content-disposition", `inline; filename="delivery-act-${request.params.deliveryId}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    "/api/water/balance",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: `A season's water balance by decade and in total (periodKey "${SEASON_TOTAL}"): received at the head vs delivered, losses and conveyance efficiency per canal`,
        querystring: z.object({ seasonId: uuidSchema.optional().describe("the latest season when absent") }),
        response: {
          200: z.object({
            seasons: z.array(
              z.object({
                id: uuidSchema,
                name: z.string(),
                year: z.number().int(),
                startsOn: z.string(),
                endsOn: z.string(),
              }),
            ),
            season: z
              .object({
                id: uuidSchema,
                name: z.string(),
                year: z.number().int(),
                startsOn: z.string(),
                endsOn: z.string(),
              })
              .nullable(),
            reaches: z.array(
              z.object({
                id: uuidSchema,
                parentId: uuidSchema.nullable(),
                kind: z.enum(REACH_KINDS),
                code: z.string(),
                name: z.string(),
              }),
            ),
            decades: z.array(periodBalanceSchema.extend({ from: z.string(), to: z.string() })),
            total: periodBalanceSchema.nullable(),
            incomplete: z.array(
              z.object({
                periodKey: z.string(),
                reachId: uuidSchema,
                structureCode: z.string(),
                coveredSeconds: z.number(),
                windowSeconds: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => seasonBalance(database, request.ctx, request.query.seasonId),
  );
}
