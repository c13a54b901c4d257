import { z } from "zod";
import { DomainError } from "../../domain/shared/errors.js";
import { sameSecret } from "../access/secrets.js";
import type { AppDeps, RouteApp } from "../app.js";
import { instantSchema, localeSchema, okSchema, uuidSchema } from "../platform/schemas.js";
import { listSms, queueSms, recordDeliveryReport, retrySms } from "./outbox.js";
import { SMS_FAILURES, SMS_STATUSES } from "./tables.js";

const smsSchema = z
  .object({
    id: uuidSchema,
    toPhone: z.string(),
    locale: z.string(),
    body: z.string(),
    segments: z.number().int(),
    purpose: z.string(),
    refEntity: z.string().nullable(),
    refId: z.string().nullable(),
    status: z.enum(SMS_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: instantSchema,
    failure: z
      .enum(SMS_FAILURES)
      .nullable()
      .describe(
        "why the last attempt failed, null when none did: no answer from the gateway, the gateway busy (both tried again), refused by it, or not delivered to the phone; unclassified for a failure recorded before these were told apart",
      ),
    lastError: z
      .string()
      .nullable()
      .describe("the gateway's (or the network's) own words for that failure, on one line"),
    sentAt: instantSchema.nullable(),
    deliveredAt: instantSchema.nullable(),
    createdAt: instantSchema,
  })
  .meta({ id: "SmsMessage" });

export function registerMessagingRoutes(app: RouteApp, { database, config }: AppDeps) {
  app.get(
    "/api/sms",
    {
      config: { guard: "sms.read" },
      schema: {
        tags: ["sms"],
        summary: "The organisation's SMS outbox, newest first",
        querystring: z.object({
          status: z.enum(SMS_STATUSES).optional(),
          to: z
            .string()
            .max(30)
            .optional()
            .describe("one phone's messages, written any way a phone number is (0555 12 34 56, +996…)"),
          cursor: uuidSchema.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(smsSchema),
            nextCursor: z.string().nullable(),
            sending: z
              .boolean()
              .describe(
                "whether this service hands messages to an SMS gateway; without one they stay queued",
              ),
          }),
        },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      const page = await listSms(database, request.ctx, { ...filter, beforeId: cursor });
      return { ...page, sending: config.sms.gatewayUrl !== null };
    },
  );

  app.post(
    "/api/sms",
    {
      config: { guard: "sms.manage" },
      schema: {
        tags: ["sms"],
        summary: "Queue a message to one phone (for example to a water user)",
        body: z.object({
          to: z.string().min(5).max(30),
          body: z.string().min(1).max(1000),
          locale: localeSchema.default("ky"),
          idempotencyKey: z.string().max(100).optional(),
        }),
        response: { 201: smsSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await queueSms(database, request.ctx, { ...request.body, purpose: "manual" })),
  );

  app.post(
    "/api/sms/:smsId/retry",
    {
      config: { guard: "sms.manage" },
      schema: {
        tags: ["sms"],
        summary: "Send a failed message again",
        params: z.object({ smsId: uuidSchema }),
        response: { 200: smsSchema },
      },
    },
    async (request) => retrySms(database, request.ctx, request.params.smsId),
  );

  app.post(
    "/api/sms/delivery",
    {
      config: { guard: "public" },
      schema: {
        tags: ["sms"],
        summary: "Delivery report from the SMS gateway (authenticated by the shared secret header)",
        headers: z.object({ "x-aimak-sms-secret": z.string().optional() }),
        body: z.object({
          reference: uuidSchema,
          status: z.enum(["delivered", "failed"]),
          error: z.string().max(500).optional(),
        }),
        response: { 200: okSchema.extend({ updated: z.boolean() }) },
      },
    },
    async (request) => {
      const secret = config.sms.callbackSecret;
      const sent = request.headers["x-aimak-sms-secret"];
      if (!secret || !sent || !sameSecret(sent, secret)) throw new DomainError("auth.invalidToken");
      return { ok: true as const, updated: await recordDeliveryReport(database, request.body, request.id) };
    },
  );
}
