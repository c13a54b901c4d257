import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { type Locale, pickName } from "../../domain/places/units.js";
import { fullName, searchKey } from "../../domain/registry/names.js";
import { municipalitiesOver } from "../orgs/service.js";
import type { Database, Tx } from "../platform/db.js";
import { withSystem } from "../platform/transactions.js";
import { flagInForceOn, memberInForceOn } from "./in-force.js";
import { household, householdFlag, householdMember, person, vulnerabilityCriterion } from "./tables.js";

/**
 * What the register lets a water provider see, and nothing more: the joint management model.
 * A provider cannot read the register under its own policies, so these functions read as the
 * system role and return only the fields named here. Callers decide who may ask (the water
 * area checks the provider's villages and the link's status before calling).
 */

/** A person a provider may propose to link: just enough to choose among namesakes. */
export interface LinkCandidate {
  personId: string;
  municipalityOrgId: string;
  municipalityName: Record<string, string>;
  name: string;
  birthYear: number | null;
  villageCode: string;
}

export type CandidateQuery =
  | { pin: string; surname: string; givenName: string }
  | { surname: string; givenName: string; patronymic?: string | null; birthDate: string };

/**
 * People of the municipalities over the provider's villages who match a water user: by PIN with
 * the same surname and given name (folded as a search folds them, so "Aizhan" meets "Айжан"), or
 * (a user without a PIN) by the name's search key and the birth date. A PIN alone never answers
 * with a name: the provider learns nothing it did not already hold. Only living, unmerged people
 * who belong to a household today are offered.
 */
export async function linkCandidates(
  database: Database,
  villageCodes: readonly string[],
  query: CandidateQuery,
  today: string,
): Promise<LinkCandidate[]> {
  return withSystem(database, async (tx) => {
    const municipalities = await municipalitiesOver(tx, villageCodes);
    if (municipalities.length === 0) return [];
    const match =
      "pin" in query
        ? eq(person.pin, query.pin)
        : and(eq(person.searchKey, searchKey(fullName(query))), eq(person.birthDate, query.birthDate));
    const found = await tx
      .select({ p: person, villageCode: household.villageCode })
      .from(person)
      .innerJoin(householdMember, eq(householdMember.personId, person.id))
      .innerJoin(household, eq(household.id, householdMember.householdId))
      .where(
        and(
          match,
          inArray(
            person.orgId,
            municipalities.map((m) => m.id),
          ),
          isNull(person.mergedInto),
          memberInForceOn(today, "household_member", "person"),
        ),
      )
      .orderBy(asc(person.surname), asc(person.givenName))
      .limit(20);
    const names = new Map(municipalities.map((m) => [m.id, m.name]));
    return found
      .filter(({ p }) => "birthDate" in query || sameNameAs(p, query))
      .map(({ p, villageCode }) => ({
        personId: p.id,
        municipalityOrgId: p.orgId,
        municipalityName: names.get(p.orgId) ?? {},
        name: fullName(p),
        birthYear: p.birthDate ? Number(p.birthDate.slice(0, 4)) : null,
        villageCode,
      }));
  });
}

function sameNameAs(
  p: { surname: string; givenName: string },
  query: { surname: string; givenName: string },
) {
  return (
    searchKey(p.surname) === searchKey(query.surname) && searchKey(p.givenName) === searchKey(query.givenName)
  );
}

/** A vulnerability flag as a linked provider sees it: what it is and since when, never why or by whom. */
export interface SharedFlag {
  code: string;
  label: string;
  setOn: string;
}

/**
 * The vulnerability flags in force on `onDate` of the household a linked person belongs to that
 * day (none once the person has died, whether or not the membership records its end). The caller must have checked that the link is confirmed.
 */
export async function linkedHouseholdFlags(
  database: Database,
  link: { municipalityOrgId: string; personId: string },
  onDate: string,
  locale: Locale,
): Promise<SharedFlag[]> {
  return withSystem(database, async (tx) => {
    const [membership] = await tx
      .select({ householdId: householdMember.householdId })
      .from(householdMember)
      .innerJoin(person, eq(person.id, householdMember.personId))
      .where(
        and(
          eq(householdMember.orgId, link.municipalityOrgId),
          eq(householdMember.personId, link.personId),
          memberInForceOn(onDate, "household_member", "person"),
        ),
      )
      .limit(1);
    if (!membership) return [];
    const flags = await tx
      .select({
        code: householdFlag.criterionCode,
        setOn: householdFlag.setOn,
        name: vulnerabilityCriterion.name,
      })
      .from(householdFlag)
      .leftJoin(
        vulnerabilityCriterion,
        and(
          eq(vulnerabilityCriterion.orgId, householdFlag.orgId),
          eq(vulnerabilityCriterion.code, householdFlag.criterionCode),
        ),
      )
      .where(
        and(eq(householdFlag.householdId, membership.householdId), flagInForceOn(onDate, "household_flag")),
      )
      .orderBy(asc(householdFlag.setOn), asc(householdFlag.criterionCode));
    return flags.map((f) => ({
      code: f.code,
      label: f.name ? pickName(f.name, locale) : f.code,
      setOn: f.setOn,
    }));
  });
}

/**
 * People of the clerk's own register named by link proposals, for the municipality's page: read in
 * the clerk's transaction, so only the clerk's own people come back.
 */
export async function peopleForLinks(tx: Tx, orgId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return new Map<string, PersonForLink>();
  const found = await tx
    .select({
      id: person.id,
      surname: person.surname,
      givenName: person.givenName,
      patronymic: person.patronymic,
      pin: person.pin,
      birthDate: person.birthDate,
      householdId: householdMember.householdId,
      householdNumber: household.number,
      villageCode: household.villageCode,
    })
    .from(person)
    .leftJoin(householdMember, and(eq(householdMember.personId, person.id), isNull(householdMember.toDate)))
    .leftJoin(household, eq(household.id, householdMember.householdId))
    .where(and(eq(person.orgId, orgId), inArray(person.id, [...personIds])));
  return new Map<string, PersonForLink>(
    found.map((p) => [
      p.id,
      {
        name: fullName(p),
        pin: p.pin,
        birthDate: p.birthDate,
        householdId: p.householdId,
        householdNumber: p.householdNumber,
        villageCode: p.villageCode,
      },
    ]),
  );
}

export interface PersonForLink {
  name: string;
  pin: string | null;
  birthDate: string | null;
  householdId: string | null;
  householdNumber: number | null;
  villageCode: string | null;
}
