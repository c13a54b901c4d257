import type { Role } from "../../src/server/access/roles.js";
import { type Client, login, seedOrganisation, type TestApp } from "./app.js";
import { type SeasonSpec, seedSeason } from "./billing-fixtures.js";

/**
 * A Water Users Association as the water, billing and allocation tests start from: the
 * organisation, its staff (one user per role set, each logged in) and, for billing, its 2026
 * season. What a test writes into the register (canals, users, plots) stays the test's own.
 */

/** Where a WUA works: the aimak and the villages it serves (the seed's defaults when not named). */
export interface WuaPlace {
  adminUnitCode?: string;
  villageCodes?: string[];
}

/** The irrigation season the billing tests bill: April to October 2026. */
export const SEASON_2026: SeasonSpec = {
  name: "2026",
  year: 2026,
  startsOn: "2026-04-01",
  endsOn: "2026-10-31",
};

/**
 * A WUA and its staff, each logged in: `as.accountant` is a client of the user named
 * `accountant`. `users` keeps their ids and usernames.
 */
export async function seedWuaWithStaff<Name extends string>(
  t: TestApp,
  staff: Record<Name, Role[]>,
  place: WuaPlace = {},
) {
  const wua = await seedOrganisation(t.database, {
    kind: "water-provider",
    providerType: "wua",
    ...place,
    users: staff,
  });
  const as = {} as Record<Name, Client>;
  for (const name of Object.keys(staff) as Name[]) as[name] = await login(t.app, wua.users[name]!.username);
  return { org: wua.org, users: wua.users as Record<Name, { id: string; username: string }>, as };
}

/** A WUA, its staff logged in and its 2026 season. */
export async function seedWuaWithSeason<Name extends string>(t: TestApp, staff: Record<Name, Role[]>) {
  const wua = await seedWuaWithStaff(t, staff);
  return { ...wua, seasonId: await seedSeason(t.database, wua.org.id, SEASON_2026) };
}
