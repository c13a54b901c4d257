import { asc, inArray, sql } from "drizzle-orm";
import { type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import {
  AGE_BANDS,
  addCounts,
  byCountry,
  groupByRegion,
  isGroupedByRegion,
  noOne,
  type PlaceCounts,
  type RegionRef,
  type RegisterSummary,
  type SummaryLine,
  summaryLines,
} from "../../domain/registry/population.js";
import { DomainError } from "../../domain/shared/errors.js";
import { municipalitiesAmong } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, type Executor, rows, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { tableFile } from "../platform/spreadsheet.js";
import { withTenant } from "../platform/transactions.js";
import { countryNameIn, ownVillages } from "./book.js";
import {
  countCertificates,
  countDays,
  countFlagged,
  countPlaces,
  type DayCount,
  keptDayCounts,
} from "./day-counts.js";
import { assertMunicipality } from "./households.js";
import { type RegisterScope, scopeOrgIds } from "./search.js";
import { vulnerabilityCriterion } from "./tables.js";

/**
 * The units a municipality is grouped under: its district (rayon, or city) and oblast, walked up
 * from its unit as it stands today (a unit merged away stands where its successor does). A city
 * of republican significance has no oblast above it and stands as its own.
 */
async function regionsOf(
  executor: Executor,
  unitCodes: readonly string[],
): Promise<Map<string, { district: RegionRef; oblast: RegionRef }>> {
  const found = await rows<{ start: string; code: string; level: string; name: LocalizedText }>(
    executor,
    sql`with recursive up(start, code, depth) as (
          select u.code, u.code, 0 from unnest(${sql.param([...unitCodes])}::text[]) as u(code)
          union all
          select up.start, next.code, up.depth + 1
          from up
          cross join lateral (
            select a.successor_code as code from admin_unit a where a.code = up.code and a.successor_code is not null
            union all
            select v.parent_code from admin_unit_version v
            where v.code = up.code and v.valid_to is null and v.parent_code is not null
          ) next
          where up.depth < 12
        )
        select up.start, up.code, a.level, v.name
        from up
        join admin_unit a on a.code = up.code
        join admin_unit_version v on v.code = up.code and v.valid_to is null
        where up.depth > 0 and a.level in ('oblast', 'rayon', 'city')
        order by up.start, up.depth`,
  );
  const regions = new Map<string, { district?: RegionRef; oblast?: RegionRef }>();
  for (const row of found) {
    const at = regions.get(row.start) ?? {};
    regions.set(row.start, at);
    const unit = { code: row.code, name: row.name };
    if (row.level === "oblast") at.oblast ??= unit;
    else at.district ??= unit;
  }
  const unknown: RegionRef = { code: "", name: { ky: "—" } };
  return new Map(
    unitCodes.map((code) => {
      const at = regions.get(code);
      const district = at?.district ?? at?.oblast ?? unknown;
      return [code, { district, oblast: at?.oblast ?? district }];
    }),
  );
}

/** What registerSummary answers when a wide summary is still being counted. */
export const SUMMARY_PREPARING = "preparing";

/**
 * The register counted as it stood on a day: households, the living members of a household that
 * day by sex and age band, people with a disability, abroad or without a PIN, households flagged
 * vulnerable; read from the register's history, so a report for 1 January can be made in March.
 * A municipality's own register is counted village by village, on the spot. An office's
 * (`readable`: a district, an oblast, the country) municipality by municipality from the counts
 * kept per municipality and day (day-counts.ts), grouped by oblast and district; those not kept
 * are counted, and when that takes longer than `waitMs` the answer is SUMMARY_PREPARING while the
 * counting goes on for the next request.
 */
export async function registerSummary(
  database: Database,
  ctx: RequestContext,
  onDate: string,
  asked?: RegisterScope,
  waitMs = Number.POSITIVE_INFINITY,
): Promise<RegisterSummary | typeof SUMMARY_PREPARING> {
  const actor = requireActor(ctx);
  // Left out, the scope is what the caller keeps or reads: an office keeps no register of its own.
  const scope = asked ?? (actor.office ? "readable" : "organisation");
  const orgIds = scopeOrgIds(actor, scope);
  if (scope !== "readable")
    return withTenant(database, actor, async (tx) => {
      // Not a table of noughts for an organisation that keeps no register (an office, a WUA).
      await assertMunicipality(tx, actor.orgId);
      // Every village is listed, with nothing counted where nobody lives.
      const villages = await ownVillages(tx, actor.orgId);
      const counted = await countPlaces(tx, orgIds, sql`h.village_code`, onDate);
      const places = villages.map((v) => ({ ...v, ...(counted.get(v.code) ?? noOne()) }));
      for (const [code, counts] of counted)
        if (!villages.some((v) => v.code === code)) places.push({ code, name: { ky: code }, ...counts });
      return {
        on: onDate,
        placeKind: "village" as const,
        places: places.sort((a, b) => a.code.localeCompare(b.code)),
        total: [...counted.values()].reduce(addCounts, noOne()),
        criteria: await criteriaCounted(tx, orgIds, await countFlagged(tx, orgIds, onDate)),
        certificates: await countCertificates(tx, orgIds, onDate),
      };
    });

  const read = await withTenant(
    database,
    actor,
    async (tx) => {
      const municipalities = await municipalitiesAmong(tx, orgIds);
      // Reading no municipality's register (a WUA), there is nothing to count.
      if (municipalities.length === 0) throw new DomainError("registry.notAMunicipality");
      return {
        municipalities,
        kept: await keptDayCounts(
          tx,
          municipalities.map((m) => m.id),
          onDate,
        ),
        regions: await regionsOf(
          tx,
          municipalities.map((m) => m.adminUnitCode),
        ),
      };
    },
    { readOnly: true },
  );
  const missing = read.municipalities.filter((m) => !read.kept.has(m.id)).map((m) => m.id);
  const counted =
    missing.length > 0
      ? await waitAtMost(countDays(database, missing, onDate), waitMs)
      : new Map<string, DayCount>();
  if (counted === null) return SUMMARY_PREPARING;
  const countOf = (orgId: string) => read.kept.get(orgId) ?? counted.get(orgId)!;
  const places = read.municipalities
    .map((m) => ({
      code: m.adminUnitCode,
      name: m.name,
      ...read.regions.get(m.adminUnitCode)!,
      ...countOf(m.id).counts,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const criteria: Record<string, number> = {};
  const certificates = { issued: 0, revoked: 0 };
  for (const m of read.municipalities) {
    const day = countOf(m.id);
    for (const [code, households] of Object.entries(day.criteria))
      criteria[code] = (criteria[code] ?? 0) + households;
    certificates.issued += day.certificates.issued;
    certificates.revoked += day.certificates.revoked;
  }
  return {
    on: onDate,
    placeKind: "municipality",
    places: places.map(({ district: _d, oblast: _o, ...place }) => place),
    total: places.reduce(addCounts, noOne()),
    criteria: await withTenant(database, actor, (tx) => criteriaCounted(tx, orgIds, criteria), {
      readOnly: true,
    }),
    certificates,
    regions: groupByRegion(places),
  };
}

/** The work's result, or null when it is not done within `ms` (it goes on regardless; 0: no wait). */
async function waitAtMost<T>(work: Promise<T>, ms: number): Promise<T | null> {
  if (!Number.isFinite(ms)) return work;
  if (ms <= 0) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The criteria with their households: each municipality keeps its own criteria and the same code
 * is the same criterion; one retired everywhere is listed only where households still carry it.
 */
async function criteriaCounted(tx: Tx, orgIds: readonly string[], flagged: Record<string, number>) {
  const criteria = new Map<string, { code: string; name: LocalizedText; active: boolean }>();
  for (const c of await tx
    .select()
    .from(vulnerabilityCriterion)
    .where(inArray(vulnerabilityCriterion.orgId, [...orgIds]))
    .orderBy(asc(vulnerabilityCriterion.sort), asc(vulnerabilityCriterion.code)))
    if (!criteria.get(c.code)?.active) criteria.set(c.code, c);
  return [...criteria.values()]
    .filter((c) => c.active || flagged[c.code] !== undefined)
    .map((c) => ({ code: c.code, name: c.name, households: flagged[c.code] ?? 0 }));
}

const summaryLabel = (locale: Locale, key: string) => translate(locale, `registry.summary.${key}`);

/** A column of the summary's file after the place's: its heading and what it counts. */
interface SummaryColumn {
  label: (locale: Locale) => string;
  count: (counts: PlaceCounts) => number;
}

const countColumn = (key: Exclude<keyof PlaceCounts, "byAge" | "abroadByCountry">): SummaryColumn => ({
  label: (locale) => summaryLabel(locale, key),
  count: (counts) => counts[key],
});

/** The age bands' columns: women and men of each band. */
const AGE_COLUMNS: SummaryColumn[] = AGE_BANDS.flatMap((band) =>
  (["female", "male"] as const).map((sex) => ({
    label: (locale: Locale) => `${summaryLabel(locale, `ageBands.${band}`)}, ${summaryLabel(locale, sex)}`,
    count: (counts: PlaceCounts) => counts.byAge[band][sex],
  })),
);

/**
 * The file's columns for a summary: after those abroad, a column for each country they are in,
 * the most first, so a district's office sees where each municipality's migrants are.
 */
function summaryColumns(summary: RegisterSummary): SummaryColumn[] {
  const countries = byCountry(summary.total.abroadByCountry).map(
    ([country]): SummaryColumn => ({
      label: (locale) =>
        translate(locale, "registry.summary.abroadIn", { country: countryNameIn(locale, country) }),
      count: (counts) => counts.abroadByCountry[country] ?? 0,
    }),
  );
  return [
    ...(["households", "vulnerableHouseholds", "people", "female", "male"] as const).map(countColumn),
    ...AGE_COLUMNS,
    countColumn("withDisability"),
    countColumn("abroad"),
    ...countries,
    countColumn("withoutPin"),
  ];
}

/** How far a line's name is indented in the spreadsheet, and whether it is a sum (bold). */
const LINE_INDENT: Record<SummaryLine["level"], number> = { oblast: 0, district: 1, place: 2, total: 0 };

/**
 * The summary as a table an office can take: a row per village (or municipality), an oblast's or
 * the country's grouped as the page shows it, each oblast and district headed by its subtotal
 * (bold in the workbook), and the total. An office's waits for its counts `waitMs` at most, as the
 * summary does, and is SUMMARY_PREPARING when they are not ready (they go on being counted).
 */
export async function registerSummaryFile(
  database: Database,
  ctx: RequestContext,
  onDate: string,
  scope: RegisterScope | undefined,
  format: "xlsx" | "csv",
  waitMs = Number.POSITIVE_INFINITY,
): Promise<Buffer | typeof SUMMARY_PREPARING> {
  const summary = await registerSummary(database, ctx, onDate, scope, waitMs);
  if (summary === SUMMARY_PREPARING) return summary;
  const locale: Locale = ctx.locale;
  const label = (key: string) => summaryLabel(locale, key);
  const lines = summaryLines(summary);
  const columns = summaryColumns(summary);
  const grouped = isGroupedByRegion(summary);
  const header = [
    summary.placeKind === "village"
      ? label("village")
      : translate(locale, grouped ? "reg.summary.region" : "org.kind.ayil-okmotu"),
    ...columns.map((column) => column.label(locale)),
  ];
  const nameOf = (line: SummaryLine) => {
    if (line.level === "total") return label("total");
    const name = pickName(line.name ?? {}, locale);
    return line.level === "place" ? name : translate(locale, "registry.summary.subtotal", { name });
  };
  const body = lines.map((line) => [nameOf(line), ...columns.map((column) => column.count(line.counts))]);
  return tableFile(format, locale, {
    name: label("sheet"),
    header,
    rows: body,
    boldRows: lines.flatMap((line, i) => (line.level === "place" ? [] : [i])),
    indents: grouped ? lines.map((line) => LINE_INDENT[line.level]) : [],
  });
}
