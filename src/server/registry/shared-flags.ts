import { sql } from "drizzle-orm";
import type { Database } from "../platform/db.js";
import { rows } from "../platform/db.js";
import { withSystem } from "../platform/transactions.js";
import { flagInForceOn, memberInForceOn } from "./in-force.js";

/** A person of a municipality's register, as a water provider's confirmed link names them. */
export interface LinkedPerson {
  municipalityOrgId: string;
  personId: string;
}

/**
 * The codes of the vulnerability flags in force on a day for the households of linked people, in
 * one query for a whole provider (equity reports and guarantees read hundreds at once). Only the
 * codes cross over: the joint management model shares flags and nothing else of the household. A
 * person who has died belongs to no household, whether or not the membership records its end.
 * Keyed "<municipality>:<person>".
 */
export async function flagCodesOfLinkedPeople(
  database: Database,
  people: readonly LinkedPerson[],
  onDate: string,
): Promise<Map<string, string[]>> {
  if (people.length === 0) return new Map();
  const found = await withSystem(database, (tx) =>
    rows<{ key: string; codes: string[] }>(
      tx,
      sql`select l.org_id::text || ':' || l.person_id::text as key,
            coalesce(array_agg(distinct f.criterion_code) filter (where f.criterion_code is not null), '{}') as codes
          from unnest(${sql.param(people.map((p) => p.municipalityOrgId))}::uuid[], ${sql.param(people.map((p) => p.personId))}::uuid[]) as l(org_id, person_id)
          join household_member m on m.org_id = l.org_id and m.person_id = l.person_id
          join person p on p.id = m.person_id and ${memberInForceOn(onDate)}
          left join household_flag f on f.household_id = m.household_id
            and ${flagInForceOn(onDate)}
          group by l.org_id, l.person_id`,
    ),
  );
  return new Map(found.map((f) => [f.key, f.codes]));
}
