import { z } from "zod";
import type { AppDeps, RouteApp } from "../app.js";

export function registerHealthRoutes(app: RouteApp, { database }: AppDeps) {
  app.get(
    "/healthz",
    {
      config: { guard: "public" },
      schema: {
        tags: ["platform"],
        summary: "Liveness with the database: 200 when it answers, 503 when it does not",
        response: {
          200: z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) }),
          503: z.object({ status: z.literal("unavailable"), database: z.enum(["pglite", "postgres"]) }),
        },
      },
    },
    async (request, reply) => {
      try {
        await database.ping();
        return { status: "ok" as const, database: database.kind };
      } catch (error) {
        request.log.warn({ err: error }, "database unreachable");
        return reply.status(503).send({ status: "unavailable" as const, database: database.kind });
      }
    },
  );
}
