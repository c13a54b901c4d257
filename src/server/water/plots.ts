import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { cadastralNumberOrRefuse } from "../../domain/registry/cadastral-number.js";
import { refuseDayAhead } from "../../domain/shared/day-ahead.js";
import { DomainError } from "../../domain/shared/errors.js";
import { geometryIssue } from "../../domain/water/network-check.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { canalReach, type GeoJsonGeometry, irrigatedPlot, type PlotTenure } from "./tables.js";
import { assertServedVillage, loadWaterUser, withWater } from "./users.js";

/** The provider's outlets (turnouts) in service: where a plot may take its water. */
export async function listOutlets(tx: Tx, orgId: string) {
  return tx
    .select({ id: canalReach.id, code: canalReach.code, name: canalReach.name })
    .from(canalReach)
    .where(and(eq(canalReach.orgId, orgId), eq(canalReach.kind, "outlet"), isNull(canalReach.retiredOn)))
    .orderBy(asc(canalReach.code));
}

async function assertOutlet(tx: Tx, orgId: string, outletId: string) {
  const outlets = await listOutlets(tx, orgId);
  if (!outlets.some((o) => o.id === outletId))
    throw new DomainError("validation.fields", {}, [{ path: ["outletId"], code: "notAnOutletOfProvider" }]);
}

export interface PlotFields {
  outletId: string;
  areaHa: number;
  tenure: PlotTenure;
  cadastralNumber?: string | null;
  villageCode?: string | null;
  /** A GeoJSON Polygon or MultiPolygon as sent; its shape is checked before it is stored. */
  geometry?: { type: string; coordinates: unknown[] } | null;
}

async function checkPlot(tx: Tx, orgId: string, input: Partial<PlotFields>) {
  if (input.outletId) await assertOutlet(tx, orgId, input.outletId);
  if (input.villageCode != null) await assertServedVillage(tx, orgId, input.villageCode);
  const issues = geometryIssue(input.geometry, "plot", ["geometry"]);
  if (issues.length > 0) throw new DomainError("validation.fields", {}, issues);
}

/** A plot the user irrigates, and the outlet it takes water from. */
export async function addPlot(
  database: Database,
  ctx: RequestContext,
  waterUserId: string,
  input: PlotFields,
) {
  return withWater(database, ctx, (tx) => insertPlot(tx, ctx, waterUserId, input));
}

export async function insertPlot(tx: Tx, ctx: RequestContext, waterUserId: string, input: PlotFields) {
  const actor = requireActor(ctx);
  const user = await loadWaterUser(tx, actor.orgId, waterUserId);
  if (user.archivedOn)
    throw new DomainError("water.userArchived", { number: user.number, date: user.archivedOn });
  await checkPlot(tx, actor.orgId, input);
  const [created] = await tx
    .insert(irrigatedPlot)
    .values({
      id: uuidv7(),
      orgId: actor.orgId,
      waterUserId,
      outletId: input.outletId,
      areaHa: input.areaHa,
      tenure: input.tenure,
      cadastralNumber: cadastralNumberOrRefuse(input.cadastralNumber),
      villageCode: input.villageCode ?? user.villageCode,
      geometry: (input.geometry as GeoJsonGeometry | undefined) ?? null,
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "irrigated_plot",
    entityId: created!.id,
    after: created,
  });
  return created!;
}

export async function loadPlot(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(irrigatedPlot)
    .where(and(eq(irrigatedPlot.id, id), eq(irrigatedPlot.orgId, orgId)));
  if (!row) throw new DomainError("notFound.plot");
  return row;
}

/**
 * Edits a plot, or ends it (`endedOn`: sold, lease over, no longer irrigated); an ended plot keeps
 * its history for the contracts and deliveries that name it.
 */
export async function updatePlot(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<PlotFields> & { version: number; endedOn?: string | null },
) {
  refuseDayAhead(["endedOn"], patch.endedOn, organisationToday(ctx));
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const before = await loadPlot(tx, actor.orgId, id);
    if (before.endedOn && patch.endedOn !== null) throw new DomainError("water.plotEnded");
    await checkPlot(tx, actor.orgId, patch);
    const { version, geometry, ...changes } = patch;
    const [after] = await tx
      .update(irrigatedPlot)
      .set({
        ...changes,
        ...(changes.cadastralNumber !== undefined
          ? { cadastralNumber: cadastralNumberOrRefuse(changes.cadastralNumber) }
          : {}),
        ...(geometry !== undefined ? { geometry: geometry as GeoJsonGeometry | null } : {}),
        version: sql`${irrigatedPlot.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(irrigatedPlot.id, id), eq(irrigatedPlot.version, version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    const action = !before.endedOn && after.endedOn ? "end" : "update";
    await recordAudit(tx, ctx, { action, entity: "irrigated_plot", entityId: id, before, after });
    return after;
  });
}

/** A user's plots with their outlets, in force first. */
export async function plotsOf(tx: Tx, orgId: string, waterUserId: string) {
  const found = await tx
    .select({ plot: irrigatedPlot, outletCode: canalReach.code, outletName: canalReach.name })
    .from(irrigatedPlot)
    .innerJoin(canalReach, eq(canalReach.id, irrigatedPlot.outletId))
    .where(and(eq(irrigatedPlot.orgId, orgId), eq(irrigatedPlot.waterUserId, waterUserId)))
    .orderBy(sql`${irrigatedPlot.endedOn} nulls first`, asc(irrigatedPlot.createdAt));
  return found.map(({ plot, outletCode, outletName }) => ({ ...plot, outletCode, outletName }));
}
