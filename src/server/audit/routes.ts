import { z } from "zod";
import type { AppDeps, RouteApp } from "../app.js";
import { requireActor } from "../platform/context.js";
import { dayOrInstantSchema, instantSchema, uuidSchema } from "../platform/schemas.js";
import { withTenant } from "../platform/transactions.js";
import { listAudit, verifyAuditChains } from "./service.js";

const auditSchema = z
  .object({
    id: uuidSchema,
    seq: z.number().int(),
    at: instantSchema,
    userId: uuidSchema.nullable(),
    actor: z.string(),
    client: z.string(),
    requestId: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    xroad: z
      .object({
        client: z.string().describe("X-Road-Client as sent: INSTANCE/CLASS/MEMBER[/SUBSYSTEM]"),
        service: z.string().optional().describe("X-Road-Service: INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE"),
        messageId: z.string().optional().describe("X-Road-Id"),
        userId: z.string().optional().describe("X-Road-UserId"),
        issue: z.string().optional().describe("X-Road-Issue"),
        representedParty: z.string().optional().describe("X-Road-Represented-Party"),
      })
      .nullable()
      .describe("the X-Road (Tunduk) call that made the change, from an API token's request; null otherwise"),
    hash: z.string(),
  })
  .meta({ id: "AuditRecord" });

export function registerAuditRoutes(app: RouteApp, { database }: AppDeps) {
  app.get(
    "/api/audit",
    {
      config: { guard: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "The organisation's audit trail, newest first, with filters",
        querystring: z.object({
          entity: z.string().max(60).optional(),
          entityId: z.string().max(80).optional(),
          userId: uuidSchema.optional(),
          action: z.string().max(40).optional(),
          xroadClient: z
            .string()
            .max(255)
            .optional()
            .describe(
              "only changes made by this X-Road client (INSTANCE/CLASS/MEMBER/SUBSYSTEM, as it sent it)",
            ),
          from: dayOrInstantSchema.optional(),
          to: dayOrInstantSchema.optional(),
          cursor: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(auditSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      return listAudit(database, request.ctx, { ...filter, beforeSeq: cursor });
    },
  );

  app.get(
    "/api/audit/verify",
    {
      config: { guard: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "Verify the organisation's hash chain; names the first broken link",
        response: {
          200: z.object({
            checked: z.number().int(),
            broken: z.array(
              z.object({ orgId: z.string(), seq: z.number(), id: z.string(), reason: z.string() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request.ctx);
      return withTenant(database, actor, (tx) => verifyAuditChains(tx, [actor.orgId]));
    },
  );
}
