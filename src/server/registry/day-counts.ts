import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Sex } from "../../domain/registry/pin.js";
import {
  type AgeBand,
  ageBandBirthDates,
  noOne,
  type PlaceCounts,
} from "../../domain/registry/population.js";
import { localDayOf } from "../../domain/shared/local-time.js";
import { everyMunicipality } from "../orgs/service.js";
import { type Database, type Executor, rows } from "../platform/db.js";
import { lockKey, withSystem } from "../platform/transactions.js";
import { flagInForceOn, memberInForceOn } from "./in-force.js";
import { registerDayCount } from "./tables.js";

/**
 * `abroad_then.migration`: person `p`'s labour migration on the day as the register knows it now,
 * as a past day's card reads it (`migrationOn`): the migration recorded now if it began by then and
 * no later than the last migration event by then, else that event's (null for a return). Unlike
 * the card, a return recorded only as a correction leaves no trace the counts read. The events are
 * read for the organisations at once: a probe a member tripled a municipality's count.
 */
const migrationOnDay = (orgIds: readonly string[], onDate: string) => sql`
  left join (
    select distinct on (e.person_id) e.person_id, e.occurred_on,
           nullif(e.details->'migration', 'null'::jsonb) as migration
    from life_event e
    where e.org_id = any(${sql.param([...orgIds])}::uuid[]) and e.kind = 'migration'
      and e.annulled_at is null and e.occurred_on <= ${onDate}
    order by e.person_id, e.occurred_on desc, e.recorded_at desc, e.id desc
  ) last_event on last_event.person_id = p.id
  cross join lateral (
    select case when p.migration->>'since' <= ${onDate}
                 and (last_event.occurred_on is null or p.migration->>'since' >= last_event.occurred_on::text)
                then p.migration
                else last_event.migration end as migration
  ) abroad_then`;

/**
 * Households and their living members counted on a day, by a place each row names (`placeOf`:
 * a village's code, or the household's organisation); places where nobody lives are absent.
 * What this, countFlagged and countCertificates read is what an UPDATE must change to drop the
 * kept counts (migrations 0036, 0052 and 0056 list those columns): reading another column needs it added there.
 */
export async function countPlaces(
  executor: Executor,
  orgIds: readonly string[],
  placeOf: SQL,
  onDate: string,
): Promise<Map<string, PlaceCounts>> {
  const inScope = (column: SQL) => sql`${column} = any(${sql.param([...orgIds])}::uuid[])`;
  const born = ageBandBirthDates(onDate);
  const people = await rows<{
    place: string;
    sex: Sex;
    band: AgeBand;
    people: number;
    withDisability: number;
    abroad: number;
    /** The country of those abroad: a row's people are all abroad there, or none is (null). */
    country: string | null;
    withoutPin: number;
  }>(
    executor,
    sql`select ${placeOf} as place, p.sex,
          case when p.birth_date is null then 'unknown'
               when p.birth_date > ${born.school}::date then 'preschool'
               when p.birth_date > ${born.working}::date then 'school'
               when p.birth_date > (case p.sex when 'female' then ${born.pension.female}::date
                                               else ${born.pension.male}::date end) then 'working'
               else 'pension' end as band,
          abroad_then.migration->>'country' as country,
          count(*)::int as people,
          count(*) filter (where p.disability_group is not null)::int as "withDisability",
          count(*) filter (where abroad_then.migration is not null)::int as abroad,
          count(*) filter (where p.pin is null)::int as "withoutPin"
        from household h
        join household_member m on m.household_id = h.id
        join person p on p.id = m.person_id
        ${migrationOnDay(orgIds, onDate)}
        where ${inScope(sql`h.org_id`)} and ${memberInForceOn(onDate)}
        group by 1, 2, 3, 4`,
  );
  const households = await rows<{ place: string; households: number; vulnerable: number }>(
    executor,
    sql`select ${placeOf} as place, count(*)::int as households,
          count(*) filter (where exists (
            select from household_flag f
            where f.household_id = h.id and ${flagInForceOn(onDate)}
          ))::int as vulnerable
        from household h
        where ${inScope(sql`h.org_id`)} and h.formed_on <= ${onDate} and (h.dissolved_on is null or h.dissolved_on > ${onDate})
        group by 1`,
  );
  const byPlace = new Map<string, PlaceCounts>();
  const countsOf = (key: string) => {
    const counts = byPlace.get(key) ?? noOne();
    byPlace.set(key, counts);
    return counts;
  };
  for (const row of households) {
    const counts = countsOf(row.place);
    counts.households += row.households;
    counts.vulnerableHouseholds += row.vulnerable;
  }
  for (const row of people) {
    const counts = countsOf(row.place);
    counts.people += row.people;
    counts[row.sex] += row.people;
    counts.byAge[row.band][row.sex] += row.people;
    counts.withDisability += row.withDisability;
    counts.abroad += row.abroad;
    if (row.country !== null)
      counts.abroadByCountry[row.country] = (counts.abroadByCountry[row.country] ?? 0) + row.abroad;
    counts.withoutPin += row.withoutPin;
  }
  return byPlace;
}

/** Households per vulnerability criterion in force on the day, over these organisations. */
export async function countFlagged(
  executor: Executor,
  orgIds: readonly string[],
  onDate: string,
): Promise<Record<string, number>> {
  const flagged = await rows<{ code: string; households: number }>(
    executor,
    sql`select f.criterion_code as code, count(distinct f.household_id)::int as households
        from household_flag f
        join household h on h.id = f.household_id
        where f.org_id = any(${sql.param([...orgIds])}::uuid[])
          and ${flagInForceOn(onDate)}
          and h.formed_on <= ${onDate} and (h.dissolved_on is null or h.dissolved_on > ${onDate})
        group by 1`,
  );
  return Object.fromEntries(flagged.map((f) => [f.code, f.households]));
}

/** Certificates issued from 1 January of the day's year to the day, and how many are revoked. */
export async function countCertificates(executor: Executor, orgIds: readonly string[], onDate: string) {
  const [certificates] = await rows<{ issued: number; revoked: number }>(
    executor,
    sql`select count(*)::int as issued, count(*) filter (where revoked_at is not null)::int as revoked
        from certificate
        where org_id = any(${sql.param([...orgIds])}::uuid[])
          and issued_on >= ${`${onDate.slice(0, 4)}-01-01`} and issued_on <= ${onDate}`,
  );
  return certificates ?? { issued: 0, revoked: 0 };
}

/** One municipality's register counted on a day, as register_day_count keeps it. */
export interface DayCount {
  counts: PlaceCounts;
  criteria: Record<string, number>;
  certificates: { issued: number; revoked: number };
}

/** The kept counts of these organisations on the day (read under the caller's policies). */
export async function keptDayCounts(
  executor: Executor,
  orgIds: readonly string[],
  onDate: string,
): Promise<Map<string, DayCount>> {
  if (orgIds.length === 0) return new Map();
  const kept = await executor
    .select()
    .from(registerDayCount)
    .where(and(inArray(registerDayCount.orgId, [...orgIds]), eq(registerDayCount.onDate, onDate)));
  return new Map(kept.map((k) => [k.orgId, k]));
}

/**
 * Counts one municipality's day and keeps it, unless it is kept already. The organisation's count
 * key, held exclusively, makes two counters (requests, service instances, the hourly pass) count
 * it once: the second finds the first's row. The register's write triggers take the same key
 * shared (migration 0035), so a write waits for a count under way and then drops its result, and
 * a count waits for a write under way and then sees it. As the system: the cache is derived data,
 * and the caller has already been allowed to read the organisation.
 */
async function countDay(database: Database, orgId: string, onDate: string): Promise<DayCount> {
  return withSystem(database, async (tx) => {
    await lockKey(tx, `register-count:${orgId}`);
    const kept = (await keptDayCounts(tx, [orgId], onDate)).get(orgId);
    if (kept) return kept;
    const counted: DayCount = {
      counts: (await countPlaces(tx, [orgId], sql`h.org_id::text`, onDate)).get(orgId) ?? noOne(),
      criteria: await countFlagged(tx, [orgId], onDate),
      certificates: await countCertificates(tx, [orgId], onDate),
    };
    await tx.insert(registerDayCount).values({ orgId, onDate, ...counted });
    return counted;
  });
}

/** Counts under way in this process, by database and "organisation day", shared by whoever asks. */
const underWay = new WeakMap<Database, Map<string, Promise<DayCount>>>();
/** Counts waiting for a turn: a national summary's 450 must not take every connection at once. */
const queues = new WeakMap<Database, { running: number; waiting: (() => void)[] }>();
const COUNTS_AT_ONCE = 2;

async function inTurn<T>(database: Database, work: () => Promise<T>): Promise<T> {
  let queue = queues.get(database);
  if (!queue) {
    queue = { running: 0, waiting: [] };
    queues.set(database, queue);
  }
  const q = queue;
  if (q.running >= COUNTS_AT_ONCE) await new Promise<void>((resolve) => q.waiting.push(resolve));
  else q.running++;
  try {
    return await work();
  } finally {
    const next = q.waiting.shift();
    if (next) next();
    else q.running--;
  }
}

/**
 * The counts of these municipalities on the day, counting those not kept. The counting goes on
 * when the caller stops waiting (the next request finds it done); a count already under way for
 * the same day is joined, not repeated.
 */
export function countDays(
  database: Database,
  orgIds: readonly string[],
  onDate: string,
): Promise<Map<string, DayCount>> {
  let mine = underWay.get(database);
  if (!mine) {
    mine = new Map();
    underWay.set(database, mine);
  }
  const counting = mine;
  const each = orgIds.map(async (orgId) => {
    const key = `${orgId}|${onDate}`;
    let count = counting.get(key);
    if (!count) {
      count = inTurn(database, () => countDay(database, orgId, onDate));
      counting.set(key, count);
      const forget = () => counting.delete(key);
      count.then(forget, forget);
    }
    return [orgId, await count] as const;
  });
  const all = Promise.all(each).then((counted) => new Map(counted));
  // Nobody may be waiting any more: a failure is the next request's to see, not an unhandled one.
  all.catch(() => {});
  return all;
}

/** Waits for every count under way (the service closing lets them finish, then closes the database). */
export async function countsSettled(database: Database): Promise<void> {
  const counting = underWay.get(database);
  if (counting) await Promise.allSettled([...counting.values()]);
}

/**
 * Counts today's register of every municipality not counted yet (each in its own time zone's
 * today), so the morning's summaries read kept counts. Stops between municipalities when asked.
 */
export async function countTodayEverywhere(
  database: Database,
  now: Date,
  signal?: AbortSignal,
): Promise<{ counted: number }> {
  const municipalities = await withSystem(database, everyMunicipality);
  let counted = 0;
  for (const m of municipalities) {
    if (signal?.aborted) break;
    await countDays(database, [m.id], localDayOf(now, m.timeZone));
    counted++;
  }
  return { counted };
}
