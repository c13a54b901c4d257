import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Database } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  canalReach,
  contractPlot,
  irrigatedPlot,
  season,
  waterContract,
  waterCounter,
  waterUser,
} from "../../src/server/water/tables.js";

/**
 * A small water register for planning tests: a head, a main canal (efficiency 0.8), two outlets,
 * two users with a plot each and signed contracts for the 2026 season. Written as the system,
 * straight into the water area's tables: the register's own routes are another helper's work.
 */
export async function seedWaterRegister(database: Database, orgId: string, year = 2026) {
  return withSystem(database, async (tx) => {
    const id = () => uuidv7();
    const head = {
      id: id(),
      orgId,
      code: "H",
      name: "Head",
      kind: "head" as const,
      capacityLps: 2000,
      efficiency: 0.9,
    };
    const main = {
      id: id(),
      orgId,
      code: "M-1",
      name: "Main canal",
      kind: "main" as const,
      parentId: head.id,
      capacityLps: 1500,
      efficiency: 0.8,
    };
    const outlets = [1, 2].map((n) => ({
      id: id(),
      orgId,
      code: `O-${n}`,
      name: `Outlet ${n}`,
      kind: "outlet" as const,
      parentId: main.id,
      capacityLps: 100,
      efficiency: 1,
    }));
    await tx.insert(canalReach).values([head, main, ...outlets]);
    const users = [
      {
        id: id(),
        orgId,
        number: 1,
        kind: "person" as const,
        surname: "Асанов",
        givenName: "Бакыт",
        displayName: "Асанов Бакыт",
      },
      {
        id: id(),
        orgId,
        number: 2,
        kind: "person" as const,
        surname: "Токтогулова",
        givenName: "Айгүл",
        displayName: "Токтогулова Айгүл",
      },
    ];
    await tx.insert(waterUser).values(users);
    // The numbers taken, as the register's routes count them, so a user added by a test is No. 3.
    await tx.insert(waterCounter).values({ orgId, series: "water-user", last: users.length });
    const plots = users.map((u, i) => ({
      id: id(),
      orgId,
      waterUserId: u.id,
      outletId: outlets[i]!.id,
      areaHa: 3,
      tenure: "own" as const,
    }));
    await tx.insert(irrigatedPlot).values(plots);
    const seasonRow = {
      id: id(),
      orgId,
      year,
      name: `Season ${year}`,
      startsOn: `${year}-04-01`,
      endsOn: `${year}-09-30`,
    };
    await tx.insert(season).values(seasonRow);
    const contracts = users.map((u, i) => ({
      id: id(),
      orgId,
      seasonId: seasonRow.id,
      waterUserId: u.id,
      number: `${year}-00000${i + 1}`,
      tariffClass: "member",
      status: "signed" as const,
      signedOn: `${year}-03-01`,
    }));
    await tx.insert(waterContract).values(contracts);
    await tx.insert(contractPlot).values(
      contracts.map((c, i) => ({
        id: id(),
        orgId,
        contractId: c.id,
        plotId: plots[i]!.id,
        cropCode: "maize-grain",
        areaHa: 2.5,
      })),
    );
    return { season: seasonRow, users, plots, reaches: { head, main, outlets } };
  });
}

/** Closes a season as the water register will when its books are locked. */
export async function closeSeason(database: Database, seasonId: string) {
  await withSystem(database, (tx) =>
    tx.update(season).set({ closedAt: new Date() }).where(eq(season.id, seasonId)),
  );
}
