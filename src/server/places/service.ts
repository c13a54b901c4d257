import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import {
  type AdminUnit,
  ancestorsOn,
  currentSuccessor,
  LOCALES,
  type Locale,
  type LocalizedText,
  pickName,
  planMerge,
  planRename,
  requireUnit,
  UNIT_LEVELS,
  type UnitLevel,
} from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { type Executor, rows, type Tx } from "../platform/db.js";
import { packageRoot } from "../platform/paths.js";
import { adminUnit, adminUnitVersion } from "./tables.js";

const localized = z.partialRecord(z.enum(LOCALES), z.string().min(1));

/** A country's units as data: how Kyrgyzstan is seeded and how Tajikistan is added, with no code. */
export const unitsDocumentSchema = z.object({
  source: z.string(),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
  validFrom: z.iso.date(),
  units: z.array(
    z.object({
      code: z.string().min(1),
      level: z.enum(UNIT_LEVELS),
      parent: z.string().nullable(),
      name: localized,
    }),
  ),
});
export type UnitsDocument = z.infer<typeof unitsDocumentSchema>;

// Data files stay in src/ (the build does not copy them); the path is the same from src and dist.
const dataDir = path.join(packageRoot, "src", "server", "places", "data");

export function bundledUnits(countryCode: "kg"): UnitsDocument {
  const text = readFileSync(path.join(dataDir, `${countryCode}.json`), "utf8");
  return unitsDocumentSchema.parse(JSON.parse(text));
}

/** Adds the units a document has and the database lacks; never changes an existing unit. */
export async function importUnits(tx: Tx, doc: UnitsDocument): Promise<number> {
  const codes = new Set(doc.units.map((u) => u.code));
  for (const u of doc.units) {
    if (u.parent && !codes.has(u.parent)) {
      const [known] = await tx.select().from(adminUnit).where(eq(adminUnit.code, u.parent));
      if (!known) throw new DomainError("places.unknownParent", { code: u.code, parent: u.parent });
    }
  }
  const existing = new Set(
    (
      await tx
        .select({ code: adminUnit.code })
        .from(adminUnit)
        .where(inArray(adminUnit.code, [...codes]))
    ).map((r) => r.code),
  );
  const fresh = doc.units.filter((u) => !existing.has(u.code));
  for (let i = 0; i < fresh.length; i += 500) {
    const batch = fresh.slice(i, i + 500);
    await tx.insert(adminUnit).values(
      batch.map((u) => ({
        code: u.code,
        countryCode: doc.countryCode,
        level: u.level,
        createdOn: doc.validFrom,
      })),
    );
  }
  for (let i = 0; i < fresh.length; i += 500) {
    const batch = fresh.slice(i, i + 500);
    await tx.insert(adminUnitVersion).values(
      batch.map((u) => ({
        id: uuidv7(),
        code: u.code,
        validFrom: doc.validFrom,
        parentCode: u.parent,
        name: u.name,
        reason: "import",
      })),
    );
  }
  return fresh.length;
}

export interface UnitView {
  code: string;
  level: UnitLevel;
  parentCode: string | null;
  name: LocalizedText;
  abolishedOn: string | null;
  successorCode: string | null;
}

/** Units in force today, optionally children of one parent or of one level. */
export async function listUnits(
  executor: Executor,
  filter: { parentCode?: string; level?: UnitLevel; codes?: readonly string[] },
): Promise<UnitView[]> {
  const where = [isNull(adminUnitVersion.validTo)];
  if (filter.parentCode) where.push(eq(adminUnitVersion.parentCode, filter.parentCode));
  if (filter.level) where.push(eq(adminUnit.level, filter.level));
  if (filter.codes) where.push(inArray(adminUnit.code, [...filter.codes]));
  const rows = await executor
    .select({ u: adminUnit, v: adminUnitVersion })
    .from(adminUnitVersion)
    .innerJoin(adminUnit, eq(adminUnit.code, adminUnitVersion.code))
    .where(and(...where))
    .orderBy(asc(adminUnit.code))
    .limit(5000);
  return rows.map(({ u, v }) => ({
    code: u.code,
    level: u.level as UnitLevel,
    parentCode: v.parentCode,
    name: v.name,
    abolishedOn: u.abolishedOn,
    successorCode: u.successorCode,
  }));
}

/**
 * A village's name in a language by its code, as the version in force names it, for papers and
 * files that write villages (null for a code no village has): every village, not only those an
 * organisation serves now, so a village it no longer serves is still named.
 */
export async function villageNamer(executor: Executor, locale: Locale) {
  const villages = await listUnits(executor, { level: "village" });
  const names = new Map(villages.map((v) => [v.code, pickName(v.name, locale)]));
  return (code: string) => names.get(code) ?? null;
}

/** Loads a unit with its ancestors and successors, enough to resolve it on any date. */
export async function loadUnitGraph(executor: Executor, code: string): Promise<Map<string, AdminUnit>> {
  const found = new Map<string, AdminUnit>();
  let frontier = [code];
  while (frontier.length > 0) {
    const rows = await executor
      .select({ u: adminUnit, v: adminUnitVersion })
      .from(adminUnit)
      .innerJoin(adminUnitVersion, eq(adminUnitVersion.code, adminUnit.code))
      .where(inArray(adminUnit.code, frontier))
      .orderBy(asc(adminUnitVersion.validFrom));
    const next = new Set<string>();
    for (const { u, v } of rows) {
      let unit = found.get(u.code);
      if (!unit) {
        unit = {
          code: u.code,
          countryCode: u.countryCode,
          level: u.level as UnitLevel,
          createdOn: u.createdOn,
          abolishedOn: u.abolishedOn,
          successorCode: u.successorCode,
          versions: [],
        };
        found.set(u.code, unit);
        if (u.successorCode) next.add(u.successorCode);
      }
      unit.versions.push({
        validFrom: v.validFrom,
        validTo: v.validTo,
        parentCode: v.parentCode,
        name: v.name,
      });
      if (v.parentCode) next.add(v.parentCode);
    }
    frontier = [...next].filter((c) => !found.has(c));
  }
  if (!found.has(code)) throw new DomainError("notFound.place", { code });
  return found;
}

/** A unit as of a date and where it stands today (after merges). */
export async function resolveUnit(executor: Executor, code: string, date: string) {
  const graph = await loadUnitGraph(executor, code);
  const current = currentSuccessor(graph, code);
  const currentGraph = current.code === code ? graph : await loadUnitGraph(executor, current.code);
  return {
    unit: graph.get(code)!,
    ancestorsOnDate: ancestorsOn(graph, code, date),
    current,
    currentAncestors: ancestorsOn(currentGraph, current.code, todayOf(current)),
  };
}

function todayOf(unit: AdminUnit): string {
  return unit.versions.at(-1)?.validFrom ?? "1991-01-01";
}

/** Carries out a merge planned by the domain: closes versions, opens new ones, names successors. */
export async function mergeUnits(tx: Tx, mergedCodes: string[], targetCode: string, date: string) {
  const graph = new Map<string, AdminUnit>();
  for (const code of [...mergedCodes, targetCode]) {
    for (const [k, v] of await loadUnitGraph(tx, code)) graph.set(k, v);
  }
  // Children of the merged units are needed too, to move them under the target.
  const children = await tx
    .select({ code: adminUnitVersion.code })
    .from(adminUnitVersion)
    .where(and(inArray(adminUnitVersion.parentCode, mergedCodes), isNull(adminUnitVersion.validTo)));
  for (const c of children) for (const [k, v] of await loadUnitGraph(tx, c.code)) graph.set(k, v);
  const change = planMerge(graph, mergedCodes, targetCode, date);
  if (change.close.length > 0) {
    await tx
      .update(adminUnitVersion)
      .set({ validTo: date })
      .where(and(inArray(adminUnitVersion.code, change.close), isNull(adminUnitVersion.validTo)));
  }
  for (const o of change.open) {
    await tx.insert(adminUnitVersion).values({
      id: uuidv7(),
      code: o.code,
      validFrom: date,
      parentCode: o.parentCode,
      name: o.name,
      reason: "merge",
    });
  }
  for (const a of change.abolish) {
    await tx
      .update(adminUnit)
      .set({ abolishedOn: date, successorCode: a.successorCode })
      .where(eq(adminUnit.code, a.code));
  }
  return change;
}

/**
 * Renames a unit from a day that has come (`aimak places rename`; see planRename): the version in
 * force ends that day and one with the new name begins. Today's pages name a unit by its latest
 * version, so a day ahead is refused rather than shown early.
 */
export async function renameUnit(tx: Tx, code: string, name: LocalizedText, date: string, today: string) {
  if (date > today) throw new DomainError("places.renameAhead", { code, date });
  const unit = requireUnit(await loadUnitGraph(tx, code), code);
  const change = planRename(unit, name, date);
  if (change.closeOn) {
    await tx
      .update(adminUnitVersion)
      .set({ validTo: change.closeOn })
      .where(and(eq(adminUnitVersion.code, code), isNull(adminUnitVersion.validTo)));
    await tx.insert(adminUnitVersion).values({
      id: uuidv7(),
      code,
      validFrom: date,
      parentCode: change.open.parentCode,
      name: change.open.name,
      reason: "rename",
    });
  } else {
    await tx
      .update(adminUnitVersion)
      .set({ name: change.open.name, reason: "rename" })
      .where(and(eq(adminUnitVersion.code, code), isNull(adminUnitVersion.validTo)));
  }
  return { unit, change };
}

/**
 * Codes of a unit and everything under it today (used to find what a district office reads): the
 * walk is a PL/pgSQL function (migration 0021), whose plan its connection keeps.
 */
export async function descendantCodes(executor: Executor, code: string): Promise<string[]> {
  const tree = await rows<{ code: string }>(
    executor,
    sql`select app_descendant_codes(${code}::text) as code`,
  );
  return tree.map((r) => r.code);
}

/** The level of each of these units (country, oblast, rayon, …), by code. */
export async function unitLevels(executor: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const found = await executor
    .select({ code: adminUnit.code, level: adminUnit.level })
    .from(adminUnit)
    .where(inArray(adminUnit.code, [...codes]));
  return new Map(found.map((u) => [u.code, u.level]));
}
