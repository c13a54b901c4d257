import { asc, inArray, type SQL, sql } from "drizzle-orm";
import { type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import type { Sex } from "../../domain/registry/pin.js";
import {
  AGE_BANDS,
  type AgeBand,
  ageBandBirthDates,
  type PlaceCounts,
  type RegisterSummary,
} from "../../domain/registry/population.js";
import { DomainError } from "../../domain/shared/errors.js";
import { municipalitiesAmong } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { csvFile, workbookFile } from "../platform/spreadsheet.js";
import { withTenant } from "../platform/transactions.js";
import { ownVillages } from "./book.js";
import { memberInForceOn } from "./in-force.js";
import { type RegisterScope, scopeOrgIds } from "./search.js";
import { vulnerabilityCriterion } from "./tables.js";

function noOne(): PlaceCounts {
  return {
    households: 0,
    vulnerableHouseholds: 0,
    people: 0,
    female: 0,
    male: 0,
    byAge: Object.fromEntries(AGE_BANDS.map((b) => [b, { female: 0, male: 0 }])) as PlaceCounts["byAge"],
    withDisability: 0,
    abroad: 0,
    withoutPin: 0,
  };
}

/**
 * How many municipalities one summary counts at most. It reads every member of their households:
 * on the national bench database a district's 20 municipalities (449,468 people) took 1.1 s, all 451
 * (6.5 million people) 22 s — too long for a page, so a national office is refused; an oblast fits.
 */
export const SUMMARY_MUNICIPALITIES_AT_MOST = 100;

/**
 * The register counted as it stood on a day: households, the living members of a household that
 * day by sex and age band, people with a disability, abroad or without a PIN, households flagged
 * vulnerable; read from the register's history, so a report for 1 January can be made in March.
 * A municipality's own register is counted village by village; a district office's (`readable`)
 * municipality by municipality.
 */
export async function registerSummary(
  database: Database,
  ctx: RequestContext,
  onDate: string,
  scope: RegisterScope = "organisation",
): Promise<RegisterSummary> {
  const actor = requireActor(ctx);
  const byMunicipality = scope === "readable";
  const orgIds = scopeOrgIds(actor, scope);
  const inScope = (column: SQL) => sql`${column} = any(${sql.param(orgIds)}::uuid[])`;
  const placeOf = byMunicipality ? sql`h.org_id::text` : sql`h.village_code`;
  const born = ageBandBirthDates(onDate);
  return withTenant(database, actor, async (tx) => {
    // Every village or municipality is listed, with nothing counted where nobody lives.
    const placeNames = new Map<string, { code: string; name: LocalizedText }>(
      byMunicipality
        ? (await municipalitiesAmong(tx, orgIds)).map((o) => [o.id, { code: o.adminUnitCode, name: o.name }])
        : (await ownVillages(tx, actor.orgId)).map((v) => [v.code, v]),
    );
    if (byMunicipality && placeNames.size > SUMMARY_MUNICIPALITIES_AT_MOST)
      throw new DomainError("registry.summaryTooWide", {
        count: placeNames.size,
        max: SUMMARY_MUNICIPALITIES_AT_MOST,
      });
    const people = await rows<{
      place: string;
      sex: Sex;
      band: AgeBand;
      people: number;
      withDisability: number;
      abroad: number;
      withoutPin: number;
    }>(
      tx,
      sql`select ${placeOf} as place, p.sex,
            case when p.birth_date is null then 'unknown'
                 when p.birth_date > ${born.school}::date then 'preschool'
                 when p.birth_date > ${born.working}::date then 'school'
                 when p.birth_date > (case p.sex when 'female' then ${born.pension.female}::date
                                                 else ${born.pension.male}::date end) then 'working'
                 else 'pension' end as band,
            count(*)::int as people,
            count(*) filter (where p.disability_group is not null)::int as "withDisability",
            count(*) filter (where p.migration is not null and p.migration->>'since' <= ${onDate})::int as abroad,
            count(*) filter (where p.pin is null)::int as "withoutPin"
          from household h
          join household_member m on m.household_id = h.id
          join person p on p.id = m.person_id
          where ${inScope(sql`h.org_id`)} and ${memberInForceOn(onDate)}
          group by 1, 2, 3`,
    );
    const households = await rows<{ place: string; households: number; vulnerable: number }>(
      tx,
      sql`select ${placeOf} as place, count(*)::int as households,
            count(*) filter (where exists (
              select from household_flag f
              where f.household_id = h.id and f.set_on <= ${onDate} and (f.cleared_on is null or f.cleared_on > ${onDate})
            ))::int as vulnerable
          from household h
          where ${inScope(sql`h.org_id`)} and h.formed_on <= ${onDate} and (h.dissolved_on is null or h.dissolved_on > ${onDate})
          group by 1`,
    );
    const flagged = await rows<{ code: string; households: number }>(
      tx,
      sql`select f.criterion_code as code, count(distinct f.household_id)::int as households
          from household_flag f
          join household h on h.id = f.household_id
          where ${inScope(sql`f.org_id`)} and f.set_on <= ${onDate} and (f.cleared_on is null or f.cleared_on > ${onDate})
            and h.formed_on <= ${onDate} and (h.dissolved_on is null or h.dissolved_on > ${onDate})
          group by 1`,
    );
    const [certificates] = await rows<{ issued: number; revoked: number }>(
      tx,
      sql`select count(*)::int as issued, count(*) filter (where revoked_at is not null)::int as revoked
          from certificate
          where ${inScope(sql`org_id`)} and issued_on >= ${`${onDate.slice(0, 4)}-01-01`} and issued_on <= ${onDate}`,
    );
    // Each municipality keeps its own criteria; the same code is the same criterion.
    const criteria = new Map<string, { code: string; name: LocalizedText; active: boolean }>();
    for (const c of await tx
      .select()
      .from(vulnerabilityCriterion)
      .where(inArray(vulnerabilityCriterion.orgId, orgIds))
      .orderBy(asc(vulnerabilityCriterion.sort), asc(vulnerabilityCriterion.code)))
      if (!criteria.get(c.code)?.active) criteria.set(c.code, c);

    const byPlace = new Map<string, PlaceCounts>([...placeNames.keys()].map((key) => [key, noOne()]));
    const total = noOne();
    const countsOf = (key: string) => {
      const counts = byPlace.get(key) ?? noOne();
      byPlace.set(key, counts);
      return counts;
    };
    for (const row of households)
      for (const counts of [countsOf(row.place), total]) {
        counts.households += row.households;
        counts.vulnerableHouseholds += row.vulnerable;
      }
    for (const row of people)
      for (const counts of [countsOf(row.place), total]) {
        counts.people += row.people;
        counts[row.sex] += row.people;
        counts.byAge[row.band][row.sex] += row.people;
        counts.withDisability += row.withDisability;
        counts.abroad += row.abroad;
        counts.withoutPin += row.withoutPin;
      }
    const flaggedCount = new Map(flagged.map((f) => [f.code, f.households]));
    return {
      on: onDate,
      placeKind: byMunicipality ? "municipality" : "village",
      places: [...byPlace]
        .map(([key, counts]) => ({ ...(placeNames.get(key) ?? { code: key, name: { ky: key } }), ...counts }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      total,
      criteria: [...criteria.values()]
        .filter((c) => c.active || flaggedCount.has(c.code))
        .map((c) => ({ code: c.code, name: c.name, households: flaggedCount.get(c.code) ?? 0 })),
      certificates: certificates!,
    };
  });
}

const summaryLabel = (locale: Locale, key: string) => translate(locale, `registry.summary.${key}`);

/** A column of the summary's file after the place's: its heading and what it counts. */
interface SummaryColumn {
  label: (locale: Locale) => string;
  count: (counts: PlaceCounts) => number;
}

const countColumn = (key: Exclude<keyof PlaceCounts, "byAge">): SummaryColumn => ({
  label: (locale) => summaryLabel(locale, key),
  count: (counts) => counts[key],
});

const SUMMARY_COLUMNS: SummaryColumn[] = [
  ...(["households", "vulnerableHouseholds", "people", "female", "male"] as const).map(countColumn),
  ...AGE_BANDS.flatMap((band) =>
    (["female", "male"] as const).map((sex) => ({
      label: (locale: Locale) => `${summaryLabel(locale, `ageBands.${band}`)}, ${summaryLabel(locale, sex)}`,
      count: (counts: PlaceCounts) => counts.byAge[band][sex],
    })),
  ),
  ...(["withDisability", "abroad", "withoutPin"] as const).map(countColumn),
];

const summaryCells = (counts: PlaceCounts) => SUMMARY_COLUMNS.map((column) => column.count(counts));

/** The summary as a table a district office can take: a row per village and the total. */
export async function registerSummaryFile(
  database: Database,
  ctx: RequestContext,
  onDate: string,
  scope: RegisterScope,
  format: "xlsx" | "csv",
): Promise<Buffer> {
  const summary = await registerSummary(database, ctx, onDate, scope);
  const locale: Locale = ctx.locale;
  const label = (key: string) => summaryLabel(locale, key);
  const header = [
    summary.placeKind === "village" ? label("village") : translate(locale, "org.kind.ayil-okmotu"),
    ...SUMMARY_COLUMNS.map((column) => column.label(locale)),
  ];
  const body = [
    ...summary.places.map((v) => [pickName(v.name, locale), ...summaryCells(v)]),
    [label("total"), ...summaryCells(summary.total)],
  ];
  if (format === "csv") return csvFile(ctx.locale, header, body);
  return workbookFile([{ name: label("sheet"), header, rows: body }]);
}
