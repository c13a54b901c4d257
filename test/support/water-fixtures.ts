import { uuidv7 } from "uuidv7";
import type { Database } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  canalReach,
  canalStructure,
  irrigatedPlot,
  season,
  waterCounter,
  waterUser,
} from "../../src/server/water/tables.js";

/**
 * A WUA's small network for tests: a head intake feeding a main canal with two outlets, gauging
 * posts on the head (rectangular weir 1 m, suppressed), the main canal (rating table) and outlet 1
 * (90° V-notch); three users (two at outlet 1, one at outlet 2) and the 2026 season.
 */
export async function seedWaterNetwork(database: Database, orgId: string) {
  const id = () => uuidv7();
  const ids = {
    head: id(),
    main: id(),
    outlet1: id(),
    outlet2: id(),
    headPost: id(),
    mainPost: id(),
    outlet1Post: id(),
    gate: id(),
    user1: id(),
    user2: id(),
    user3: id(),
    plot1: id(),
    plot2: id(),
    plot3: id(),
    season: id(),
  };
  const reach = (
    rowId: string,
    code: string,
    kind: "head" | "main" | "outlet",
    parentId: string | null,
    capacityLps: number,
  ) => ({
    id: rowId,
    orgId,
    code,
    name: `Канал ${code}`,
    kind,
    parentId,
    capacityLps,
    efficiency: 0.9,
  });
  const user = (rowId: string, number: number, surname: string) => ({
    id: rowId,
    orgId,
    number,
    kind: "person" as const,
    surname,
    givenName: "Айбек",
    displayName: `${surname} Айбек`,
  });
  await withSystem(database, async (tx) => {
    await tx
      .insert(canalReach)
      .values([
        reach(ids.head, "БК", "head", null, 2000),
        reach(ids.main, "МК-1", "main", ids.head, 1500),
        reach(ids.outlet1, "В-1", "outlet", ids.main, 200),
        reach(ids.outlet2, "В-2", "outlet", ids.main, 200),
      ]);
    await tx.insert(canalStructure).values([
      {
        id: ids.headPost,
        orgId,
        reachId: ids.head,
        code: "ГП-1",
        name: "Баш гидропост",
        kind: "gauging-post",
        gauge: { kind: "rectangular-weir", crestWidthM: 1, contracted: false },
      },
      {
        id: ids.mainPost,
        orgId,
        reachId: ids.main,
        code: "ГП-2",
        name: "МК-1 гидропосту",
        kind: "gauging-post",
        gauge: {
          kind: "rating-table",
          points: [
            { levelM: 0, flowLps: 0 },
            { levelM: 1, flowLps: 1000 },
          ],
        },
      },
      {
        id: ids.outlet1Post,
        orgId,
        reachId: ids.outlet1,
        code: "ГП-3",
        name: "В-1 гидропосту",
        kind: "gauging-post",
        gauge: { kind: "v-notch-90" },
      },
      { id: ids.gate, orgId, reachId: ids.main, code: "Ш-1", name: "Шлюз", kind: "gate", gauge: null },
    ]);
    await tx
      .insert(waterUser)
      .values([user(ids.user1, 1, "Асанов"), user(ids.user2, 2, "Бекова"), user(ids.user3, 3, "Токтогулов")]);
    // The numbers taken, as the register's routes count them, so a user added by a test is No. 4.
    await tx.insert(waterCounter).values({ orgId, series: "water-user", last: 3 });
    await tx.insert(irrigatedPlot).values([
      {
        id: ids.plot1,
        orgId,
        waterUserId: ids.user1,
        outletId: ids.outlet1,
        areaHa: 2.5,
        tenure: "own",
        cadastralNumber: "4-01-001",
      },
      { id: ids.plot2, orgId, waterUserId: ids.user2, outletId: ids.outlet1, areaHa: 1.2, tenure: "lease" },
      { id: ids.plot3, orgId, waterUserId: ids.user3, outletId: ids.outlet2, areaHa: 3, tenure: "own" },
    ]);
    await tx.insert(season).values({
      id: ids.season,
      orgId,
      year: 2026,
      name: "2026",
      startsOn: "2026-05-01",
      endsOn: "2026-05-20",
    });
  });
  return ids;
}
