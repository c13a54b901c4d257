import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { orgTimeZone } from "../orgs/service.js";
import { containsPattern, rows, type Tx } from "../platform/db.js";
import { contractPlot, season, waterContract, waterUser } from "./tables.js";

/**
 * What billing reads of the water register, read-only: seasons, contracts with their areas,
 * measured deliveries and the water users' names. Billing never imports the water tables.
 * Every function runs in the caller's (tenant) transaction, so row-level security applies.
 */

export interface SeasonFact {
  id: string;
  name: string;
  year: number;
  startsOn: string;
  endsOn: string;
}

export async function seasonsOf(tx: Tx, orgId: string): Promise<SeasonFact[]> {
  return tx
    .select({
      id: season.id,
      name: season.name,
      year: season.year,
      startsOn: season.startsOn,
      endsOn: season.endsOn,
    })
    .from(season)
    .where(eq(season.orgId, orgId))
    .orderBy(asc(season.startsOn));
}

export interface ContractFact {
  waterUserId: string;
  member: boolean;
  tariffClass: string;
  areas: { crop: string; areaHa: number }[];
}

/**
 * The season's contracts that bind (signed, or terminated during it), with their areas by crop;
 * a contract an amendment replaced binds no more once the amendment is signed (its areas are the
 * amendment's, restated: billing both charged an amended user's plots twice, 7.0 ha of a 3.5 ha
 * holding in the demo). One flat read of contracts × plots grouped here (a correlated aggregate
 * per contract made the planner's estimate large enough to JIT-compile the query, 1.4 s of 2.3 s
 * at 20,000 contracts).
 */
export async function seasonContracts(tx: Tx, orgId: string, seasonId: string): Promise<ContractFact[]> {
  const found = await rows<{
    water_user_id: string;
    member: boolean;
    tariff_class: string;
    crop: string | null;
    area_ha: string | null;
  }>(
    tx,
    sql`select c.water_user_id, u.member, c.tariff_class, p.crop_code as crop, p.area_ha::text as area_ha
        from ${waterContract} c join ${waterUser} u on u.id = c.water_user_id
          left join ${contractPlot} p on p.org_id = ${orgId} and p.contract_id = c.id
        where c.org_id = ${orgId} and c.season_id = ${seasonId} and c.status <> 'draft'
          and not exists (select 1 from ${waterContract} a
            where a.org_id = ${orgId} and a.supersedes_id = c.id and a.status <> 'draft')
        order by c.water_user_id, c.id, p.id`,
  );
  const contracts: ContractFact[] = [];
  for (const r of found) {
    let last = contracts.at(-1);
    if (last?.waterUserId !== r.water_user_id) {
      last = { waterUserId: r.water_user_id, member: r.member, tariffClass: r.tariff_class, areas: [] };
      contracts.push(last);
    }
    if (r.crop !== null && r.area_ha !== null) last.areas.push({ crop: r.crop, areaHa: Number(r.area_ha) });
  }
  return contracts;
}

/**
 * Measured deliveries not voided, summed per user and day (the organisation's local calendar day), exactly:
 * a stored real is read through its shortest decimal text (PostgreSQL's real::numeric keeps only
 * six digits), so 1234.567 m³ stays 1234.567, and summed here in thousandths of a m³. The rows
 * come unsummed: a season has about as many acts as user-days, and hashing them in the database
 * cost more than the sum here.
 */
export async function seasonDeliveries(
  tx: Tx,
  orgId: string,
  from: string,
  to: string,
): Promise<{ waterUserId: string; date: string; volumeM3: number }[]> {
  const timeZone = await orgTimeZone(tx, orgId);
  const found = await rows<{ water_user_id: string; day: string; volume: string }>(
    tx,
    sql`select water_user_id, (started_at at time zone ${timeZone})::date::text as day, volume_m3::text as volume
        from water_delivery
        where org_id = ${orgId} and voided_at is null
          and started_at >= (${from}::date::timestamp at time zone ${timeZone})
          and started_at < ((${to}::date + 1)::timestamp at time zone ${timeZone})`,
  );
  // Thousandths of a m³ per user and day.
  const litres = new Map<string, Map<string, number>>();
  for (const r of found) {
    const days = litres.get(r.water_user_id) ?? new Map<string, number>();
    litres.set(r.water_user_id, days);
    days.set(r.day, (days.get(r.day) ?? 0) + Math.round(Number(r.volume) * 1000));
  }
  return [...litres].flatMap(([waterUserId, days]) =>
    [...days].map(([date, l]) => ({ waterUserId, date, volumeM3: l / 1000 })),
  );
}

export interface WaterUserFact {
  id: string;
  number: number;
  displayName: string;
  villageCode: string | null;
  member: boolean;
  phone: string | null;
  locale: string;
  /** The day the user was archived, if they were. */
  archivedOn: string | null;
}

const userColumns = {
  id: waterUser.id,
  number: waterUser.number,
  displayName: waterUser.displayName,
  villageCode: waterUser.villageCode,
  member: waterUser.member,
  phone: waterUser.phone,
  locale: waterUser.locale,
  archivedOn: waterUser.archivedOn,
};

/**
 * The provider's own water users among these ids. The organisation is named, not left to row-level
 * security: a district office reads every provider of its area, and must not find their users by id.
 */
export async function waterUsersByIds(
  tx: Tx,
  orgId: string,
  ids: readonly string[],
): Promise<WaterUserFact[]> {
  if (ids.length === 0) return [];
  const found: WaterUserFact[] = [];
  // In chunks: a season has up to tens of thousands of users.
  for (let i = 0; i < ids.length; i += 5000) {
    found.push(
      ...(await tx
        .select(userColumns)
        .from(waterUser)
        .where(and(eq(waterUser.orgId, orgId), inArray(waterUser.id, ids.slice(i, i + 5000))))),
    );
  }
  return found;
}

/** A cashier's search: the user's number, or a part of the name. Archived users are left out. */
export async function findWaterUsers(
  tx: Tx,
  orgId: string,
  q: string,
  limit: number,
): Promise<WaterUserFact[]> {
  const text = q.trim();
  const byNumber = /^\d{1,9}$/.test(text) ? eq(waterUser.number, Number(text)) : undefined;
  return tx
    .select(userColumns)
    .from(waterUser)
    .where(
      and(
        eq(waterUser.orgId, orgId),
        isNull(waterUser.archivedOn),
        byNumber
          ? or(byNumber, ilike(waterUser.displayName, containsPattern(text)))
          : ilike(waterUser.displayName, containsPattern(text)),
      ),
    )
    .orderBy(asc(waterUser.number))
    .limit(limit);
}
