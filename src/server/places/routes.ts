import { z } from "zod";
import { UNIT_LEVELS, versionOn } from "../../domain/places/units.js";
import type { AppDeps, RouteApp } from "../app.js";
import { requireActor } from "../platform/context.js";
import { organisationToday } from "../platform/local-day.js";
import { daySchema, localizedOutSchema } from "../platform/schemas.js";
import { withTenant } from "../platform/transactions.js";
import { listUnits, resolveUnit } from "./service.js";

const unitSchema = z
  .object({
    code: z.string(),
    level: z.enum(UNIT_LEVELS),
    parentCode: z.string().nullable(),
    name: localizedOutSchema,
    abolishedOn: z.string().nullable(),
    successorCode: z.string().nullable(),
  })
  .meta({ id: "AdminUnit" });

export function registerPlacesRoutes(app: RouteApp, { database }: AppDeps) {
  app.get(
    "/api/places",
    {
      config: { guard: "signed-in" },
      schema: {
        tags: ["places"],
        summary:
          "Administrative units in force: children of a unit, or all of one level, or those of some codes",
        querystring: z.object({
          parent: z.string().max(30).optional(),
          level: z.enum(UNIT_LEVELS).optional(),
          codes: z
            .string()
            .max(3200)
            .regex(/^[\w.-]+(,[\w.-]+)*$/)
            .optional()
            .describe("comma-separated codes: only the units of these codes (a page naming a few places)"),
        }),
        response: { 200: z.array(unitSchema) },
      },
    },
    async (request) =>
      withTenant(database, requireActor(request.ctx), (tx) =>
        listUnits(tx, {
          parentCode: request.query.parent,
          level: request.query.level,
          ...(request.query.codes ? { codes: request.query.codes.split(",") } : {}),
        }),
      ),
  );

  app.get(
    "/api/places/:code",
    {
      config: { guard: "signed-in" },
      schema: {
        tags: ["places"],
        summary: "A unit as it was on a date, and the unit that holds it today (after merges)",
        params: z.object({ code: z.string().max(30) }),
        querystring: z.object({ date: daySchema.optional() }),
        response: {
          200: z.object({
            unit: unitSchema,
            ancestorsOnDate: z.array(unitSchema),
            current: unitSchema,
            currentAncestors: z.array(unitSchema),
          }),
        },
      },
    },
    async (request) => {
      const date = request.query.date ?? organisationToday(request.ctx);
      const resolved = await withTenant(database, requireActor(request.ctx), (tx) =>
        resolveUnit(tx, request.params.code, date),
      );
      const view = (u: (typeof resolved)["unit"], on: string) => {
        const v = versionOn(u, on) ?? u.versions.at(-1)!;
        return {
          code: u.code,
          level: u.level,
          parentCode: v.parentCode,
          name: v.name,
          abolishedOn: u.abolishedOn,
          successorCode: u.successorCode,
        };
      };
      return {
        unit: view(resolved.unit, date),
        ancestorsOnDate: resolved.ancestorsOnDate.map((u) => view(u, date)),
        current: view(resolved.current, "9999-12-31"),
        currentAncestors: resolved.currentAncestors.map((u) => view(u, "9999-12-31")),
      };
    },
  );
}
