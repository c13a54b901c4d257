import { readFileSync } from "node:fs";
import path from "node:path";
import { cropByCode } from "../../domain/planning/crops.js";
import { typicalPlantingDate } from "../../domain/planning/season-plan.js";
import { computeNormals, createStation, importWeather, withProvider } from "../planning/climate.js";
import { makePlan } from "../planning/plans.js";
import { saveRequest, seasonRequests } from "../planning/requests.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { packageRoot } from "../platform/paths.js";
import { ensureDemoWaterRegister } from "../water/planning-demo.js";

const YEAR = 2026;

/**
 * The demo WUA's planning: a weather station with one season of daily records, normals computed
 * from them, every contracted user's request as contracted, and a first plan. The weather is the
 * Fallon AgriMet 2015 season (39.46° N, 1208 m: a continental climate like the Fergana valley's
 * rim), from ../shared/reference-data, dated into the demo year; it has no rain.
 */
export async function loadDemoPlanning(database: Database, ctx: RequestContext) {
  const csv = readFileSync(
    path.join(packageRoot, "src", "server", "demo", "data", `planning-weather-${YEAR}.csv`),
    "utf8",
  );
  await withProvider(database, ctx, async (tx, orgId) => {
    const seasonId = await ensureDemoWaterRegister(tx, orgId, YEAR);
    const station = await createStation(tx, ctx, orgId, {
      name: "Көк-Арт метеопосту",
      latitudeDeg: 39.4575,
      longitudeDeg: 72.95,
      altitudeM: 1208.5,
    });
    await importWeather(
      tx,
      ctx,
      orgId,
      station.id,
      csv,
      {
        columns: { date: "date", tmax: "tmax", tmin: "tmin", tdew: "tdew", radiation: "rs", wind: "wind3" },
        units: { temperature: "C", radiation: "MJ/m2/d", windHeightM: 3 },
      },
      false,
    );
    await computeNormals(tx, ctx, orgId, station.id);
    const { season, users } = await seasonRequests(tx, orgId, seasonId);
    for (const user of users) {
      await saveRequest(tx, ctx, orgId, seasonId, user.waterUserId, {
        submittedOn: `${YEAR}-03-10`,
        version: null,
        lines: user.plots.map((p) => ({
          plotId: p.plotId,
          cropCode: p.cropCode,
          areaHa: p.contractedAreaHa,
          plantingDate: typicalPlantingDate(cropByCode(p.cropCode)!, season),
          irrigationMethod: p.cropCode === "orchard" ? ("drip" as const) : ("furrow" as const),
        })),
      });
    }
    if (users.length > 0)
      await makePlan(tx, ctx, orgId, seasonId, {
        stationId: station.id,
        rainMethod: { kind: "usda-scs" },
        note: null,
      });
  });
}
