import { sql } from "drizzle-orm";
import type { LocalizedText } from "../../domain/places/units.js";
import { addressKey } from "../../domain/registry/address-key.js";
import { type Executor, rows, type Tx } from "../platform/db.js";

/**
 * The names of these villages, every language of every version, by code: what a household's
 * address key says of its village (see addressKey). A renamed village keeps its former names there,
 * as people go on saying them for years.
 */
export async function villageNames(
  executor: Executor,
  codes: readonly string[],
): Promise<Map<string, string[]>> {
  if (codes.length === 0) return new Map();
  const found = await rows<{ code: string; name: LocalizedText }>(
    executor,
    sql`select code, name from admin_unit_version
      where code = any(${sql.param([...new Set(codes)])}::text[]) order by code, valid_from desc`,
  );
  const names = new Map<string, string[]>();
  for (const v of found) names.set(v.code, [...new Set([...(names.get(v.code) ?? []), ...namesOf(v.name)])]);
  return names;
}

const namesOf = (name: LocalizedText) => Object.values(name).filter((n): n is string => Boolean(n));

/** A household's address key, its village's names read from the places. */
export async function addressKeyOf(
  executor: Executor,
  address: { villageCode: string; street: string | null; house: string | null },
): Promise<string> {
  const names = await villageNames(executor, [address.villageCode]);
  return addressKey({ ...address, villageNames: names.get(address.villageCode) ?? [] });
}

/** Households keyed per statement when filling: a national book's 1.5 million take 300 of them. */
const FILL_BATCH = 5_000;

/**
 * Gives every household written before its address had a key (migration 0042) its key, in
 * batches; a register whose households all have one reads an empty index. Run as the system role
 * when the database is prepared: the folding is the application's, not the database's.
 */
export async function fillAddressKeys(tx: Tx): Promise<number> {
  let filled = 0;
  // In the primary key's order from where the last batch ended (household_address_key_missing).
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await rows<{
      id: string;
      villageCode: string;
      street: string | null;
      house: string | null;
    }>(
      tx,
      sql`select h.id, h.village_code as "villageCode", h.street, h.house from household h
        where h.address_key is null and h.id > ${after} order by h.id limit ${FILL_BATCH}`,
    );
    if (batch.length === 0) return filled;
    after = batch.at(-1)!.id;
    const names = await villageNames(
      tx,
      batch.map((h) => h.villageCode),
    );
    const keys = batch.map((h) =>
      addressKey({ villageNames: names.get(h.villageCode) ?? [], street: h.street, house: h.house }),
    );
    await tx.execute(
      sql`update household h set address_key = k.key
        from unnest(${sql.param(batch.map((h) => h.id))}::uuid[], ${sql.param(keys)}::text[]) k(id, key)
        where h.id = k.id`,
    );
    filled += batch.length;
  }
}

/**
 * Keys the addresses of a village's households again, in every organisation, after its names
 * changed (`aimak places rename`): a search by its new name finds them, and by its former ones still.
 * Run as the system role.
 */
export async function rekeyVillage(tx: Tx, villageCode: string): Promise<number> {
  await tx.execute(sql`update household set address_key = null where village_code = ${villageCode}`);
  return fillAddressKeys(tx);
}
