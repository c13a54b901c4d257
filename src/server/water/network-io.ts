import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { canonicalJson } from "../../domain/shared/canonical-json.js";
import type { FieldIssue } from "../../domain/shared/errors.js";
import { networkIssues } from "../../domain/water/network-check.js";
import { gaugeCells, type Lines, readLine, SHEETS, type Sheet } from "../../domain/water/network-sheet.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { reachRecords, structureIssues, withWaterProvider } from "./network.js";
import { columnLabel, type FileRow, LAYER_OF, lookups, parseNetworkFile, workbook } from "./network-files.js";
import { canalReach, canalStructure, irrigatedPlot, waterUser } from "./tables.js";

export interface ImportIssue {
  sheet: Sheet;
  row: number;
  column: string | null;
  columnLabel: string | null;
  code: string;
  message: string;
}

export interface ImportReport {
  rows: Record<Sheet, number>;
  issues: ImportIssue[];
  imported: { created: number; updated: number; unchanged: number } | null;
}

interface Located<S extends Sheet> {
  at: FileRow;
  line: Lines[S];
}

/**
 * Imports reaches, structures and plots' places from a spreadsheet or a GeoJSON file. Every row
 * and then the whole network as it would stand are checked; nothing is written unless all is
 * valid. Rows are matched by code (plots by id, or user number and cadastral number), so importing
 * the same file again changes nothing.
 */
export async function importNetwork(
  database: Database,
  ctx: RequestContext,
  body: unknown,
  options: { dryRun: boolean; fileHash: string },
): Promise<ImportReport> {
  const parsed = await parseNetworkFile(body);
  const { rows, unknownLayers } = Array.isArray(parsed) ? { rows: parsed, unknownLayers: [] } : parsed;
  const locale = ctx.locale;
  const issues: ImportIssue[] = [];
  const report = (
    at: { sheet: Sheet; row: number },
    issue: { column: string | null } & Omit<FieldIssue, "path">,
  ) =>
    issues.push({
      sheet: at.sheet,
      row: at.row,
      column: issue.column,
      columnLabel: issue.column ? columnLabel(locale, issue.column) : null,
      code: issue.code,
      message: translate(
        locale,
        issue.code.includes(".") ? `errors.${issue.code}` : `errors.field.${issue.code}`,
        issue.params ?? {},
      ),
    });
  for (const row of unknownLayers)
    report({ sheet: "reaches", row }, { column: "layer", code: "unknownLayer" });

  const lines = { reaches: [], structures: [], plots: [] } as { [S in Sheet]: Located<S>[] };
  const seen = { reaches: new Set<string>(), structures: new Set<string>(), plots: new Set<string>() };
  for (const at of rows) {
    const { line, issues: cellIssues } = readLine(at.sheet, at.cells, lookups());
    for (const i of cellIssues) report(at, i);
    if (!line) continue;
    const key =
      "code" in line ? line.code : (line.plotId ?? `${line.waterUserNumber}/${line.cadastralNumber}`);
    if (seen[at.sheet].has(key)) report(at, { column: "code", code: "duplicateId", params: { id: key } });
    seen[at.sheet].add(key);
    (lines[at.sheet] as Located<Sheet>[]).push({ at, line });
  }

  const actor = requireActor(ctx);
  return withWaterProvider(database, ctx, async (tx) => {
    const plan = await planImport(tx, actor.orgId, lines, report);
    const result: ImportReport = {
      rows: {
        reaches: rows.filter((r) => r.sheet === "reaches").length,
        structures: rows.filter((r) => r.sheet === "structures").length,
        plots: rows.filter((r) => r.sheet === "plots").length,
      },
      issues: issues.slice(0, 1000),
      imported: null,
    };
    if (issues.length > 0 || options.dryRun) return result;
    for (const r of plan.newReaches) await tx.insert(canalReach).values(r);
    for (const r of plan.changedReaches)
      await tx.update(canalReach).set(r.set).where(eq(canalReach.id, r.id));
    for (const s of plan.newStructures) await tx.insert(canalStructure).values(s);
    for (const s of plan.changedStructures)
      await tx.update(canalStructure).set(s.set).where(eq(canalStructure.id, s.id));
    for (const p of plan.changedPlots)
      await tx.update(irrigatedPlot).set(p.set).where(eq(irrigatedPlot.id, p.id));
    const created = plan.newReaches.length + plan.newStructures.length;
    const updated = plan.changedReaches.length + plan.changedStructures.length + plan.changedPlots.length;
    result.imported = { created, updated, unchanged: rows.length - created - updated };
    await recordAudit(tx, ctx, {
      action: "import",
      entity: "canal_network",
      entityId: options.fileHash,
      after: {
        ...result.imported,
        reaches: [...plan.newReaches, ...plan.changedReaches].map((r) => r.code),
        structures: [...plan.newStructures, ...plan.changedStructures].map((s) => s.code),
        plots: plan.changedPlots.map((p) => p.id),
      },
    });
    return result;
  });
}

export const fileHash = (body: unknown) =>
  createHash("sha256")
    .update(Buffer.isBuffer(body) ? body : JSON.stringify(body))
    .digest("hex");

type Report = (
  at: { sheet: Sheet; row: number },
  issue: { column: string | null } & Omit<FieldIssue, "path">,
) => void;

/** Only what differs is written, and its version bumped: a second import of one file is a no-op. */
function changes<T extends Record<string, unknown>>(before: T, next: Partial<T>, version: number) {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next))
    if (canonicalJson(before[k] ?? null) !== canonicalJson(v ?? null)) set[k] = v;
  return Object.keys(set).length === 0 ? null : { ...set, version: version + 1, updatedAt: new Date() };
}

async function planImport(tx: Tx, orgId: string, lines: { [S in Sheet]: Located<S>[] }, report: Report) {
  const allReaches = await tx.select().from(canalReach).where(eq(canalReach.orgId, orgId));
  const byCode = new Map(allReaches.map((r) => [r.code, r]));
  const newReaches: (typeof canalReach.$inferInsert)[] = [];
  const changedReaches: { id: string; code: string; set: Record<string, unknown> }[] = [];
  const fileReach = new Map<string, { id: string; at: FileRow }>();
  for (const { at, line } of lines.reaches) {
    const { parentCode: _, ...values } = line;
    const existing = byCode.get(line.code);
    if (existing?.retiredOn) report(at, { column: "code", code: "retiredCode", params: { code: line.code } });
    fileReach.set(line.code, { id: existing?.id ?? uuidv7(), at });
    if (!existing) newReaches.push({ id: fileReach.get(line.code)!.id, orgId, ...values, parentId: null });
  }
  const idOfCode = (code: string | null) =>
    code === null
      ? null
      : (fileReach.get(code)?.id ?? (byCode.get(code)?.retiredOn ? undefined : byCode.get(code)?.id));
  // The network as it would stand: the file's reaches over the live ones.
  const live = allReaches.filter((r) => r.retiredOn === null && !fileReach.has(r.code));
  const proposed = [
    ...live.map((r) => ({ ...r, at: null as FileRow | null })),
    ...lines.reaches.map(({ at, line }) => ({ ...line, id: fileReach.get(line.code)!.id, at })),
  ];
  const records = reachRecords(live, allReaches).concat(lines.reaches.map(({ line }) => line));
  for (const issue of networkIssues(records)) {
    const [row, field] = issue.path as [number, string];
    const at = proposed[row]!.at ?? { sheet: "reaches" as const, row: 0 };
    report(at, { column: field, code: issue.code, params: issue.params ?? {} });
  }
  for (const { line } of lines.reaches) {
    const id = fileReach.get(line.code)!.id;
    const parentId = idOfCode(line.parentCode) ?? null;
    const fresh = newReaches.find((r) => r.id === id);
    if (fresh) fresh.parentId = parentId;
    else {
      const before = byCode.get(line.code)!;
      const { parentCode: _, ...values } = line;
      const set = changes(before, { ...values, parentId }, before.version);
      if (set) changedReaches.push({ id, code: line.code, set });
    }
  }

  const liveIds = new Set(proposed.map((r) => r.id));
  const reachIdOf = new Map(proposed.map((r) => [r.code, r.id]));
  const kindOf = new Map(proposed.map((r) => [r.code, r.kind]));
  const structures = await tx.select().from(canalStructure).where(eq(canalStructure.orgId, orgId));
  const structureByCode = new Map(structures.map((s) => [s.code, s]));
  const newStructures: (typeof canalStructure.$inferInsert)[] = [];
  const changedStructures: { id: string; code: string; set: Record<string, unknown> }[] = [];
  for (const { at, line } of lines.structures) {
    const existing = structureByCode.get(line.code);
    if (existing?.retiredOn) report(at, { column: "code", code: "retiredCode", params: { code: line.code } });
    const { reachCode, ...values } = line;
    const input = { ...values, reachId: reachIdOf.get(reachCode) ?? reachCode };
    const column: Record<string, string> = {
      reachId: "reachCode",
      kind: "structureKind",
      gauge: "gaugeKind",
    };
    for (const i of structureIssues(input, { reachIds: liveIds, takenCodes: new Set() }))
      report(at, {
        column: column[String(i.path[0])] ?? String(i.path[0]),
        code: i.code,
        params: i.params ?? {},
      });
    if (!existing) newStructures.push({ id: uuidv7(), orgId, ...input });
    else {
      const set = changes(existing, input, existing.version);
      if (set) changedStructures.push({ id: existing.id, code: line.code, set });
    }
  }

  const changedPlots: { id: string; set: Record<string, unknown> }[] = [];
  if (lines.plots.length > 0) {
    const plots = await tx
      .select({ plot: irrigatedPlot, number: waterUser.number })
      .from(irrigatedPlot)
      .innerJoin(waterUser, eq(waterUser.id, irrigatedPlot.waterUserId))
      .where(and(eq(irrigatedPlot.orgId, orgId), isNull(irrigatedPlot.endedOn)));
    const byId = new Map(plots.map((p) => [p.plot.id, p.plot]));
    const byKey = new Map(plots.map((p) => [`${p.number}/${p.plot.cadastralNumber}`, p.plot]));
    for (const { at, line } of lines.plots) {
      const plot = line.plotId
        ? byId.get(line.plotId)
        : byKey.get(`${line.waterUserNumber}/${line.cadastralNumber}`);
      if (!plot) {
        report(at, { column: line.plotId ? "plotId" : "cadastralNumber", code: "unknownPlot" });
        continue;
      }
      const next: Record<string, unknown> = {};
      if (line.geometry) next.geometry = line.geometry;
      if (line.outletCode !== null) {
        if (kindOf.get(line.outletCode) !== "outlet")
          report(at, { column: "outletCode", code: "notAnOutlet", params: { code: line.outletCode } });
        next.outletId = reachIdOf.get(line.outletCode);
      }
      const set = changes(plot, next, plot.version);
      if (set) changedPlots.push({ id: plot.id, set });
    }
  }
  return { newReaches, changedReaches, newStructures, changedStructures, changedPlots };
}

/** Every live reach, structure and plot as rows of cells, keyed as the file's columns. */
async function exportRows(tx: Tx, orgId: string): Promise<Record<Sheet, Record<string, unknown>[]>> {
  const reaches = await tx
    .select()
    .from(canalReach)
    .where(and(eq(canalReach.orgId, orgId), isNull(canalReach.retiredOn)))
    .orderBy(canalReach.code);
  const codeOf = new Map(reaches.map((r) => [r.id, r.code]));
  const structures = await tx
    .select()
    .from(canalStructure)
    .where(and(eq(canalStructure.orgId, orgId), isNull(canalStructure.retiredOn)))
    .orderBy(canalStructure.code);
  const plots = await tx
    .select({ plot: irrigatedPlot, number: waterUser.number })
    .from(irrigatedPlot)
    .innerJoin(waterUser, eq(waterUser.id, irrigatedPlot.waterUserId))
    .where(and(eq(irrigatedPlot.orgId, orgId), isNull(irrigatedPlot.endedOn)))
    .orderBy(waterUser.number, irrigatedPlot.cadastralNumber);
  return {
    reaches: reaches.map((r) => ({
      code: r.code,
      name: r.name,
      parentCode: r.parentId ? (codeOf.get(r.parentId) ?? null) : null,
      kind: r.kind,
      lengthM: r.lengthM,
      lining: r.lining,
      capacityLps: r.capacityLps,
      efficiency: r.efficiency,
      capacityOverride: r.capacityOverride,
      geometry: r.geometry,
    })),
    structures: structures.map((s) => ({
      code: s.code,
      name: s.name,
      reachCode: codeOf.get(s.reachId) ?? null,
      structureKind: s.kind,
      ...gaugeCells(s.gauge),
      geometry: s.geometry,
    })),
    plots: plots.map(({ plot, number }) => ({
      plotId: plot.id,
      waterUserNumber: number,
      cadastralNumber: plot.cadastralNumber,
      outletCode: codeOf.get(plot.outletId) ?? null,
      areaHa: plot.areaHa,
      geometry: plot.geometry,
    })),
  };
}

/** The network and the plots' places, as a GeoJSON FeatureCollection or a workbook that imports back. */
export async function exportNetwork(database: Database, ctx: RequestContext, format: "geojson" | "xlsx") {
  const actor = requireActor(ctx);
  const data = await withWaterProvider(database, ctx, (tx) => exportRows(tx, actor.orgId));
  if (format === "geojson") {
    const features = SHEETS.flatMap((sheet) =>
      data[sheet].map(({ geometry, ...properties }) => ({
        type: "Feature",
        geometry: geometry ?? null,
        properties: { layer: LAYER_OF[sheet], ...properties },
      })),
    );
    return Buffer.from(JSON.stringify({ type: "FeatureCollection", features }), "utf8");
  }
  return workbook(ctx.locale, data);
}

/** The empty workbook, its columns labelled in the user's language, and a sheet of the words lists take. */
export const networkTemplate = (ctx: RequestContext) =>
  workbook(ctx.locale, { reaches: [], structures: [], plots: [] }, true);
