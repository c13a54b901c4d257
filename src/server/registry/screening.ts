import { type SQL, sql } from "drizzle-orm";
import { type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import { type Executor, rows, statementChain, type Tx } from "../platform/db.js";
import { personCountedOn } from "./in-force.js";

/** One person of a batch (an imported book's row), as the register is searched for them. */
export interface ScreenedPerson {
  row: number;
  pin: string | null;
  /** The folded name (searchKey of the full name). */
  searchKey: string;
  birthDate: string | null;
}

/** Why two records are taken for one person: the rules of screening and of probable duplicates. */
export const SCREENING_REASONS = ["same-pin", "same-name-and-birth-date"] as const;
export type ScreeningReason = (typeof SCREENING_REASONS)[number];

/**
 * Which groups of records of one folded name and birth date a list of duplicates shows, over their
 * `pin`: no two PINs may disagree (two people), and a group whose records all carry the one PIN is
 * that PIN's group already, so a record must lack it. The municipality's own list and an office's
 * list of people counted twice both hold to it.
 */
export const NAME_GROUP_LISTED = sql`(count(distinct pin) <= 1 and count(pin) < count(*))`;

/** A person of the batch whom some organisation's register already holds. */
export interface ScreeningMatch {
  row: number;
  reason: ScreeningReason;
  orgId: string;
}

/**
 * Who else holds each person of a batch `b(id, pin, key, birth_date)`: the same PIN, or the same
 * folded name and birth date where no PIN disagrees (the municipality's own probable-duplicate
 * rules, across the country). One row `(id, reason, org_id)` per person and organisation, the PIN
 * preferred as the reason. It reads every organisation, so it runs as the system role and its
 * callers pass on no more than which organisation holds each match. `holding` says which records
 * count as held: any not merged for an import (who was ever registered is worth knowing). An import
 * screens its rows, the list of people registered elsewhere too screens a municipality's own
 * people: one set of rules for both.
 *
 * The register is probed once per distinct PIN and once per distinct name and birth date of the
 * batch (person_pin, person_key_birth), each probe's records reduced to the organisations holding
 * them, and the batch's people are joined to those. Probed per person, n namesakes in the batch and
 * m in the register made n × m rows: a book whose people repeat one name and birth date (typed with
 * placeholders, "Белгисиз", 01.01.1900) took half a minute to check. The probes are `materialized`
 * (inlined, the planner ran them once per person again) and fenced by `offset 0` (flattened, a big
 * batch could be hash-joined against the whole register). Two people of one name and birth date
 * whose PINs agree are the same-PIN match already, so the name rule needs one PIN unknown: the
 * batch's (any holder of the name counts) or the register's (`pin_unknown`).
 *
 * A batch of the register's own records (`batchRegistered`: a municipality's people) finds itself
 * in every probe, and almost every key is held by no one else. So each key is first counted in the
 * index alone (an index-only scan, no table row read), and only a key the index holds more often
 * than the batch does is probed for its holders: the largest municipality's list about a tenth
 * faster, warm and cold (BENCHMARKS.md, 2026-12-06 19:58). An import's rows are not in the register,
 * so every key it holds there is a match and is probed at once.
 */
function heldBy(
  batch: SQL,
  {
    holding = sql`p.merged_into is null and not p.entered_in_error`,
    batchRegistered = false,
  }: { holding?: SQL; batchRegistered?: boolean } = {},
): SQL {
  // A key the index holds no more often than the batch's own records is held by no one else.
  const heldElsewhereToo = (entries: SQL) =>
    batchRegistered ? sql`where (select count(*) from (${entries} limit g.own + 1) e) > g.own` : sql``;
  return sql`with b as (select * from ${batch}),
      by_pin as materialized (
        select distinct g.pin, o.org_id
          from (select pin, count(*) as own from b where pin is not null group by pin) g
          cross join lateral (select p.org_id from person p where p.pin = g.pin and ${holding} offset 0) o
          ${heldElsewhereToo(sql`select from person p where p.pin = g.pin`)}
      ),
      by_name as materialized (
        select g.key, g.birth_date, o.org_id, bool_or(o.pin is null) as pin_unknown
          from (select key, birth_date, count(*) as own from b where birth_date is not null group by key, birth_date) g
          cross join lateral (
            select p.org_id, p.pin from person p
              where p.search_key = g.key and p.birth_date = g.birth_date and ${holding} offset 0
          ) o
          ${heldElsewhereToo(sql`select from person p where p.search_key = g.key and p.birth_date = g.birth_date`)}
          group by g.key, g.birth_date, o.org_id
      )
      select distinct on (m.id, m.org_id) m.id, m.reason, m.org_id
        from (
          select b.id, 'same-pin' as reason, h.org_id from b join by_pin h on h.pin = b.pin
          union all
          select b.id, 'same-name-and-birth-date', h.org_id
            from b join by_name h on h.key = b.key and h.birth_date = b.birth_date
            where b.pin is null or h.pin_unknown
        ) m
        order by m.id, m.org_id, m.reason desc`;
}

/** People of a batch already in any organisation's register (see heldBy), by row. */
export async function screenAgainstRegister(
  executor: Executor,
  batch: ScreenedPerson[],
): Promise<ScreeningMatch[]> {
  if (batch.length === 0) return [];
  return rows<ScreeningMatch>(
    executor,
    sql`select h.id as row, h.reason, h.org_id as "orgId"
        from (${heldBy(
          sql`unnest(${sql.param(batch.map((b) => b.row))}::int[], ${sql.param(batch.map((b) => b.pin))}::text[],
            ${sql.param(batch.map((b) => b.searchKey))}::text[], ${sql.param(batch.map((b) => b.birthDate))}::date[])
            as b(id, pin, key, birth_date)`,
        )}) h
        order by h.id, h.org_id`,
  );
}

/**
 * A batch screened (screenAgainstRegister) a part at a time while the caller goes on reading it: the
 * people `screen` is given wait until the connection is free, then go in one statement with all
 * given since, so the database screens while the service reads on, and the batch goes in few
 * statements however small its parts. Each person is matched on their own, so the matches are those
 * of the whole batch screened at once. As the system role (see heldBy), on a transaction that runs
 * nothing else meanwhile.
 */
export function screeningChain(tx: Tx) {
  const statements = statementChain(tx);
  let waiting: ScreenedPerson[] = [];
  const found: ScreeningMatch[] = [];
  return {
    screen(people: readonly ScreenedPerson[]) {
      if (people.length === 0) return;
      for (const person of people) waiting.push(person);
      statements.add(async (tx) => {
        if (waiting.length === 0) return;
        const batch = waiting;
        waiting = [];
        for (const match of await screenAgainstRegister(tx, batch)) found.push(match);
      });
    },
    /** Every match, by row and organisation, once the last statement is answered. */
    async matches(): Promise<ScreeningMatch[]> {
      await statements.done();
      return found.sort((a, b) => a.row - b.row || (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0));
    },
  };
}

/**
 * A municipality's own people whom another organisation's book counts too, both on the day
 * (`personCountedOn`: a record struck off there, or here, by a departure or a death is resolved):
 * `(id, reason, org_id)`, by heldBy's rules. System role only (see heldBy).
 */
export function heldElsewhere(orgId: string, day: string): SQL {
  return heldBy(
    sql`(select p.id, p.pin, p.search_key, p.birth_date from person p
          where p.org_id = ${orgId} and ${personCountedOn(day)})
        as b(id, pin, key, birth_date)`,
    { holding: sql`p.org_id <> ${orgId} and ${personCountedOn(day)}`, batchRegistered: true },
  );
}

/** What an import reports of the people it found already registered: at most this many rows. */
export const REGISTERED_ALREADY_SHOWN = 500;

/** Organisations' names in the user's language, by id. */
export async function organisationNames(
  executor: Executor,
  orgIds: readonly string[],
  locale: Locale,
): Promise<Map<string, string>> {
  if (orgIds.length === 0) return new Map();
  const found = await rows<{ id: string; name: LocalizedText }>(
    executor,
    sql`select id, name from organisation where id = any(${sql.param([...new Set(orgIds)])}::uuid[])`,
  );
  return new Map(found.map((o) => [o.id, pickName(o.name, locale)]));
}

/** The matches as the importing user reads them: the organisation by name, or "here". */
export async function describeMatches(
  executor: Executor,
  matches: ScreeningMatch[],
  ownOrgId: string,
  locale: Locale,
) {
  const shown = matches.slice(0, REGISTERED_ALREADY_SHOWN);
  const names = await organisationNames(
    executor,
    shown.map((m) => m.orgId),
    locale,
  );
  return {
    registeredAlready: shown.map((m) => ({
      row: m.row,
      reason: m.reason,
      here: m.orgId === ownOrgId,
      organisation: names.get(m.orgId) ?? "",
    })),
    registeredAlreadyRows: new Set(matches.map((m) => m.row)).size,
  };
}
