import { type SQL, sql } from "drizzle-orm";
import { DEFAULT_TIME_ZONE, localDayOf } from "../../domain/shared/local-time.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import { type OffsetPage, pageWithTotal } from "../platform/paging.js";
import { tableFile } from "../platform/spreadsheet.js";
import { withSystem, withTenant } from "../platform/transactions.js";
import { RECORD_BIRTH_DATE, type RegisteredElsewhere, recordCells, recordHeader } from "./elsewhere.js";
import { householdOn, personCountedOn } from "./in-force.js";
import { NAME_GROUP_LISTED, organisationNames, type ScreeningReason } from "./screening.js";

/*
 * People counted in two municipalities' books at once: living members of a household in each, by
 * the rules of probable duplicates (the same PIN; the same folded name and birth date where no PIN
 * disagrees). It is what a district or national office reads to have the municipalities strike
 * someone off, and what makes the country's counts add up to more people than it has.
 *
 * A name-and-birth-date group is listed as the municipality's own list lists it (NAME_GROUP_LISTED).
 *
 * Finding them means comparing every person with the whole country: on the national register a
 * GROUP BY of 6.5 million people takes 15–30 s, an area's alone 3–7 s (a full scan each time). So
 * the service finds the keys every hour (`findSharedKeys`: two index-only scans, then their few
 * people, about 4 s), and an office's list reads the people of the kept keys afresh, in force
 * today: a key resolved since (a departure, a merge, a death) drops out at once; a key new since
 * the last pass waits for the next one.
 */

/**
 * The people counted on the day who hold the keys, a row each with the key: `pins` a relation
 * `k(pin)`, `names` a relation `k(search_key, birth_date)`. The hourly pass reads it for keys held
 * twice anywhere, an office's list for the kept ones.
 */
function holdersOf(pins: SQL, names: SQL, day: string): SQL {
  return sql`select 'same-pin' as reason, k.pin as key_pin, null::text as key_name, null::date as key_birth,
        p.id, p.org_id, p.pin, p.search_key, p.created_at
      from ${pins} join person p on p.pin = k.pin where ${personCountedOn(day)}
    union all
    select 'same-name-and-birth-date', null, k.search_key, k.birth_date,
        p.id, p.org_id, p.pin, p.search_key, p.created_at
      from ${names} join person p on p.search_key = k.search_key and p.birth_date = k.birth_date
      where ${personCountedOn(day)}`;
}

/** Which of a key's records, grouped, are one person counted twice (see above). */
const COUNTED_TWICE = sql`count(distinct org_id) > 1 and (reason = 'same-pin' or ${NAME_GROUP_LISTED})`;

/**
 * Replaces the kept keys with those the register has now: held by people in force in two
 * organisations or more. Runs as the system role (it reads every organisation's people); each
 * organisation's rows carry its own id, so an office reads the keys of its area only.
 */
export async function findSharedKeys(database: Database, now: Date = new Date()) {
  // The country's day: a municipality in another zone is a day out for an hour at most.
  const day = localDayOf(now, DEFAULT_TIME_ZONE);
  return withSystem(database, async (tx) => {
    // The keys held twice anywhere first: index-only scans of person_pin and person_key_birth,
    // which need no sort. They are few (thousands of 6.5 million), which the planner cannot know
    // of a GROUP BY; handed back as arrays, their people are read through the same indexes.
    const pins = await rows<{ pin: string }>(
      tx,
      sql`select pin from person where pin is not null group by pin having count(*) > 1`,
    );
    const names = await rows<{ searchKey: string; birthDate: string }>(
      tx,
      sql`select search_key as "searchKey", birth_date::text as "birthDate" from person
          where birth_date is not null group by search_key, birth_date having count(*) > 1`,
    );
    const found = await rows<{ keys: number }>(
      tx,
      sql`with held as (${holdersOf(
        sql`unnest(${sql.param(pins.map((k) => k.pin))}::text[]) k(pin)`,
        sql`unnest(${sql.param(names.map((k) => k.searchKey))}::text[],
              ${sql.param(names.map((k) => k.birthDate))}::date[]) k(search_key, birth_date)`,
        day,
      )}), shared as (
            select reason, key_pin, key_name, key_birth, array_agg(distinct org_id) as org_ids from held
              group by reason, key_pin, key_name, key_birth having ${COUNTED_TWICE}
          ), replaced as (
            delete from person_shared_key
          ), kept as (
            insert into person_shared_key (org_id, reason, pin, search_key, birth_date)
              select o, reason, key_pin, key_name, key_birth from shared, unnest(org_ids) o
          )
          select count(*)::int as keys from shared`,
    );
    return { keys: found[0]?.keys ?? 0 };
  });
}

/** One of a group's records: the person, and the municipality and household that count them. */
export type CountedTwicePerson = Omit<RegisteredElsewhere, "reason"> & { orgId: string };

export interface CountedTwiceGroup {
  reason: ScreeningReason;
  people: CountedTwicePerson[];
}

/**
 * The groups the caller may read whose people are counted today by two of its organisations or
 * more (an office's area), as the kept keys name them and the register holds them now. A
 * municipality reads only its own book, so its list is empty: its own duplicates have their list.
 */
function groupsOf(day: string): SQL {
  return sql`with shared as (
      select reason, pin, search_key, birth_date from person_shared_key
        group by reason, pin, search_key, birth_date having count(distinct org_id) > 1
    ), held as (${holdersOf(
      sql`(select pin from shared where reason = 'same-pin') k`,
      sql`(select search_key, birth_date from shared where reason = 'same-name-and-birth-date') k`,
      day,
    )})
    select reason, array_agg(id order by org_id, created_at, id) as ids, min(search_key) as first_name
      from held group by reason, key_pin, key_name, key_birth having ${COUNTED_TWICE}`;
}
const ORDER = sql`l.first_name, l.reason, l.ids[1]`;

type GroupIds = { reason: ScreeningReason; ids: string[] };

async function readGroups<T>(
  database: Database,
  ctx: RequestContext,
  read: (tx: Tx, list: SQL) => Promise<{ items: GroupIds[] } & T>,
  day: string,
): Promise<Omit<T, "items"> & { items: CountedTwiceGroup[]; foundAt: string | null }> {
  const actor = requireActor(ctx);
  return withTenant(
    database,
    actor,
    async (tx) => {
      const found = await read(tx, groupsOf(day));
      const ids = [...new Set(found.items.flatMap((g) => g.ids))];
      const people = ids.length
        ? await rows<Omit<CountedTwicePerson, "organisation">>(
            tx,
            sql`select p.id, p.org_id as "orgId", p.pin, p.surname, p.given_name as "givenName", p.patronymic,
                  p.birth_date::text as "birthDate", hh.id as "householdId", hh.number as "householdNumber"
                from person p ${householdOn(day)}
                where p.id = any(${sql.param(ids)}::uuid[])`,
          )
        : [];
      const names = await organisationNames(
        tx,
        people.map((p) => p.orgId),
        ctx.locale,
      );
      const byId = new Map(people.map((p) => [p.id, { ...p, organisation: names.get(p.orgId) ?? "" }]));
      const [kept] = await rows<{ foundAt: string | null }>(
        tx,
        sql`select max(found_at) as "foundAt" from person_shared_key`,
      );
      return {
        ...found,
        foundAt: kept?.foundAt ? new Date(kept.foundAt).toISOString() : null,
        items: found.items.map((g) => ({
          reason: g.reason,
          people: g.ids.flatMap((id) => byId.get(id) ?? []),
        })),
      };
    },
    { readOnly: true },
  );
}

/** One page of the groups counted in two municipalities, with how many groups in all. */
export async function countedTwice(database: Database, ctx: RequestContext, page: OffsetPage) {
  const { items, total, offset, limit, foundAt } = await readGroups(
    database,
    ctx,
    (tx, list) => pageWithTotal<GroupIds>(tx, list, ORDER, page),
    organisationToday(ctx),
  );
  return { groups: items, total, offset, limit, foundAt };
}

/** Every group as a file, a row per record, headed in the user's language; a group's rows share its number. */
export async function countedTwiceFile(database: Database, ctx: RequestContext, format: "csv" | "xlsx") {
  const { items } = await readGroups(
    database,
    ctx,
    async (tx, list) => ({
      items: await rows<GroupIds>(tx, sql`select * from (${list}) l order by ${ORDER}`),
    }),
    organisationToday(ctx),
  );
  const locale = ctx.locale;
  const before = [
    translate(locale, "reg.duplicates.across.group"),
    translate(locale, "reg.duplicates.elsewhere.reason"),
    translate(locale, "reg.duplicates.elsewhere.organisation"),
  ];
  const header = [...before, ...recordHeader(locale)];
  const body = items.flatMap((g, i) =>
    g.people.map((p) => [
      i + 1,
      translate(locale, `reg.duplicates.${g.reason}`),
      p.organisation,
      ...recordCells(p),
    ]),
  );
  return tableFile(format, locale, {
    name: translate(locale, "reg.duplicates.across.sheet"),
    header,
    rows: body,
    textColumns: [header.length - 1],
    dateColumns: [before.length + RECORD_BIRTH_DATE],
  });
}
