import { type SQL, sql } from "drizzle-orm";
import type { Locale } from "../../domain/places/units.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { rows } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { type OffsetPage, pageWithTotal } from "../platform/paging.js";
import { tableFile } from "../platform/spreadsheet.js";
import { asSystemWithin, withTenant } from "../platform/transactions.js";
import { householdOn } from "./in-force.js";
import { heldElsewhere, organisationNames, type ScreeningReason } from "./screening.js";

/**
 * One of the municipality's people whom another organisation's book counts too, both today (someone
 * who moved without being struck off there, or was entered in both): our record, and only the other
 * organisation's name.
 */
export interface RegisteredElsewhere {
  id: string;
  pin: string | null;
  surname: string;
  givenName: string;
  patronymic: string | null;
  birthDate: string | null;
  householdId: string | null;
  householdNumber: number | null;
  reason: ScreeningReason;
  organisation: string;
}

type Row = Omit<RegisteredElsewhere, "organisation"> & { orgId: string };

/** Our people with each organisation that counts them too; their household today (lowest No. if two). */
function listOf(orgId: string, day: string): SQL {
  return sql`select p.id, p.pin, p.surname, p.given_name as "givenName", p.patronymic,
        p.birth_date::text as "birthDate", hh.id as "householdId", hh.number as "householdNumber",
        e.reason, e.org_id as "orgId", p.search_key
      from (${heldElsewhere(orgId, day)}) e
      join person p on p.id = e.id
      ${householdOn(day)}`;
}
/** In the book's order: by household, then name; the same person held by two organisations twice. */
const ORDER = sql`l."householdNumber" nulls last, l.search_key, l.id, l."orgId"`;

/**
 * The list reads every organisation's people, so it runs as the system role (as an import's
 * screening does), restricted to the caller's own people, and hands back our records and the
 * other organisation's name, never its person.
 */
async function readElsewhere<T>(
  database: Database,
  ctx: RequestContext,
  read: (system: Tx, list: SQL) => Promise<{ items: Row[] } & T>,
): Promise<{ items: RegisteredElsewhere[] } & T> {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) =>
    asSystemWithin(tx, async (system) => {
      const found = await read(system, listOf(actor.orgId, organisationToday(ctx)));
      const names = await organisationNames(
        system,
        found.items.map((r) => r.orgId),
        ctx.locale,
      );
      return {
        ...found,
        items: found.items.map(({ orgId, search_key: _, ...r }: Row & { search_key?: string }) => ({
          ...r,
          organisation: names.get(orgId) ?? "",
        })),
      };
    }),
  );
}

/** One page of the municipality's people registered elsewhere too, with how many rows in all. */
export async function registeredElsewhere(database: Database, ctx: RequestContext, page: OffsetPage) {
  return readElsewhere(database, ctx, (system, list) => pageWithTotal<Row>(system, list, ORDER, page));
}

/**
 * A record of a duplicates list in a file: its household, names, birth date and PIN, headed in the
 * user's language as the household book's export heads them. The PIN is the last column.
 */
export const recordHeader = (locale: Locale) =>
  (["householdKey", "surname", "givenName", "patronymic", "birthDate", "pin"] as const).map((key) =>
    translate(locale, `registry.book.columns.${key}`),
  );
/** Where a record's birth date is among its cells: a file writes it as the spreadsheet's own date. */
export const RECORD_BIRTH_DATE = 4;
export const recordCells = (r: Omit<RegisteredElsewhere, "reason" | "organisation">) => [
  r.householdNumber,
  r.surname,
  r.givenName,
  r.patronymic,
  r.birthDate,
  r.pin,
];

/** The whole list as a file, headed in the user's language as the household book's export is. */
export async function registeredElsewhereFile(
  database: Database,
  ctx: RequestContext,
  format: "csv" | "xlsx",
) {
  const { items } = await readElsewhere(database, ctx, async (system, list) => ({
    items: await rows<Row>(system, sql`select * from (${list}) l order by ${ORDER}`),
  }));
  const locale = ctx.locale;
  const record = recordHeader(locale);
  const header = [
    ...record,
    translate(locale, "reg.duplicates.elsewhere.reason"),
    translate(locale, "reg.duplicates.elsewhere.organisation"),
  ];
  const body = items.map((r) => [
    ...recordCells(r),
    translate(locale, `reg.duplicates.${r.reason}`),
    r.organisation,
  ]);
  return tableFile(format, locale, {
    name: translate(locale, "reg.duplicates.elsewhere.sheet"),
    header,
    rows: body,
    textColumns: [record.length - 1],
    dateColumns: [RECORD_BIRTH_DATE],
  });
}
