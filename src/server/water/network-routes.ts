import { z } from "zod";
import type { GaugeStructure } from "../../domain/water/discharge.js";
import { REACH_KINDS } from "../../domain/water/network.js";
import type { Geometry } from "../../domain/water/network-check.js";
import { GAUGE_KINDS } from "../../domain/water/network-sheet.js";
import type { AppDeps, RouteApp } from "../app.js";
import { daySchema, uuidSchema, versionSchema } from "../platform/schemas.js";
import {
  createReach,
  createStructure,
  listNetwork,
  networkMap,
  retireReach,
  retireStructure,
  updateReach,
  updateStructure,
} from "./network.js";
import { exportNetwork, fileHash, importNetwork, networkTemplate } from "./network-io.js";
import { LININGS, STRUCTURE_KINDS } from "./tables.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const GEOJSON = "application/geo+json";
const text = (max: number) => z.string().trim().min(1).max(max);

/** GeoJSON geometry (RFC 7946, WGS 84); its type and positions are checked by the service for each use. */
export const geometrySchema = z
  .object({
    type: z.enum(["Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"]),
    coordinates: z.array(z.any()).max(100_000),
  })
  .meta({ id: "Geometry" });

const gaugeSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("rectangular-weir"), crestWidthM: z.number(), contracted: z.boolean() }),
    z.object({ kind: z.literal("cipoletti-weir"), crestWidthM: z.number() }),
    z.object({ kind: z.literal("v-notch-90") }),
    z.object({ kind: z.literal("parshall-flume"), throatWidthM: z.number() }),
    z.object({
      kind: z.literal("rating-table"),
      points: z.array(z.object({ levelM: z.number(), flowLps: z.number() })).max(500),
    }),
  ])
  .describe(`a gauging post's device: ${GAUGE_KINDS.join(", ")}`)
  .meta({ id: "GaugeDevice" });

// No defaults here: a PATCH must leave out what it does not change (zod would fill a default in).
const reachFields = {
  code: text(40).describe("the code on the WUA's scheme, unique in the organisation"),
  name: text(200),
  parentId: uuidSchema.nullable().describe("null only for a head intake"),
  kind: z.enum(REACH_KINDS as ["head", ...typeof REACH_KINDS]),
  lengthM: z.number().min(0).max(1_000_000).nullable(),
  lining: z.enum(LININGS).nullable(),
  capacityLps: z.number().min(0).max(1_000_000),
  efficiency: z.number().gt(0).max(1).describe("conveyance efficiency, 0 < e ≤ 1"),
  capacityOverride: z.boolean().describe("a child wider than its parent, on purpose"),
  geometry: geometrySchema.nullable().describe("a LineString or MultiLineString"),
};
const newReachSchema = z
  .object({
    ...reachFields,
    lengthM: reachFields.lengthM.default(null),
    lining: reachFields.lining.default(null),
    efficiency: reachFields.efficiency.default(1),
    capacityOverride: reachFields.capacityOverride.default(false),
    geometry: reachFields.geometry.default(null),
  })
  .strict();

export const reachSchema = z
  .object({
    id: uuidSchema,
    code: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    kind: z.enum(REACH_KINDS as ["head", ...typeof REACH_KINDS]),
    lengthM: z.number().nullable(),
    lining: z.enum(LININGS).nullable(),
    capacityLps: z.number(),
    efficiency: z.number(),
    capacityOverride: z.boolean(),
    geometry: geometrySchema.nullable(),
    retiredOn: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "CanalReach" });

const structureFields = {
  reachId: uuidSchema,
  code: text(40),
  name: text(200),
  kind: z.enum(STRUCTURE_KINDS),
  gauge: gaugeSchema.nullable().describe("required on a gauging post, refused elsewhere"),
  geometry: geometrySchema.nullable().describe("a Point"),
};
const newStructureSchema = z
  .object({
    ...structureFields,
    gauge: structureFields.gauge.default(null),
    geometry: structureFields.geometry.default(null),
  })
  .strict();

export const structureSchema = z
  .object({
    id: uuidSchema,
    reachId: uuidSchema,
    code: z.string(),
    name: z.string(),
    kind: z.enum(STRUCTURE_KINDS),
    gauge: gaugeSchema.nullable(),
    geometry: geometrySchema.nullable(),
    retiredOn: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: "CanalStructure" });

const retireSchema = z.object({ version: versionSchema, retiredOn: daySchema }).strict();

const importReportSchema = z.object({
  rows: z.object({ reaches: z.number().int(), structures: z.number().int(), plots: z.number().int() }),
  issues: z.array(
    z.object({
      sheet: z.enum(["reaches", "structures", "plots"]),
      row: z.number().int().describe("spreadsheet row, or GeoJSON feature number (from 1)"),
      column: z.string().nullable(),
      columnLabel: z.string().nullable(),
      code: z.string(),
      message: z.string(),
    }),
  ),
  imported: z
    .object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })
    .nullable(),
});

// Zod's shape of a geometry or device is looser than the domain's; the service checks them.
const asGeometry = (g: z.infer<typeof geometrySchema> | null | undefined) => g as Geometry | null;
const asGauge = (g: z.infer<typeof gaugeSchema> | null | undefined) => g as GaugeStructure | null;
const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export function registerNetworkRoutes(app: RouteApp, { database, config }: AppDeps) {
  const tags = ["water network"];
  // Files go up as their bytes; the register may already read spreadsheets so.
  for (const type of [XLSX, "application/octet-stream", GEOJSON])
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(type, { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get(
    "/api/water/network",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary: "The canal network: reaches (a tree from the head intakes) and the structures on them",
        querystring: z.object({
          includeRetired: z
            .enum(["true", "false"])
            .default("false")
            .transform((v) => v === "true"),
        }),
        response: { 200: z.object({ reaches: z.array(reachSchema), structures: z.array(structureSchema) }) },
      },
    },
    async (request) => listNetwork(database, request.ctx, request.query.includeRetired),
  );

  app.get(
    "/api/water/map",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "What the map draws: canals, structures, plots (drawn or not yet), and the tile URL (AIMAK_MAP_TILE_URL) if any",
        response: {
          200: z.object({
            reaches: z.array(reachSchema),
            structures: z.array(structureSchema),
            plots: z.array(
              z.object({
                id: uuidSchema,
                outletId: uuidSchema,
                cadastralNumber: z.string().nullable(),
                areaHa: z.number(),
                userName: z.string(),
                userNumber: z.number().int(),
                geometry: geometrySchema.nullable().describe("null: not drawn yet"),
                version: z.number().int(),
              }),
            ),
            tileUrl: z.string().nullable(),
            tileAttribution: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => networkMap(database, request.ctx, config.map),
  );

  const reachParams = z.object({ reachId: uuidSchema });
  app.post(
    "/api/water/reaches",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary:
          "Add a reach; the whole network is checked (no cycle, no orphan, capacity within the parent's)",
        body: newReachSchema,
        response: { 201: reachSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      return reply
        .status(201)
        .send(await createReach(database, request.ctx, { ...b, geometry: asGeometry(b.geometry) }));
    },
  );

  app.patch(
    "/api/water/reaches/:reachId",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "Edit a reach; the whole network is checked again",
        params: reachParams,
        body: z.object(reachFields).partial().extend({ version: versionSchema }).strict(),
        response: { 200: reachSchema },
      },
    },
    async (request) => {
      const { geometry, ...rest } = request.body;
      return updateReach(database, request.ctx, request.params.reachId, {
        ...rest,
        ...optional("geometry", geometry === undefined ? undefined : asGeometry(geometry)),
      });
    },
  );

  app.post(
    "/api/water/reaches/:reachId/retire",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary:
          "Take a reach out of service (refused while it feeds canals, carries structures or serves plots)",
        params: reachParams,
        body: retireSchema,
        response: { 200: reachSchema },
      },
    },
    async (request) => retireReach(database, request.ctx, request.params.reachId, request.body),
  );

  const structureParams = z.object({ structureId: uuidSchema });
  app.post(
    "/api/water/structures",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "Add a structure on a reach (a gauging post with its device)",
        body: newStructureSchema,
        response: { 201: structureSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      return reply.status(201).send(
        await createStructure(database, request.ctx, {
          ...b,
          gauge: asGauge(b.gauge),
          geometry: asGeometry(b.geometry),
        }),
      );
    },
  );

  app.patch(
    "/api/water/structures/:structureId",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "Edit a structure or its device",
        params: structureParams,
        body: z.object(structureFields).partial().extend({ version: versionSchema }).strict(),
        response: { 200: structureSchema },
      },
    },
    async (request) => {
      const { geometry, gauge, ...rest } = request.body;
      return updateStructure(database, request.ctx, request.params.structureId, {
        ...rest,
        ...optional("gauge", gauge === undefined ? undefined : asGauge(gauge)),
        ...optional("geometry", geometry === undefined ? undefined : asGeometry(geometry)),
      });
    },
  );

  app.post(
    "/api/water/structures/:structureId/retire",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "Take a structure out of service",
        params: structureParams,
        body: retireSchema,
        response: { 200: structureSchema },
      },
    },
    async (request) => retireStructure(database, request.ctx, request.params.structureId, request.body),
  );

  app.get(
    "/api/water/network/template",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "The network import workbook (reaches, structures, plots), labelled in the user's language",
      },
    },
    async (request, reply) =>
      reply
        .type(XLSX)
        .header("content-disposition", 'attachment; filename="canal-network-template.xlsx"')
        .send(await networkTemplate(request.ctx)),
  );

  app.get(
    "/api/water/network/export",
    {
      config: { guard: "water.read" },
      schema: {
        tags,
        summary:
          "The network and the plots' places as GeoJSON (a FeatureCollection, `layer` per feature) or xlsx",
        querystring: z.object({ format: z.enum(["geojson", "xlsx"]).default("geojson") }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      return reply
        .type(format === "xlsx" ? XLSX : GEOJSON)
        .header("content-disposition", `attachment; filename="canal-network.${format}"`)
        .send(await exportNetwork(database, request.ctx, format));
    },
  );

  app.post(
    "/api/water/network/import",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary:
          "Import the network and plots' places: an xlsx body, or GeoJSON (application/json or application/geo+json). Rows are matched by code (plots by id or user number + cadastral number); nothing is written unless the whole file is valid",
        querystring: z.object({
          dryRun: z
            .enum(["true", "false"])
            .default("false")
            .transform((v) => v === "true"),
        }),
        response: { 200: importReportSchema },
      },
    },
    async (request) =>
      importNetwork(database, request.ctx, request.body, {
        dryRun: request.query.dryRun,
        fileHash: fileHash(request.body),
      }),
  );
}
