import { uuidv7 } from "uuidv7";
import { waterPlan, weatherStation } from "../../src/server/planning/tables.js";
import type { Database } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  canalReach,
  irrigatedPlot,
  season,
  waterDelivery,
  waterUser,
  waterUserLink,
} from "../../src/server/water/tables.js";

/**
 * A small WUA written straight into the water register's tables: a season, a canal tree and users
 * with plots at its outlets. Reaches are [code, parent code | null, kind, capacity l/s, efficiency];
 * users are [name, outlet code, area ha, phone | null].
 */
export async function seedWua(
  database: Database,
  orgId: string,
  network: [string, string | null, "head" | "main" | "secondary" | "tertiary" | "outlet", number, number][],
  users: [string, string, number, string | null][],
) {
  const reachIds = new Map(network.map(([code]) => [code, uuidv7()]));
  const userIds = new Map<string, string>();
  const seasonId = uuidv7();
  await withSystem(database, async (tx) => {
    await tx.insert(season).values({
      id: seasonId,
      orgId,
      year: 2026,
      name: "2026",
      startsOn: "2026-04-01",
      endsOn: "2026-09-30",
    });
    await tx.insert(canalReach).values(
      network.map(([code, parent, kind, capacityLps, efficiency]) => ({
        id: reachIds.get(code)!,
        orgId,
        code,
        name: `Канал ${code}`,
        parentId: parent ? reachIds.get(parent)! : null,
        kind,
        capacityLps,
        efficiency,
      })),
    );
    let number = 0;
    for (const [name, outlet, areaHa, phone] of users) {
      const id = uuidv7();
      userIds.set(name, id);
      await tx.insert(waterUser).values({
        id,
        orgId,
        number: ++number,
        kind: "person",
        surname: name,
        givenName: "Test",
        displayName: `${name} Test`,
        phone,
        locale: number % 2 ? "ky" : "ru",
      });
      await tx.insert(irrigatedPlot).values({
        id: uuidv7(),
        orgId,
        waterUserId: id,
        outletId: reachIds.get(outlet)!,
        areaHa,
        tenure: "own",
      });
    }
  });
  return { seasonId, reachIds, userIds };
}

/** A link to a person of a municipality's register, as confirmed by the municipality. */
export async function confirmLink(
  database: Database,
  link: { orgId: string; waterUserId: string; municipalityOrgId: string; personId: string; by: string },
) {
  await withSystem(database, (tx) =>
    tx.insert(waterUserLink).values({
      id: uuidv7(),
      orgId: link.orgId,
      waterUserId: link.waterUserId,
      municipalityOrgId: link.municipalityOrgId,
      personId: link.personId,
      status: "confirmed",
      proposedBy: link.by,
      proposedAt: new Date(),
      decidedBy: link.by,
      decidedAt: new Date(),
    }),
  );
}

let actCounter = 0;

/** A delivery act as the measurement pages record it. */
export async function recordDelivery(
  database: Database,
  d: {
    orgId: string;
    outletId: string;
    waterUserId: string;
    startedAt: string;
    volumeM3: number;
    by: string;
    voided?: boolean;
  },
) {
  const started = new Date(d.startedAt);
  await withSystem(database, (tx) =>
    tx.insert(waterDelivery).values({
      id: uuidv7(),
      orgId: d.orgId,
      outletId: d.outletId,
      waterUserId: d.waterUserId,
      startedAt: started,
      endedAt: new Date(started.getTime() + 3_600_000),
      volumeM3: d.volumeM3,
      method: "act",
      actNumber: `T-${++actCounter}`,
      recordedBy: d.by,
      ...(d.voided ? { voidedAt: new Date(), voidReason: "test" } : {}),
    }),
  );
}

/** A version of the season's plan with each user's gross requirement per decade (only what allocation reads). */
export async function seedPlan(
  database: Database,
  p: { orgId: string; seasonId: string; by: string; decades: string[]; grossM3: Map<string, number[]> },
) {
  const stationId = uuidv7();
  const planId = uuidv7();
  const users = [...p.grossM3].map(([waterUserId, grossM3]) => ({
    waterUserId,
    name: waterUserId,
    areaHa: 1,
    netM3: grossM3,
    grossM3,
  }));
  const result = {
    decades: p.decades,
    climate: [],
    users,
    reaches: [],
    headM3: [],
    headTotalM3: 0,
    kcAdjustments: [],
  };
  await withSystem(database, async (tx) => {
    await tx.insert(weatherStation).values({
      id: stationId,
      orgId: p.orgId,
      name: "Станция",
      latitudeDeg: 42.5,
      longitudeDeg: 74.6,
      altitudeM: 800,
    });
    await tx.insert(waterPlan).values({
      id: planId,
      orgId: p.orgId,
      seasonId: p.seasonId,
      planNumber: 1,
      stationId,
      rainMethod: { kind: "usda-scs" },
      madeBy: p.by,
      madeAt: new Date(),
      headTotalM3: 0,
      result: result as never,
    });
  });
  return planId;
}
