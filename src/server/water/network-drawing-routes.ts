import { z } from "zod";
import { ringSelfIntersects } from "../../domain/water/geometry.js";
import type { Geometry, Position } from "../../domain/water/network-check.js";
import type { Permission } from "../access/roles.js";
import type { AppDeps, RouteApp } from "../app.js";
import type { RequestContext } from "../platform/context.js";
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

const plotGeometrySchema = z.object({
  id: uuidSchema,
  areaHa: z.number(),
  geometry: geometrySchema.nullable(),
  version: z.number().int(),
});

/** One drawing route: what it draws, who may, and the thing's own edit that saves it. */
interface Drawing {
  path: string;
  param: string;
  guard: Permission;
  summary: string;
  geometry: z.ZodType;
  response: z.ZodType;
  save: (
    ctx: RequestContext,
    id: string,
    patch: { version: number; geometry: Geometry | null },
  ) => Promise<unknown>;
}

/**
 * Drawing on the network map: one route per thing drawn, each replacing (or, with null, removing)
 * only its geometry, under the same permission, version check and audit as the thing's own edit.
 */
export function registerNetworkDrawingRoutes(app: RouteApp, { database }: AppDeps) {
  const drawings: Drawing[] = [
    {
      path: "/api/water/reaches/:reachId/geometry",
      param: "reachId",
      guard: "water.network",
      summary: "Draw a canal reach on the map (a LineString), or take its line away (null)",
      geometry: lineStringSchema,
      response: reachSchema,
      save: (ctx, id, patch) => updateReach(database, ctx, id, patch),
    },
    {
      path: "/api/water/structures/:structureId/geometry",
      param: "structureId",
      guard: "water.network",
      summary: "Place a structure (gate, gauging post) on the map (a Point), or take it away (null)",
      geometry: pointSchema,
      response: structureSchema,
      save: (ctx, id, patch) => updateStructure(database, ctx, id, patch),
    },
    {
      // Plots are the water users' register: the permission that edits them draws them.
      path: "/api/water/plots/:plotId/geometry",
      param: "plotId",
      guard: "water.users",
      summary: "Draw an irrigated plot's outline on the map (a Polygon), or take it away (null)",
      geometry: polygonSchema,
      response: plotGeometrySchema,
      save: (ctx, id, { version, geometry }) =>
        updatePlot(database, ctx, id, { version, geometry: geometry as GeoJsonGeometry | null }),
    },
  ];
  for (const d of drawings)
    app.put(
      d.path,
      {
        config: { guard: d.guard },
        schema: {
          tags: ["water network"],
          summary: d.summary,
          params: z.object({ [d.param]: uuidSchema }),
          body: z
            .object({
              version: versionSchema,
              geometry: d.geometry.nullable().describe("null takes the drawing away"),
            })
            .strict(),
          response: { 200: d.response },
        },
      },
      async (request) => {
        // The schemas above have checked both; the generic route cannot carry their types.
        const id = (request.params as Record<string, string>)[d.param]!;
        const body = request.body as { version: number; geometry: Geometry | null };
        return d.save(request.ctx, id, body);
      },
    );
}
