import { uuidv7 } from "uuidv7";
import type { Database } from "../../src/server/platform/db.js";
import { bulkInsert } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  canalReach,
  contractPlot,
  irrigatedPlot,
  season,
  waterContract,
  waterDelivery,
  waterUser,
} from "../../src/server/water/tables.js";

/**
 * A WUA's water register for billing tests, written as the system (the water users' CRUD is
 * another area's): users, a season, contracts over plots by crop, and measured deliveries.
 */
export interface BillingUserSpec {
  member?: boolean;
  villageCode?: string;
  phone?: string | null;
  tariffClass?: string;
  /** Contracted areas by crop; none means no contract. */
  areas?: { crop: string; areaHa: number }[];
  /** Deliveries: day (Bishkek) and m³. */
  deliveries?: { day: string; volumeM3: number }[];
}

export interface SeasonSpec {
  name: string;
  year: number;
  startsOn: string;
  endsOn: string;
}

export async function seedSeason(database: Database, orgId: string, spec: SeasonSpec): Promise<string> {
  const id = uuidv7();
  await withSystem(database, (tx) => tx.insert(season).values({ id, orgId, ...spec }));
  return id;
}

export async function seedWaterUsers(
  database: Database,
  orgId: string,
  seasonId: string | null,
  specs: readonly BillingUserSpec[],
  firstNumber = 1,
) {
  return withSystem(database, async (tx) => {
    const outletId = uuidv7();
    await tx.insert(canalReach).values({
      id: outletId,
      orgId,
      code: `OUT-${outletId.slice(-6)}`,
      name: "Outlet",
      kind: "outlet",
      capacityLps: 100,
    });
    const users: (typeof waterUser.$inferInsert)[] = [];
    const plots: (typeof irrigatedPlot.$inferInsert)[] = [];
    const contracts: (typeof waterContract.$inferInsert)[] = [];
    const contractPlots: (typeof contractPlot.$inferInsert)[] = [];
    const deliveries: (typeof waterDelivery.$inferInsert)[] = [];
    const ids: string[] = [];
    specs.forEach((spec, i) => {
      const id = uuidv7();
      const number = firstNumber + i;
      ids.push(id);
      users.push({
        id,
        orgId,
        number,
        kind: "person",
        surname: `Асанов${number}`,
        givenName: "Айбек",
        displayName: `Асанов${number} Айбек`,
        villageCode: spec.villageCode ?? "41703220000001",
        member: spec.member ?? true,
        phone: spec.phone === undefined ? "+996700123456" : spec.phone,
        locale: "ky",
      });
      if (seasonId && spec.areas && spec.areas.length > 0) {
        const contractId = uuidv7();
        contracts.push({
          id: contractId,
          orgId,
          seasonId,
          waterUserId: id,
          number: `C-${number}-${contractId.slice(-6)}`,
          tariffClass: spec.tariffClass ?? "standard",
          status: "signed",
          signedOn: null,
        });
        for (const a of spec.areas) {
          const plotId = uuidv7();
          plots.push({ id: plotId, orgId, waterUserId: id, outletId, areaHa: a.areaHa, tenure: "own" });
          contractPlots.push({ id: uuidv7(), orgId, contractId, plotId, cropCode: a.crop, areaHa: a.areaHa });
        }
      }
      for (const d of spec.deliveries ?? []) {
        const start = new Date(`${d.day}T08:00:00+06:00`);
        deliveries.push({
          id: uuidv7(),
          orgId,
          outletId,
          waterUserId: id,
          startedAt: start,
          endedAt: new Date(start.getTime() + 3600_000),
          volumeM3: d.volumeM3,
          method: "act",
          actNumber: `A-${uuidv7()}`,
          recordedBy: id,
        });
      }
    });
    await bulkInsert(tx, waterUser, users);
    await bulkInsert(tx, irrigatedPlot, plots);
    await bulkInsert(tx, waterContract, contracts);
    await bulkInsert(tx, contractPlot, contractPlots);
    await bulkInsert(tx, waterDelivery, deliveries);
    return ids;
  });
}
