import { and, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Tx } from "../platform/db.js";
import { canalReach, contractPlot, irrigatedPlot, season, waterContract, waterUser } from "./tables.js";

/**
 * A minimal water register for the demo WUA, so the planning pages have users, plots, contracts
 * and a canal tree to plan for. Written by the planning work (issue 5) while the register's own
 * demo data did not exist yet; it does nothing when the WUA already has the season, so the water
 * register's demo, once merged, takes precedence.
 */
export async function ensureDemoWaterRegister(tx: Tx, orgId: string, year: number) {
  const [existing] = await tx
    .select({ id: season.id })
    .from(season)
    .where(and(eq(season.orgId, orgId), eq(season.year, year)));
  if (existing) return existing.id;

  const reach = (
    code: string,
    name: string,
    kind: "head" | "main" | "secondary" | "outlet",
    parentId: string | null,
    efficiency: number,
    capacityLps: number,
  ) => ({
    id: uuidv7(),
    orgId,
    code,
    name,
    kind,
    parentId,
    efficiency,
    capacityLps,
    lining: "earth" as const,
  });
  const head = reach("БК", "Баш тосмо", "head", null, 0.95, 1500);
  const main = reach("МК-1", "Көк-Арт магистралдык каналы", "main", head.id, 0.85, 1200);
  const r1 = reach("Р-1", "Биринчи бөлүштүргүч", "secondary", main.id, 0.8, 500);
  const r2 = reach("Р-2", "Экинчи бөлүштүргүч", "secondary", main.id, 0.8, 500);
  const outlets = [
    reach("Р-1-1", "Р-1 суу бөлгүчү 1", "outlet", r1.id, 1, 120),
    reach("Р-1-2", "Р-1 суу бөлгүчү 2", "outlet", r1.id, 1, 120),
    reach("Р-2-1", "Р-2 суу бөлгүчү 1", "outlet", r2.id, 1, 120),
  ];
  await tx.insert(canalReach).values([head, main, r1, r2, ...outlets]);

  const people: [string, string, string, number, string, number][] = [
    // surname, given name, patronymic, outlet, crop, hectares
    ["Маматов", "Бакыт", "Эсенович", 0, "maize-grain", 3.5],
    ["Осмонова", "Айпери", "Таалайбековна", 0, "cotton", 2],
    ["Токтосунов", "Нурбек", "Асанович", 1, "winter-wheat", 5],
    ["Жээнбекова", "Гүлзат", "Маратовна", 1, "potato", 1.2],
    ["Абдыкадыров", "Талант", "Сапарбекович", 2, "alfalfa", 2.5],
    ["Сыдыкова", "Бурул", "Каныбековна", 2, "orchard", 1.5],
  ];
  const seasonId = uuidv7();
  await tx.insert(season).values({
    id: seasonId,
    orgId,
    year,
    name: `${year}-жылдын сугат сезону`,
    startsOn: `${year}-04-01`,
    endsOn: `${year}-09-30`,
  });
  for (const [i, [surname, givenName, patronymic, outlet, cropCode, areaHa]] of people.entries()) {
    const userId = uuidv7();
    const plotId = uuidv7();
    const contractId = uuidv7();
    await tx.insert(waterUser).values({
      id: userId,
      orgId,
      number: i + 1,
      kind: "person",
      surname,
      givenName,
      patronymic,
      displayName: `${surname} ${givenName} ${patronymic}`,
    });
    await tx.insert(irrigatedPlot).values({
      id: plotId,
      orgId,
      waterUserId: userId,
      outletId: outlets[outlet]!.id,
      cadastralNumber: `4-03-22-0999-${String(100 + i)}`,
      areaHa,
      tenure: "own",
    });
    await tx.insert(waterContract).values({
      id: contractId,
      orgId,
      seasonId,
      waterUserId: userId,
      number: `${year}-${String(i + 1).padStart(6, "0")}`,
      tariffClass: "member",
      status: "signed",
      signedOn: `${year}-03-01`,
    });
    await tx.insert(contractPlot).values({ id: uuidv7(), orgId, contractId, plotId, cropCode, areaHa });
  }
  return seasonId;
}
