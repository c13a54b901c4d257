import { sql } from "drizzle-orm";
import { type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import { type Executor, rows } from "../platform/db.js";

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

/** A person of the batch whom some organisation's register already holds. */
export interface ScreeningMatch {
  row: number;
  reason: ScreeningReason;
  orgId: string;
}

/**
 * People of a batch already in any organisation's register: the same PIN, or the same folded name
 * and birth date where no PIN disagrees (the municipality's own probable-duplicate rules, across
 * the country). One row per person and organisation, the PIN preferred as the reason. Each person
 * is two index probes (person_pin, person_key_birth). It reads every organisation, so the caller
 * runs it as the system role and passes on no more than which organisation holds each match.
 */
export async function screenAgainstRegister(
  executor: Executor,
  batch: ScreenedPerson[],
): Promise<ScreeningMatch[]> {
  if (batch.length === 0) return [];
  return rows<ScreeningMatch>(
    executor,
    sql`select distinct on (b.row, m.org_id) b.row, m.reason, m.org_id as "orgId"
        from unnest(${sql.param(batch.map((b) => b.row))}::int[], ${sql.param(batch.map((b) => b.pin))}::text[],
          ${sql.param(batch.map((b) => b.searchKey))}::text[], ${sql.param(batch.map((b) => b.birthDate))}::date[])
          as b(row, pin, key, birth_date)
        cross join lateral (
          select 'same-pin' as reason, p.org_id from person p
            where b.pin is not null and p.pin = b.pin and p.merged_into is null
          union all
          select 'same-name-and-birth-date', p.org_id from person p
            where b.birth_date is not null and p.search_key = b.key and p.birth_date = b.birth_date
              and p.merged_into is null and (p.pin is null or b.pin is null or p.pin = b.pin)
        ) m
        order by b.row, m.org_id, m.reason desc`,
  );
}

/** What an import reports of the people it found already registered: at most this many rows. */
export const REGISTERED_ALREADY_SHOWN = 500;

/** The matches as the importing user reads them: the organisation by name, or "here". */
export async function describeMatches(
  executor: Executor,
  matches: ScreeningMatch[],
  ownOrgId: string,
  locale: Locale,
) {
  const shown = matches.slice(0, REGISTERED_ALREADY_SHOWN);
  const orgIds = [...new Set(shown.map((m) => m.orgId))];
  const names = new Map(
    orgIds.length
      ? (
          await rows<{ id: string; name: LocalizedText }>(
            executor,
            sql`select id, name from organisation where id = any(${sql.param(orgIds)}::uuid[])`,
          )
        ).map((o) => [o.id, pickName(o.name, locale)])
      : [],
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
