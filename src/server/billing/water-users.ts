import type { Tx } from "../platform/db.js";
import { type WaterUserFact, waterUsersByIds } from "../water/billing-facts.js";

/** The water users these rows name, by id, each read once however often the rows repeat them. */
export async function usersById(
  tx: Tx,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, WaterUserFact>> {
  return new Map((await waterUsersByIds(tx, orgId, [...new Set(ids)])).map((u) => [u.id, u]));
}

/** The rows with their water user's number and name, as lists and workbooks show them. */
export async function withUserNames<T extends { waterUserId: string }>(
  tx: Tx,
  orgId: string,
  found: readonly T[],
) {
  const users = await usersById(
    tx,
    orgId,
    found.map((r) => r.waterUserId),
  );
  return found.map((r) => ({
    ...r,
    userNumber: users.get(r.waterUserId)?.number ?? 0,
    userName: users.get(r.waterUserId)?.displayName ?? "",
  }));
}
