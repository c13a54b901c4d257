import { z } from "zod";
import { DomainError } from "../../domain/shared/errors.js";
import type { AppDeps, RouteApp } from "../app.js";
import { importFlagsSchema, tableIssueSchema } from "../platform/schemas.js";
import { exportWaterUsers, importWaterUsers, waterUsersTemplate } from "./users-file.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV = "text/csv";

/** The water users' list as a spreadsheet: template, import, export. */
export function registerWaterUserFileRoutes(app: RouteApp, { database }: AppDeps) {
  const tags = ["water users"];
  // Files go up as their own bytes; xlsx and octet-stream may already be read so by other areas.
  for (const type of [XLSX, "application/octet-stream", CSV])
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get(
    "/api/water/users/template",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary:
          "The water users' import template (xlsx) in the user's language, with a sheet of the words, villages and outlets each column takes",
      },
    },
    async (request, reply) =>
      reply
        .type(XLSX)
        .header("content-disposition", 'attachment; filename="water-users-template.xlsx"')
        .send(await waterUsersTemplate(database, request.ctx)),
  );

  app.post(
    "/api/water/users/import",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary:
          "Import water users and their plots (xlsx or CSV body, one row per plot). Problems come back row by row and column by column; nothing is written unless the file is valid or acceptValid=true; users and plots already registered are matched, not added again",
        querystring: importFlagsSchema,
        response: {
          200: z.object({
            rowCount: z.number().int(),
            userCount: z.number().int(),
            validUsers: z.number().int(),
            newUsers: z.number().int(),
            knownUsers: z.number().int(),
            newPlots: z.number().int(),
            knownPlots: z.number().int(),
            issues: z.array(tableIssueSchema),
            imported: z.object({ users: z.number().int(), plots: z.number().int() }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new DomainError("water.usersFile.unreadable");
      return importWaterUsers(database, request.ctx, request.body, request.query);
    },
  );

  app.get(
    "/api/water/users/export",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "Water users in force and their plots in force, one row per plot, as xlsx or CSV (the template's columns)",
        querystring: z.object({ format: z.enum(["xlsx", "csv"]).default("xlsx") }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      return reply
        .type(format === "csv" ? "text/csv; charset=utf-8" : XLSX)
        .header("content-disposition", `attachment; filename="water-users.${format}"`)
        .send(await exportWaterUsers(database, request.ctx, format));
    },
  );
}
