import { z } from "zod";
import { ringSelfIntersects } from "../../domain/water/geometry.js";
import type { Geometry, Position } from "../../domain/water/network-check.js";
import type { AppDeps, RouteApp } from "../app.js";
import { uuidSchema, versionSchema } from "../platform/schemas.js";
import { updateReach, updateStructure } from "./network.js";
import { geometrySchema, reachSchema, structureSchema } from "./network-routes.js";
import { updatePlot } from "./plots.js";
import type { GeoJsonGeometry } from "./tables.js";

// What a user draws on the map, checked to the position; each message names a catalog key
// (errors.field.<key>) so that a refusal reads in the user's language.
const longitude = z.number().min(-180, "longitudeOutOfRange").max(180, "longitudeOutOfRange");
const latitude = z.number().min(-90, "latitudeOutOfRange").max(90, "latitudeOutOfRange");
const position = z.tuple([longitude, latitude]).describe("[longitude, latitude], WGS 84 degrees");
/** Enough for a canal or a field drawn by hand; an import takes larger shapes. */
const MAX_POSITIONS = 2000;

const closed = (ring: Position[]) =>
  ring.length < 2 || (ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1]);
const ring = z
  .array(position)
  .min(4, "ringTooFewPositions")
  .max(MAX_POSITIONS)
  .refine(closed, "ringNotClosed")
  .refine((r) => r.length < 4 || !closed(r) || !ringSelfIntersects(r), "ringSelfIntersects");

const lineStringSchema = z
  .object({
    type: z.literal("LineString", "geometryExpectedLine"),
    coordinates: z.array(position).min(2, "lineTooFewPositions").max(MAX_POSITIONS),
  })
  .strict()
  .meta({ id: "LineString" });
const pointSchema = z
  .object({ type: z.literal("Point", "geometryExpectedPoint"), coordinates: position })
  .strict()
  .meta({ id: "Point" });
const polygonSchema = z
  .object({
    type: z.literal("Polygon", "geometryExpectedPolygon"),
    coordinates: z.array(ring).min(1, "ringTooFewPositions").max(50).describe("the outline, then any holes"),
  })
  .strict()
  .meta({ id: "Polygon" });

const body = <T extends z.ZodType>(geometry: T) =>
  z
    .object({ version: versionSchema, geometry: geometry.nullable().describe("null takes the drawing away") })
    .strict();

const plotGeometrySchema = z.object({
  id: uuidSchema,
  areaHa: z.number(),
  geometry: geometrySchema.nullable(),
  version: z.number().int(),
});

/**
 * Drawing on the network map: one route per thing drawn, each replacing (or, with null, removing)
 * only its geometry, under the same permission, version check and audit as the thing's own edit.
 */
export function registerNetworkDrawingRoutes(app: RouteApp, { database }: AppDeps) {
  const tags = ["water network"];
  app.put(
    "/api/water/reaches/:reachId/geometry",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "Draw a canal reach on the map (a LineString), or take its line away (null)",
        params: z.object({ reachId: uuidSchema }),
        body: body(lineStringSchema),
        response: { 200: reachSchema },
      },
    },
    async (request) => {
      const { version, geometry } = request.body;
      return updateReach(database, request.ctx, request.params.reachId, {
        version,
        geometry: geometry as Geometry | null,
      });
    },
  );

  app.put(
    "/api/water/structures/:structureId/geometry",
    {
      config: { guard: "water.network" },
      schema: {
        tags,
        summary: "Place a structure (gate, gauging post) on the map (a Point), or take it away (null)",
        params: z.object({ structureId: uuidSchema }),
        body: body(pointSchema),
        response: { 200: structureSchema },
      },
    },
    async (request) => {
      const { version, geometry } = request.body;
      return updateStructure(database, request.ctx, request.params.structureId, {
        version,
        geometry: geometry as Geometry | null,
      });
    },
  );

  app.put(
    "/api/water/plots/:plotId/geometry",
    {
      config: { guard: "water.users" },
      schema: {
        tags,
        summary: "Draw an irrigated plot's outline on the map (a Polygon), or take it away (null)",
        params: z.object({ plotId: uuidSchema }),
        body: body(polygonSchema),
        response: { 200: plotGeometrySchema },
      },
    },
    async (request) => {
      const { version, geometry } = request.body;
      return updatePlot(database, request.ctx, request.params.plotId, {
        version,
        geometry: geometry as GeoJsonGeometry | null,
      });
    },
  );
}
