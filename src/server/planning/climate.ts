import { and, asc, between, eq, inArray, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { et0Daily, type Station } from "../../domain/planning/et0.js";
import { windSpeedAt2m } from "../../domain/planning/fao56.js";
import { monthlyNormals } from "../../domain/planning/normals.js";
import { readWeatherCsv, type WeatherMapping } from "../../domain/planning/weather-import.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { withTenant } from "../platform/transactions.js";
import { climateNormal, weatherDay, weatherStation } from "./tables.js";

/** Runs planning work in the acting organisation's tenant transaction. */
export async function withProvider<T>(
  database: Database,
  ctx: RequestContext,
  work: (tx: Tx, orgId: string) => Promise<T>,
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) => work(tx, actor.orgId));
}

/**
 * Only a water provider starts planning data; every other write hangs off a station or a season,
 * which only a provider has, and reads of another kind of organisation simply find nothing.
 */
export async function assertWaterProvider(tx: Tx, orgId: string) {
  const org = await findOrganisation(tx, orgId);
  if (org?.kind !== "water-provider") throw new DomainError("planning.notAWaterProvider");
}

export interface StationInput {
  name: string;
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
}

export async function listStations(tx: Tx, orgId: string) {
  return tx
    .select()
    .from(weatherStation)
    .where(eq(weatherStation.orgId, orgId))
    .orderBy(asc(weatherStation.name));
}

export async function loadStation(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(weatherStation)
    .where(and(eq(weatherStation.orgId, orgId), eq(weatherStation.id, id)));
  if (!row) throw new DomainError("notFound.weatherStation");
  return row;
}

async function assertNameFree(tx: Tx, orgId: string, name: string, except?: string) {
  const [same] = await tx
    .select({ id: weatherStation.id })
    .from(weatherStation)
    .where(and(eq(weatherStation.orgId, orgId), eq(weatherStation.name, name)));
  if (same && same.id !== except) throw new DomainError("conflict.stationName", { name });
}

export async function createStation(tx: Tx, ctx: RequestContext, orgId: string, input: StationInput) {
  await assertWaterProvider(tx, orgId);
  await assertNameFree(tx, orgId, input.name);
  const [created] = await tx
    .insert(weatherStation)
    .values({ id: uuidv7(), orgId, ...input })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "weather_station",
    entityId: created!.id,
    after: created,
  });
  return created!;
}

/**
 * Moving a station changes every ET0 computed for it: the days are recomputed in the same
 * transaction, so no stored value disagrees with the station it belongs to.
 */
export async function updateStation(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  id: string,
  input: Partial<StationInput> & { version: number },
) {
  const before = await loadStation(tx, orgId, id);
  const { version, ...changes } = input;
  if (changes.name) await assertNameFree(tx, orgId, changes.name, id);
  const [after] = await tx
    .update(weatherStation)
    .set({ ...changes, version: sql`${weatherStation.version} + 1`, updatedAt: new Date() })
    .where(and(eq(weatherStation.id, id), eq(weatherStation.version, version)))
    .returning();
  if (!after) throw new DomainError("conflict.version", { current: before.version });
  await recordAudit(tx, ctx, { action: "update", entity: "weather_station", entityId: id, before, after });
  if (after.latitudeDeg !== before.latitudeDeg || after.altitudeM !== before.altitudeM) {
    const days = await tx.select().from(weatherDay).where(eq(weatherDay.stationId, id));
    for (const d of days) {
      const et0 = et0Daily(
        {
          date: d.day,
          tmaxC: d.tmaxC,
          tminC: d.tminC,
          ...present({
            tdewC: d.tdewC,
            rhMaxPct: d.rhMaxPct,
            rhMinPct: d.rhMinPct,
            rhMeanPct: d.rhMeanPct,
            rsMJ: d.rsMJ,
            sunshineHours: d.sunshineHours,
            windMps: d.wind2mMps,
          }),
        },
        stationOf(after),
      );
      await tx
        .update(weatherDay)
        .set({ et0Mm: et0.et0Mm, et0Method: et0.method, et0Sources: et0.sources, updatedAt: new Date() })
        .where(eq(weatherDay.id, d.id));
    }
  }
  return after;
}

const stationOf = (s: { latitudeDeg: number; altitudeM: number }): Station => ({
  latitudeDeg: s.latitudeDeg,
  altitudeM: s.altitudeM,
  rsRsoMin: null,
});

function present<T extends Record<string, number | null>>(values: T) {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)) as {
    [K in keyof T]?: number;
  };
}

export interface ImportIssue {
  line: number;
  field: string | null;
  code: string;
  message: string;
}

/**
 * Daily weather from a CSV: every row converted and checked, ET0 computed per day with the method
 * recorded. Nothing is written unless every row is valid; days already held are replaced.
 */
export async function importWeather(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  stationId: string,
  csv: string,
  mapping: WeatherMapping,
  dryRun: boolean,
) {
  const station = await loadStation(tx, orgId, stationId);
  const { rows, issues } = readWeatherCsv(csv, mapping);
  const found: ImportIssue[] = issues.map((i) => ({
    line: i.line,
    field: i.field,
    code: i.code,
    message: translate(ctx.locale, `planning.import.issue.${i.code}`, i.params),
  }));
  const computed = rows.map((row) => ({ row, et0: et0Daily(row, stationOf(station)) }));
  const summary = {
    rowCount: rows.length + new Set(issues.filter((i) => i.line > 1).map((i) => i.line)).size,
    issues: found.slice(0, 200),
    issueCount: found.length,
    imported: 0,
    firstDay: computed[0]?.row.date ?? null,
    lastDay: computed.at(-1)?.row.date ?? null,
  };
  if (found.length > 0 || dryRun) return summary;
  const dates = computed.map((c) => c.row.date);
  for (let i = 0; i < dates.length; i += 1000) {
    await tx
      .delete(weatherDay)
      .where(and(eq(weatherDay.stationId, stationId), inArray(weatherDay.day, dates.slice(i, i + 1000))));
  }
  await bulkInsert(
    tx,
    weatherDay,
    computed.map(({ row, et0 }) => ({
      id: uuidv7(),
      orgId,
      stationId,
      day: row.date,
      tmaxC: row.tmaxC,
      tminC: row.tminC,
      tdewC: row.tdewC ?? null,
      rhMaxPct: row.rhMaxPct ?? null,
      rhMinPct: row.rhMinPct ?? null,
      rhMeanPct: row.rhMeanPct ?? null,
      rsMJ: row.rsMJ ?? null,
      sunshineHours: row.sunshineHours ?? null,
      wind2mMps: row.windMps === undefined ? null : windSpeedAt2m(row.windMps, row.windHeightM ?? 2),
      rainMm: row.rainMm ?? null,
      et0Mm: et0.et0Mm,
      et0Method: et0.method,
      et0Sources: et0.sources,
    })),
  );
  await recordAudit(tx, ctx, {
    action: "import",
    entity: "weather_day",
    entityId: stationId,
    after: { days: dates.length, from: summary.firstDay, to: summary.lastDay, mapping },
  });
  return { ...summary, imported: dates.length };
}

export async function stationDays(tx: Tx, orgId: string, stationId: string, from: string, to: string) {
  await loadStation(tx, orgId, stationId);
  return tx
    .select({
      day: weatherDay.day,
      tmaxC: weatherDay.tmaxC,
      tminC: weatherDay.tminC,
      rainMm: weatherDay.rainMm,
      et0Mm: weatherDay.et0Mm,
      et0Method: weatherDay.et0Method,
      et0Sources: weatherDay.et0Sources,
    })
    .from(weatherDay)
    .where(and(eq(weatherDay.stationId, stationId), between(weatherDay.day, from, to)))
    .orderBy(asc(weatherDay.day));
}

/** What FAO-56 Eq. 62 needs of a period's days: temperatures, humidity and wind. */
export async function kcWeather(tx: Tx, stationId: string, from: string, to: string) {
  return tx
    .select({
      day: weatherDay.day,
      tmaxC: weatherDay.tmaxC,
      tminC: weatherDay.tminC,
      tdewC: weatherDay.tdewC,
      rhMinPct: weatherDay.rhMinPct,
      wind2mMps: weatherDay.wind2mMps,
    })
    .from(weatherDay)
    .where(and(eq(weatherDay.stationId, stationId), between(weatherDay.day, from, to)));
}

export async function stationNormals(tx: Tx, orgId: string, stationId: string) {
  await loadStation(tx, orgId, stationId);
  return tx
    .select({
      month: climateNormal.month,
      et0MmPerDay: climateNormal.et0MmPerDay,
      rainMm: climateNormal.rainMm,
      windMps: climateNormal.wind2mMps,
      rhMinPct: climateNormal.rhMinPct,
      origin: climateNormal.origin,
      dayCount: climateNormal.dayCount,
      yearCount: climateNormal.yearCount,
      rainYearCount: climateNormal.rainYearCount,
    })
    .from(climateNormal)
    .where(eq(climateNormal.stationId, stationId))
    .orderBy(asc(climateNormal.month));
}

export interface NormalInput {
  month: number;
  et0MmPerDay: number;
  rainMm: number;
  windMps?: number | null;
  rhMinPct?: number | null;
}

type StoredNormal = Omit<NormalInput, "rainMm"> & {
  rainMm: number | null;
  origin: "entered" | "computed";
  dayCount: number | null;
  yearCount: number | null;
  rainYearCount: number | null;
};

async function replaceNormals(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  stationId: string,
  normals: StoredNormal[],
) {
  const before = await stationNormals(tx, orgId, stationId);
  await tx.delete(climateNormal).where(
    and(
      eq(climateNormal.stationId, stationId),
      inArray(
        climateNormal.month,
        normals.map((n) => n.month),
      ),
    ),
  );
  if (normals.length > 0)
    await tx.insert(climateNormal).values(
      normals.map(({ windMps, ...n }) => ({
        id: uuidv7(),
        orgId,
        stationId,
        ...n,
        wind2mMps: windMps ?? null,
      })),
    );
  await recordAudit(tx, ctx, {
    action: "update",
    entity: "climate_normal",
    entityId: stationId,
    before,
    after: normals,
  });
  return stationNormals(tx, orgId, stationId);
}

/** Long-term normals typed in (e.g. from the hydrometeorological service's climate handbook). */
export async function enterNormals(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  stationId: string,
  normals: NormalInput[],
) {
  const months = new Set(normals.map((n) => n.month));
  if (months.size !== normals.length) throw new DomainError("planning.normalMonthTwice");
  return replaceNormals(
    tx,
    ctx,
    orgId,
    stationId,
    normals.map((n) => ({
      ...n,
      origin: "entered" as const,
      dayCount: null,
      yearCount: null,
      rainYearCount: null,
    })),
  );
}

/**
 * Normals from the station's own daily records, month by month under WMO's 3/5 rule (see
 * `monthlyNormals`): a month with too many days missing is left out, not counted as a dry one.
 */
export async function computeNormals(tx: Tx, ctx: RequestContext, orgId: string, stationId: string) {
  await loadStation(tx, orgId, stationId);
  const days = await tx
    .select({
      day: weatherDay.day,
      et0Mm: weatherDay.et0Mm,
      rainMm: weatherDay.rainMm,
      tmaxC: weatherDay.tmaxC,
      tminC: weatherDay.tminC,
      tdewC: weatherDay.tdewC,
      rhMinPct: weatherDay.rhMinPct,
      wind2mMps: weatherDay.wind2mMps,
    })
    .from(weatherDay)
    .where(eq(weatherDay.stationId, stationId));
  if (days.length === 0) throw new DomainError("planning.noDailyRecords");
  const normals = monthlyNormals(days);
  if (normals.length === 0) throw new DomainError("planning.noCompleteMonth");
  return replaceNormals(
    tx,
    ctx,
    orgId,
    stationId,
    normals.map((n) => ({ ...n, origin: "computed" as const })),
  );
}
