import { sql } from "drizzle-orm";
import type { ReachKind } from "../../domain/water/network.js";
import { orgTimeZone } from "../orgs/service.js";
import { rows, type Tx } from "../platform/db.js";
import { waterUsersByIds } from "./billing-facts.js";

/** What the allocation area reads of the water register: the network in service and who takes water where. */

export interface NetworkReachFact {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  kind: ReachKind;
  capacityLps: number;
  efficiency: number;
}

/** The reaches in service on a day, parents before children is not promised. */
export function networkInService(tx: Tx, orgId: string, onDay: string): Promise<NetworkReachFact[]> {
  return rows<NetworkReachFact>(
    tx,
    sql`select id, code, name, parent_id as "parentId", kind, capacity_lps as "capacityLps", efficiency
        from canal_reach
        where org_id = ${orgId} and (retired_on is null or retired_on > ${onDay})
        order by code`,
  );
}

export interface OutletUserFact {
  waterUserId: string;
  number: number;
  displayName: string;
  phone: string | null;
  locale: string;
  outletId: string;
  /** Irrigated area the user has at this outlet during the period. */
  areaHa: number;
  /** The day the user was archived, from which they take no water; null while they are a user. */
  archivedOn: string | null;
}

/**
 * Users with plots in use from a period's first day, per outlet: their irrigated area is their
 * weight under equal depth per hectare. A user archived by that day takes no water; one archived
 * later takes it until then (`archivedOn`).
 */
export function usersAtOutlets(tx: Tx, orgId: string, fromDay: string): Promise<OutletUserFact[]> {
  return rows<OutletUserFact>(
    tx,
    sql`select u.id as "waterUserId", u.number, u.display_name as "displayName", u.phone, u.locale,
          p.outlet_id as "outletId", sum(p.area_ha)::float8 as "areaHa", u.archived_on::text as "archivedOn"
        from irrigated_plot p join water_user u on u.id = p.water_user_id
        where p.org_id = ${orgId} and (p.ended_on is null or p.ended_on > ${fromDay})
          and (u.archived_on is null or u.archived_on > ${fromDay})
        group by u.id, u.number, u.display_name, u.phone, u.locale, u.archived_on, p.outlet_id
        order by p.outlet_id, u.number`,
  );
}

export interface ListedUsersFact {
  /** Ids that are no water user of the provider. */
  unknown: string[];
  /** The provider's users archived on or before the day (a period's first: no water in it). */
  archived: { id: string; number: number; archivedOn: string }[];
}

/**
 * A list of water user ids (a council's guarantee) read against the register on a day: the ids
 * that are no user of the provider, and the users archived by then, who take no water (see
 * usersAtOutlets); each in the order given. The organisation is named, as in waterUsersByIds.
 */
export async function listedWaterUsers(
  tx: Tx,
  orgId: string,
  ids: readonly string[],
  onDay: string,
): Promise<ListedUsersFact> {
  const found = new Map((await waterUsersByIds(tx, orgId, ids)).map((u) => [u.id, u]));
  const archived: ListedUsersFact["archived"] = [];
  for (const id of ids) {
    const u = found.get(id);
    if (u?.archivedOn && u.archivedOn <= onDay)
      archived.push({ id, number: u.number, archivedOn: u.archivedOn });
  }
  return { unknown: ids.filter((id) => !found.has(id)), archived };
}

export interface ConfirmedLinkFact {
  waterUserId: string;
  municipalityOrgId: string;
  personId: string;
}

/** Water users linked to a person of a municipality's register, confirmed by the municipality. */
export function confirmedLinks(tx: Tx, orgId: string): Promise<ConfirmedLinkFact[]> {
  return rows<ConfirmedLinkFact>(
    tx,
    sql`select water_user_id as "waterUserId", municipality_org_id as "municipalityOrgId", person_id as "personId"
        from water_user_link where org_id = ${orgId} and status = 'confirmed'`,
  );
}

/**
 * Water delivered to each user at each outlet in a period of the organisation's local days, from
 * the delivery acts that were not voided.
 */
export async function deliveredByUser(
  tx: Tx,
  orgId: string,
  fromDay: string,
  toDay: string,
): Promise<{ waterUserId: string; outletId: string; deliveredM3: number }[]> {
  const timeZone = await orgTimeZone(tx, orgId);
  return rows(
    tx,
    sql`select water_user_id as "waterUserId", outlet_id as "outletId", sum(volume_m3) as "deliveredM3"
        from water_delivery
        where org_id = ${orgId} and voided_at is null
          and started_at >= (${fromDay}::date::timestamp at time zone ${timeZone})
          and started_at < ((${toDay}::date + 1)::timestamp at time zone ${timeZone})
        group by water_user_id, outlet_id`,
  );
}
