import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { membershipClass } from "../../domain/billing/tariff.js";
import { cropByCode } from "../../domain/planning/crops.js";
import { DomainError, type FieldIssue } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { isUniqueViolation } from "../platform/pg-errors.js";
import { loadSeason } from "./seasons.js";
import {
  type ContractStatus,
  canalReach,
  contractPlot,
  irrigatedPlot,
  season,
  waterContract,
  waterUser,
} from "./tables.js";
import { loadWaterUser, nextContractNumber, withWater } from "./users.js";

/**
 * The season's water-service contract. A draft is edited freely; signing freezes it. A signed
 * contract is never edited: a change is a new draft that names the contract it supersedes, and
 * signing that draft terminates the old one on the same day, so at any moment a user has at most
 * one signed contract per season and the history of what was agreed stays readable.
 */

export interface ContractLine {
  plotId: string;
  cropCode: string;
  areaHa: number;
}

export interface ContractFields {
  tariffClass?: string | undefined;
  notes?: string | null | undefined;
  plots: ContractLine[];
}

type Contract = typeof waterContract.$inferSelect;

/** Lines must name the user's plots in force, known crops, and no more area than a plot has. */
async function checkLines(tx: Tx, orgId: string, waterUserId: string, lines: ContractLine[]) {
  const plots = await tx
    .select()
    .from(irrigatedPlot)
    .where(and(eq(irrigatedPlot.orgId, orgId), eq(irrigatedPlot.waterUserId, waterUserId)));
  const byId = new Map(plots.map((p) => [p.id, p]));
  const used = new Map<string, number>();
  const fields: FieldIssue[] = [];
  lines.forEach((line, i) => {
    const plot = byId.get(line.plotId);
    if (!plot || plot.endedOn) fields.push({ path: ["plots", i, "plotId"], code: "notUsersPlot" });
    if (!cropByCode(line.cropCode))
      fields.push({ path: ["plots", i, "cropCode"], code: "unknownCrop", params: { code: line.cropCode } });
    const total = (used.get(line.plotId) ?? 0) + line.areaHa;
    used.set(line.plotId, total);
    if (plot && total > plot.areaHa + 1e-9)
      fields.push({ path: ["plots", i, "areaHa"], code: "areaExceedsPlot", params: { areaHa: plot.areaHa } });
  });
  if (lines.length === 0) fields.push({ path: ["plots"], code: "required" });
  if (fields.length > 0) throw new DomainError("validation.fields", {}, fields);
}

async function writeLines(tx: Tx, orgId: string, contractId: string, lines: ContractLine[]) {
  await tx.delete(contractPlot).where(eq(contractPlot.contractId, contractId));
  await tx.insert(contractPlot).values(lines.map((l) => ({ id: uuidv7(), orgId, contractId, ...l })));
}

async function linesOf(tx: Tx, contractId: string) {
  return tx
    .select({ plotId: contractPlot.plotId, cropCode: contractPlot.cropCode, areaHa: contractPlot.areaHa })
    .from(contractPlot)
    .where(eq(contractPlot.contractId, contractId))
    .orderBy(asc(contractPlot.id));
}

export async function loadContract(tx: Tx, orgId: string, id: string): Promise<Contract> {
  const [row] = await tx
    .select()
    .from(waterContract)
    .where(and(eq(waterContract.id, id), eq(waterContract.orgId, orgId)));
  if (!row) throw new DomainError("notFound.contract");
  return row;
}

async function insertDraft(
  tx: Tx,
  ctx: RequestContext,
  input: ContractFields & { seasonId: string; waterUserId: string; supersedesId: string | null },
) {
  const actor = requireActor(ctx);
  const s = await loadSeason(tx, actor.orgId, input.seasonId);
  if (s.closedAt) throw new DomainError("water.seasonClosed");
  const user = await loadWaterUser(tx, actor.orgId, input.waterUserId);
  if (user.archivedOn)
    throw new DomainError("water.userArchived", { number: user.number, date: user.archivedOn });
  await checkLines(tx, actor.orgId, user.id, input.plots);
  const [created] = await tx
    .insert(waterContract)
    .values({
      id: uuidv7(),
      orgId: actor.orgId,
      seasonId: s.id,
      waterUserId: user.id,
      number: await nextContractNumber(tx, actor.orgId, s.year),
      tariffClass: input.tariffClass?.trim() || membershipClass(user.member),
      status: "draft",
      notes: input.notes?.trim() || null,
      supersedesId: input.supersedesId,
    })
    .returning();
  await writeLines(tx, actor.orgId, created!.id, input.plots);
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "water_contract",
    entityId: created!.id,
    after: { ...created, plots: input.plots },
  });
  return created!;
}

/** Drafts a contract for a user and season; a user already under a signed contract gets an amendment instead. */
export async function createContract(
  database: Database,
  ctx: RequestContext,
  input: ContractFields & { seasonId: string; waterUserId: string },
) {
  try {
    return await withWater(database, ctx, (tx) => draftContract(tx, ctx, input));
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict.contractDraft");
    throw error;
  }
}

export async function draftContract(
  tx: Tx,
  ctx: RequestContext,
  input: ContractFields & { seasonId: string; waterUserId: string },
) {
  const [signed] = await tx
    .select({ number: waterContract.number })
    .from(waterContract)
    .where(
      and(
        eq(waterContract.seasonId, input.seasonId),
        eq(waterContract.waterUserId, input.waterUserId),
        eq(waterContract.status, "signed"),
      ),
    );
  if (signed) throw new DomainError("water.contractSigned", { number: signed.number });
  return insertDraft(tx, ctx, { ...input, supersedesId: null });
}

/** A new draft that copies a signed contract, to be changed and signed in its place. */
export async function amendContract(database: Database, ctx: RequestContext, id: string) {
  try {
    return await withWater(database, ctx, async (tx) => {
      const actor = requireActor(ctx);
      const signed = await loadContract(tx, actor.orgId, id);
      if (signed.status !== "signed") throw new DomainError("water.contractNotSigned");
      return insertDraft(tx, ctx, {
        seasonId: signed.seasonId,
        waterUserId: signed.waterUserId,
        tariffClass: signed.tariffClass,
        notes: signed.notes,
        plots: await linesOf(tx, signed.id),
        supersedesId: signed.id,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict.contractDraft");
    throw error;
  }
}

/** Edits a draft; a signed or terminated contract is refused. */
export async function updateContract(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<ContractFields> & { version: number },
) {
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const before = await loadContract(tx, actor.orgId, id);
    if (before.status !== "draft") throw new DomainError("water.contractNotDraft");
    const linesBefore = await linesOf(tx, id);
    if (patch.plots) await checkLines(tx, actor.orgId, before.waterUserId, patch.plots);
    const [after] = await tx
      .update(waterContract)
      .set({
        ...(patch.tariffClass ? { tariffClass: patch.tariffClass.trim() } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes?.trim() || null } : {}),
        version: sql`${waterContract.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(waterContract.id, id), eq(waterContract.version, patch.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    if (patch.plots) await writeLines(tx, actor.orgId, id, patch.plots);
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "water_contract",
      entityId: id,
      before: { ...before, plots: linesBefore },
      after: { ...after, plots: patch.plots ?? linesBefore },
    });
    return after;
  });
}

async function setStatus(
  tx: Tx,
  ctx: RequestContext,
  before: Contract,
  version: number,
  change: Partial<Contract> & { status: ContractStatus },
) {
  const [after] = await tx
    .update(waterContract)
    .set({ ...change, version: sql`${waterContract.version} + 1`, updatedAt: new Date() })
    .where(and(eq(waterContract.id, before.id), eq(waterContract.version, version)))
    .returning();
  if (!after) throw new DomainError("conflict.version", { current: before.version });
  const action = change.status === "signed" ? "sign" : "terminate";
  await recordAudit(tx, ctx, { action, entity: "water_contract", entityId: before.id, before, after });
  return after;
}

/** Signs a draft; if it amends a signed contract, that one ends the same day. */
export async function signContract(
  database: Database,
  ctx: RequestContext,
  id: string,
  input: { version: number; signedOn: string },
) {
  return withWater(database, ctx, (tx) => signDraft(tx, ctx, id, input));
}

export async function signDraft(
  tx: Tx,
  ctx: RequestContext,
  id: string,
  input: { version: number; signedOn: string },
) {
  const actor = requireActor(ctx);
  const before = await loadContract(tx, actor.orgId, id);
  if (before.status !== "draft") throw new DomainError("water.contractNotDraft");
  if (before.supersedesId) {
    const old = await loadContract(tx, actor.orgId, before.supersedesId);
    if (old.status === "signed") {
      if (input.signedOn < (old.signedOn ?? input.signedOn))
        throw new DomainError("water.signedBeforeAmended", { signedOn: old.signedOn ?? "" });
      await setStatus(tx, ctx, old, old.version, { status: "terminated", terminatedOn: input.signedOn });
    }
  }
  return setStatus(tx, ctx, before, input.version, { status: "signed", signedOn: input.signedOn });
}

/** Ends a signed contract (or drops a draft) on a day; the record stays. */
export async function terminateContract(
  database: Database,
  ctx: RequestContext,
  id: string,
  input: { version: number; terminatedOn: string; reason?: string | undefined },
) {
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const before = await loadContract(tx, actor.orgId, id);
    if (before.status === "terminated") throw new DomainError("water.contractTerminated");
    if (before.signedOn && input.terminatedOn < before.signedOn)
      throw new DomainError("water.terminatedBeforeSigned", { signedOn: before.signedOn });
    const notes = input.reason?.trim()
      ? [before.notes, input.reason.trim()].filter(Boolean).join("\n")
      : before.notes;
    return setStatus(tx, ctx, before, input.version, {
      status: "terminated",
      terminatedOn: input.terminatedOn,
      notes,
    });
  });
}

export interface ContractQuery {
  seasonId?: string | undefined;
  waterUserId?: string | undefined;
  status?: ContractStatus | undefined;
  page: number;
  pageSize: number;
}

/** Contracts with their user, season and total area; newest number first. */
export async function listContracts(database: Database, ctx: RequestContext, query: ContractQuery) {
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const where: SQL[] = [eq(waterContract.orgId, actor.orgId)];
    if (query.seasonId) where.push(eq(waterContract.seasonId, query.seasonId));
    if (query.waterUserId) where.push(eq(waterContract.waterUserId, query.waterUserId));
    if (query.status) where.push(eq(waterContract.status, query.status));
    const found = await tx
      .select({
        c: waterContract,
        userName: waterUser.displayName,
        userNumber: waterUser.number,
        seasonName: season.name,
        areaHa: sql<number>`(select coalesce(sum(${contractPlot.areaHa}), 0)::float8 from ${contractPlot} where ${contractPlot.contractId} = ${waterContract.id})`,
      })
      .from(waterContract)
      .innerJoin(waterUser, eq(waterUser.id, waterContract.waterUserId))
      .innerJoin(season, eq(season.id, waterContract.seasonId))
      .where(and(...where))
      .orderBy(desc(waterContract.number))
      .limit(query.pageSize + 1)
      .offset((query.page - 1) * query.pageSize);
    return {
      items: found
        .slice(0, query.pageSize)
        .map(({ c, ...rest }) => ({ ...c, ...rest, areaHa: Number(rest.areaHa) })),
      page: query.page,
      pageSize: query.pageSize,
      hasMore: found.length > query.pageSize,
    };
  });
}

/** A contract with its lines (plot, outlet, crop, area), its user and season: the page and the PDF. */
export async function contractDetail(tx: Tx, orgId: string, id: string) {
  const c = await loadContract(tx, orgId, id);
  const user = await loadWaterUser(tx, orgId, c.waterUserId);
  const s = await loadSeason(tx, orgId, c.seasonId);
  const lines = await tx
    .select({
      plotId: contractPlot.plotId,
      cropCode: contractPlot.cropCode,
      areaHa: contractPlot.areaHa,
      cadastralNumber: irrigatedPlot.cadastralNumber,
      plotAreaHa: irrigatedPlot.areaHa,
      outletCode: canalReach.code,
      outletName: canalReach.name,
    })
    .from(contractPlot)
    .innerJoin(irrigatedPlot, eq(irrigatedPlot.id, contractPlot.plotId))
    .innerJoin(canalReach, eq(canalReach.id, irrigatedPlot.outletId))
    .where(eq(contractPlot.contractId, id))
    .orderBy(asc(contractPlot.id));
  const related = [c.supersedesId].filter((x): x is string => Boolean(x));
  const [supersedes] = related.length
    ? await tx
        .select({ id: waterContract.id, number: waterContract.number })
        .from(waterContract)
        .where(inArray(waterContract.id, related))
    : [];
  const [supersededBy] = await tx
    .select({ id: waterContract.id, number: waterContract.number })
    .from(waterContract)
    .where(eq(waterContract.supersedesId, id));
  return {
    ...c,
    waterUser: user,
    season: s,
    lines,
    areaHa: lines.reduce((sum, l) => sum + l.areaHa, 0),
    supersedes: supersedes ?? null,
    supersededBy: supersededBy ?? null,
  };
}

export async function getContract(database: Database, ctx: RequestContext, id: string) {
  return withWater(database, ctx, (tx) => contractDetail(tx, requireActor(ctx).orgId, id));
}
