import { and, asc, eq, getTableName, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { DomainError, type FieldIssue, plainParams } from "../../domain/shared/errors.js";
import { type GaugeStructure, validateGaugeStructure } from "../../domain/water/discharge.js";
import type { ReachKind } from "../../domain/water/network.js";
import {
  cleanGeometry,
  type Geometry,
  geometryIssue,
  networkIssues,
  type ReachRecord,
} from "../../domain/water/network-check.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import {
  canalReach,
  canalStructure,
  irrigatedPlot,
  type Lining,
  type StructureKind,
  waterUser,
} from "./tables.js";

export type Reach = typeof canalReach.$inferSelect;
export type Structure = typeof canalStructure.$inferSelect;

/** The network belongs to a water provider (a WUA or a state district unit); a municipality has none. */
async function assertProvider(tx: Tx, orgId: string) {
  const org = await findOrganisation(tx, orgId);
  if (org?.kind !== "water-provider") throw new DomainError("water.notAProvider");
}

export async function withWaterProvider<T>(
  database: Database,
  ctx: RequestContext,
  work: (tx: Tx) => Promise<T>,
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    await assertProvider(tx, actor.orgId);
    return work(tx);
  });
}

export interface ReachInput {
  code: string;
  name: string;
  parentId: string | null;
  kind: ReachKind;
  lengthM: number | null;
  lining: Lining | null;
  capacityLps: number;
  efficiency: number;
  capacityOverride: boolean;
  geometry: Geometry | null;
}

export interface StructureInput {
  reachId: string;
  code: string;
  name: string;
  kind: StructureKind;
  gauge: GaugeStructure | null;
  geometry: Geometry | null;
}

/** The reaches in service (not retired), in code order. */
export async function liveReaches(tx: Tx, orgId: string): Promise<Reach[]> {
  return tx
    .select()
    .from(canalReach)
    .where(and(eq(canalReach.orgId, orgId), isNull(canalReach.retiredOn)))
    .orderBy(asc(canalReach.code));
}

export async function liveStructures(tx: Tx, orgId: string): Promise<Structure[]> {
  return tx
    .select()
    .from(canalStructure)
    .where(and(eq(canalStructure.orgId, orgId), isNull(canalStructure.retiredOn)))
    .orderBy(asc(canalStructure.code));
}

/** The network as the tree page and the other water pages read it. */
export async function listNetwork(database: Database, ctx: RequestContext, includeRetired: boolean) {
  const actor = requireActor(ctx);
  return withWaterProvider(database, ctx, async (tx) => {
    if (!includeRetired)
      return {
        reaches: await liveReaches(tx, actor.orgId),
        structures: await liveStructures(tx, actor.orgId),
      };
    const reaches = await tx
      .select()
      .from(canalReach)
      .where(eq(canalReach.orgId, actor.orgId))
      .orderBy(asc(canalReach.code));
    const structures = await tx
      .select()
      .from(canalStructure)
      .where(eq(canalStructure.orgId, actor.orgId))
      .orderBy(asc(canalStructure.code));
    return { reaches, structures };
  });
}

type NetworkTable = typeof canalReach | typeof canalStructure;

/**
 * A row of the caller's organisation, checked to be a water provider's; another organisation's id
 * is simply not found, whoever asks.
 */
async function loadOwn<T extends NetworkTable>(
  tx: Tx,
  table: T,
  orgId: string,
  id: string,
  notFound: string,
): Promise<T["$inferSelect"]> {
  const t = table as typeof canalReach; // both tables share the tenant columns read here
  const [row] = await tx
    .select()
    .from(t)
    .where(and(eq(t.id, id), eq(t.orgId, orgId)));
  if (!row) throw new DomainError(notFound);
  await assertProvider(tx, orgId);
  return row as T["$inferSelect"];
}

/** Inserts a row with its audit record, in the caller's transaction. */
async function insertAudited<T extends NetworkTable>(
  tx: Tx,
  ctx: RequestContext,
  table: T,
  values: T["$inferInsert"],
): Promise<T["$inferSelect"]> {
  const [row] = await tx
    .insert(table as typeof canalReach)
    .values(values as typeof canalReach.$inferInsert)
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: getTableName(table),
    entityId: row!.id,
    after: row,
  });
  return row as T["$inferSelect"];
}

/**
 * Writes `set` over the row read as `before`, if nobody changed it since `version` (else 409 and
 * nothing written), with its audit record in the same transaction.
 */
async function writeVersioned<T extends NetworkTable>(
  tx: Tx,
  ctx: RequestContext,
  table: T,
  action: "update" | "retire",
  before: T["$inferSelect"],
  version: number,
  set: Partial<T["$inferInsert"]>,
): Promise<T["$inferSelect"]> {
  const t = table as typeof canalReach; // both tables share the tenant columns written here
  const [after] = await tx
    .update(t)
    .set({
      ...(set as Partial<typeof canalReach.$inferInsert>),
      version: sql`${t.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(t.id, before.id), eq(t.version, version)))
    .returning();
  if (!after) throw new DomainError("conflict.version", { current: before.version });
  await recordAudit(tx, ctx, { action, entity: getTableName(table), entityId: before.id, before, after });
  return after as T["$inferSelect"];
}

type ReachShape = Pick<
  Reach,
  "id" | "code" | "parentId" | "kind" | "capacityLps" | "efficiency" | "capacityOverride"
>;
/** Reaches by code, their parents named by code (looked up in `all`), for `networkIssues`. */
export function reachRecords(reaches: readonly ReachShape[], all: readonly ReachShape[] = reaches) {
  const codeOf = new Map(all.map((r) => [r.id, r.code]));
  return reaches.map(
    (r): ReachRecord => ({
      code: r.code,
      parentCode: r.parentId === null ? null : (codeOf.get(r.parentId) ?? r.parentId),
      kind: r.kind,
      capacityLps: r.capacityLps,
      efficiency: r.efficiency,
      capacityOverride: r.capacityOverride,
    }),
  );
}

const cleaned = (g: Geometry | null) => (g === null ? null : cleanGeometry(g));

/**
 * Checks the whole network as it would be with `next` in place of (or beside) the reach `id`.
 * Problems of that reach are reported on the form's fields; those it causes elsewhere (a child now
 * wider than its parent) under `network.<code>`. Throws `water.networkInvalid`, writing nothing.
 */
async function assertNetworkWith(tx: Tx, orgId: string, id: string, next: ReachInput) {
  const reaches = await liveReaches(tx, orgId);
  const issues: FieldIssue[] = geometryIssue(next.geometry, "reach", ["geometry"]);
  const others = reaches.filter((r) => r.id !== id);
  if (others.some((r) => r.code === next.code))
    issues.push({ path: ["code"], code: "codeTaken", params: { code: next.code } });
  if (next.parentId !== null && !others.some((r) => r.id === next.parentId))
    issues.push({ path: ["parentId"], code: "unknownParent", params: { parent: next.parentId } });
  if (issues.length === 0) {
    const proposed = [...others, { ...next, id }];
    const focus = proposed.length - 1;
    for (const issue of networkIssues(reachRecords(proposed))) {
      const [row, field] = issue.path as [number, string];
      issues.push({
        ...issue,
        path:
          row === focus
            ? [field === "parentCode" ? "parentId" : field]
            : ["network", proposed[row]!.code, field],
      });
    }
  }
  if (issues.length > 0) throw new DomainError("water.networkInvalid", { count: issues.length }, issues);
}

export async function createReach(database: Database, ctx: RequestContext, input: ReachInput) {
  const actor = requireActor(ctx);
  return withWaterProvider(database, ctx, async (tx) => {
    const id = uuidv7();
    await assertNetworkWith(tx, actor.orgId, id, input);
    return insertAudited(tx, ctx, canalReach, {
      ...input,
      geometry: cleaned(input.geometry),
      id,
      orgId: actor.orgId,
    });
  });
}

/** A reach of the caller's organisation; another's id is simply not found, whatever the organisation. */
const loadReach = (tx: Tx, orgId: string, id: string) => loadOwn(tx, canalReach, orgId, id, "notFound.reach");

export async function updateReach(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<ReachInput> & { version: number },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await loadReach(tx, actor.orgId, id);
    if (before.retiredOn !== null) throw new DomainError("water.reachRetired", { code: before.code });
    const { version, ...changes } = patch;
    const next: ReachInput = { ...before, ...changes };
    await assertNetworkWith(tx, actor.orgId, id, next);
    return writeVersioned(tx, ctx, canalReach, "update", before, version, {
      ...changes,
      ...("geometry" in changes ? { geometry: cleaned(next.geometry) } : {}),
    });
  });
}

/**
 * Takes a reach out of service. Its history (readings, deliveries) keeps pointing at it, so it is
 * never deleted; a reach that still feeds canals, carries structures or serves plots stays.
 */
export async function retireReach(
  database: Database,
  ctx: RequestContext,
  id: string,
  input: { version: number; retiredOn: string },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await loadReach(tx, actor.orgId, id);
    if (before.retiredOn !== null) throw new DomainError("water.reachRetired", { code: before.code });
    const [use] = await rows<{ children: number; structures: number; plots: number }>(
      tx,
      sql`select
        (select count(*) from canal_reach where parent_id = ${id} and retired_on is null)::int as children,
        (select count(*) from canal_structure where reach_id = ${id} and retired_on is null)::int as structures,
        (select count(*) from irrigated_plot where outlet_id = ${id} and ended_on is null)::int as plots`,
    );
    if (use && (use.children > 0 || use.structures > 0 || use.plots > 0))
      throw new DomainError("water.reachInUse", { code: before.code, ...use });
    return writeVersioned(tx, ctx, canalReach, "retire", before, input.version, {
      retiredOn: input.retiredOn,
    });
  });
}

/**
 * Problems of a structure: its reach must be in service, its code free, and a gauging post (and
 * only a gauging post) carries a measuring device that its formula or table accepts.
 */
export function structureIssues(
  input: StructureInput,
  context: { reachIds: ReadonlySet<string>; takenCodes: ReadonlySet<string> },
): FieldIssue[] {
  const issues = geometryIssue(input.geometry, "structure", ["geometry"]);
  if (!context.reachIds.has(input.reachId))
    issues.push({ path: ["reachId"], code: "unknownReach", params: { reach: input.reachId } });
  if (context.takenCodes.has(input.code))
    issues.push({ path: ["code"], code: "codeTaken", params: { code: input.code } });
  if (input.kind === "gauging-post" && input.gauge === null)
    issues.push({ path: ["gauge"], code: "gaugeRequired" });
  if (input.kind !== "gauging-post" && input.gauge !== null)
    issues.push({ path: ["gauge"], code: "gaugeOnlyOnPost" });
  if (input.gauge !== null) {
    try {
      validateGaugeStructure(input.gauge);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push({ path: ["gauge"], code: error.code, params: plainParams(error.params) });
    }
  }
  return issues;
}

async function assertStructure(tx: Tx, orgId: string, id: string, input: StructureInput) {
  const reaches = await liveReaches(tx, orgId);
  const taken = await tx
    .select({ id: canalStructure.id, code: canalStructure.code })
    .from(canalStructure)
    .where(and(eq(canalStructure.orgId, orgId), eq(canalStructure.code, input.code)));
  const issues = structureIssues(input, {
    reachIds: new Set(reaches.map((r) => r.id)),
    takenCodes: new Set(taken.filter((s) => s.id !== id).map((s) => s.code)),
  });
  // The device's own rule says best what is wrong with it (a crest width, a flume size, a table).
  const device = issues.find((i) => i.code.startsWith("water."));
  if (device) throw new DomainError(device.code, device.params, [{ path: ["gauge"], code: "gaugeInvalid" }]);
  if (issues.length > 0) throw new DomainError("water.structureInvalid", { count: issues.length }, issues);
}

export async function createStructure(database: Database, ctx: RequestContext, input: StructureInput) {
  const actor = requireActor(ctx);
  return withWaterProvider(database, ctx, async (tx) => {
    const id = uuidv7();
    await assertStructure(tx, actor.orgId, id, input);
    return insertAudited(tx, ctx, canalStructure, {
      ...input,
      geometry: cleaned(input.geometry),
      id,
      orgId: actor.orgId,
    });
  });
}

async function loadStructure(tx: Tx, orgId: string, id: string) {
  const row = await loadOwn(tx, canalStructure, orgId, id, "notFound.structure");
  if (row.retiredOn !== null) throw new DomainError("water.structureRetired", { code: row.code });
  return row;
}

export async function updateStructure(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<StructureInput> & { version: number },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await loadStructure(tx, actor.orgId, id);
    const { version, ...changes } = patch;
    const next: StructureInput = { ...before, ...changes };
    await assertStructure(tx, actor.orgId, id, next);
    return writeVersioned(tx, ctx, canalStructure, "update", before, version, {
      ...changes,
      ...("geometry" in changes ? { geometry: cleaned(next.geometry) } : {}),
    });
  });
}

/** Takes a structure out of service; its readings keep pointing at it. */
export async function retireStructure(
  database: Database,
  ctx: RequestContext,
  id: string,
  input: { version: number; retiredOn: string },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await loadStructure(tx, actor.orgId, id);
    return writeVersioned(tx, ctx, canalStructure, "retire", before, input.version, {
      retiredOn: input.retiredOn,
    });
  });
}

/**
 * What the map draws: live canals, structures and plots, and the tiles if any. Plots not yet drawn
 * come too (geometry null), so that the map can offer them for drawing.
 */
export async function networkMap(
  database: Database,
  ctx: RequestContext,
  tiles: { tileUrl: string | null; tileAttribution: string | null },
) {
  const actor = requireActor(ctx);
  return withWaterProvider(database, ctx, async (tx) => {
    const plots = await tx
      .select({
        id: irrigatedPlot.id,
        outletId: irrigatedPlot.outletId,
        cadastralNumber: irrigatedPlot.cadastralNumber,
        areaHa: irrigatedPlot.areaHa,
        userName: waterUser.displayName,
        userNumber: waterUser.number,
        geometry: irrigatedPlot.geometry,
        version: irrigatedPlot.version,
      })
      .from(irrigatedPlot)
      .innerJoin(waterUser, eq(waterUser.id, irrigatedPlot.waterUserId))
      .where(and(eq(irrigatedPlot.orgId, actor.orgId), isNull(irrigatedPlot.endedOn)))
      .orderBy(asc(waterUser.number), asc(irrigatedPlot.createdAt));
    return {
      reaches: await liveReaches(tx, actor.orgId),
      structures: await liveStructures(tx, actor.orgId),
      plots,
      ...tiles,
    };
  });
}
