import { DEFAULT_TIME_ZONE } from "../../domain/shared/local-time.js";
import type { Role } from "../access/roles.js";
import { createUserAsSystem } from "../access/system-users.js";
import { createOrganisation } from "../orgs/service.js";
import { importUnits } from "../places/service.js";
import { type RequestContext, systemContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { withSystem } from "../platform/transactions.js";
import { loadDemoAllocation } from "./allocation.js";
import { loadDemoBilling } from "./billing.js";
import { loadDemoMeasurement } from "./measurement.js";
import { loadDemoNetwork } from "./network.js";
import { loadDemoPlanning } from "./planning.js";
import { loadDemoRegister, loadNeighbourRegister } from "./register.js";
import { deliverDemoOutbox } from "./sms.js";
import { loadDemoWaterUsers } from "./water-users.js";

/** The demo password of every demo login; printed at start-up, never used outside the demo. */
export const DEMO_PASSWORD = "aimak-demo-2026";

// A fictional ayil aimak in Suzak rayon, Jalal-Abad oblast. The codes use a range (…999…) that the
// real СОАТЕ does not, so demo data can never be mistaken for a real place.
const SUZAK = "41703220000000";
const DEMO_AIMAK = "41703220999000";
const DEMO_VILLAGES = [
  { code: "41703220999010", ky: "Жаңы-Жол", ru: "Жаны-Жол" },
  { code: "41703220999020", ky: "Көк-Арт", ru: "Кок-Арт" },
  { code: "41703220999030", ky: "Ак-Булак", ru: "Ак-Булак" },
  { code: "41703220999040", ky: "Сары-Камыш", ru: "Сары-Камыш" },
];
// A second, smaller ayil aimak in the same rayon, so that the district sees someone two of its
// municipalities count (see loadNeighbourRegister). Its code sorts after the first's.
const NEIGHBOUR_AIMAK = "41703220999500";
const NEIGHBOUR_VILLAGE = { code: "41703220999510", ky: "Ак-Таш", ru: "Ак-Таш" };

export const DEMO_LOGINS: {
  username: string;
  displayName: string;
  org: "municipality" | "neighbour" | "wua" | "district";
  roles: Role[];
}[] = [
  {
    username: "admin",
    displayName: "Асанова Жыпар Токтосуновна",
    org: "municipality",
    roles: ["administrator", "head"],
  },
  { username: "clerk", displayName: "Маматов Бакыт Эсенович", org: "municipality", roles: ["clerk"] },
  {
    username: "social",
    displayName: "Турдуева Гүлнара Асановна",
    org: "municipality",
    roles: ["social-worker"],
  },
  {
    username: "wua",
    displayName: "Осмонов Нурлан Кубатович",
    org: "wua",
    roles: ["wua-director", "administrator"],
  },
  { username: "accountant", displayName: "Исакова Айгүл Маратовна", org: "wua", roles: ["accountant"] },
  { username: "mirab", displayName: "Жумабаев Талант Акылбекович", org: "wua", roles: ["water-master"] },
  { username: "district", displayName: "Сыдыков Марат Бекович", org: "district", roles: ["head", "auditor"] },
  { username: "clerk2", displayName: "Бейшеналиева Нургүл Асановна", org: "neighbour", roles: ["clerk"] },
];

/** A clerk keeping a municipality's register, as the demo writes it. */
function clerkOf(userId: string, username: string, orgId: string): RequestContext {
  return {
    requestId: "demo",
    locale: "ky",
    client: "system",
    actor: { userId, username, orgId, roles: ["clerk"], readOrgIds: [orgId], timeZone: DEFAULT_TIME_ZONE },
  };
}

/**
 * Loads the demo: one municipality with four villages, a WUA serving them, a small neighbouring
 * municipality, and the district office of both.
 */
export async function loadDemo(database: Database, onProgress: (step: string) => void = () => {}) {
  const ctx = systemContext("demo");
  const userIds: Record<string, string> = {};
  let municipalityId = "";
  let neighbourId = "";
  let wuaId = "";
  await withSystem(database, async (tx) => {
    onProgress("places");
    await importUnits(tx, {
      source: "Aimak demo (fictional)",
      countryCode: "KG",
      validFrom: "2024-01-01",
      units: [
        {
          code: DEMO_AIMAK,
          level: "ayil-aimak",
          parent: SUZAK,
          name: { ky: "Жаңы-Жол айыл аймагы", ru: "Жаны-Жольский айылный аймак", en: "Jangy-Jol (demo)" },
        },
        ...DEMO_VILLAGES.map((v) => ({
          code: v.code,
          level: "village" as const,
          parent: DEMO_AIMAK,
          name: { ky: v.ky, ru: v.ru },
        })),
        {
          code: NEIGHBOUR_AIMAK,
          level: "ayil-aimak",
          parent: SUZAK,
          name: { ky: "Ак-Таш айыл аймагы", ru: "Ак-Ташский айылный аймак", en: "Ak-Tash (demo)" },
        },
        {
          code: NEIGHBOUR_VILLAGE.code,
          level: "village",
          parent: NEIGHBOUR_AIMAK,
          name: { ky: NEIGHBOUR_VILLAGE.ky, ru: NEIGHBOUR_VILLAGE.ru },
        },
      ],
    });
    onProgress("organisations");
    const municipality = await createOrganisation(tx, ctx, {
      kind: "ayil-okmotu",
      name: { ky: "Жаңы-Жол айыл өкмөтү", ru: "Айыл окмоту Жаны-Жол" },
      adminUnitCode: DEMO_AIMAK,
      details: {
        address: "Жаңы-Жол айылы, Ленин көч., 1",
        phone: "+996 3722 5 10 10",
        taxId: "01234567890123",
        headName: "Асанова Ж. Т.",
      },
    });
    const wua = await createOrganisation(tx, ctx, {
      kind: "water-provider",
      providerType: "wua",
      name: {
        ky: "«Көк-Арт» суу пайдалануучулар ассоциациясы",
        ru: "Ассоциация водопользователей «Кок-Арт»",
      },
      adminUnitCode: DEMO_AIMAK,
      villageCodes: DEMO_VILLAGES.map((v) => v.code),
      details: { address: "Көк-Арт айылы", phone: "+996 3722 5 20 20", headName: "Осмонов Н. К." },
    });
    const neighbour = await createOrganisation(tx, ctx, {
      kind: "ayil-okmotu",
      name: { ky: "Ак-Таш айыл өкмөтү", ru: "Айыл окмоту Ак-Таш" },
      adminUnitCode: NEIGHBOUR_AIMAK,
      details: { address: "Ак-Таш айылы, Борбор көч., 2", phone: "+996 3722 5 30 30" },
    });
    const district = await createOrganisation(tx, ctx, {
      kind: "district-office",
      name: { ky: "Сузак районунун администрациясы", ru: "Администрация Сузакского района" },
      adminUnitCode: SUZAK,
    });
    const orgIds = {
      municipality: municipality.id,
      neighbour: neighbour.id,
      wua: wua.id,
      district: district.id,
    };
    municipalityId = municipality.id;
    neighbourId = neighbour.id;
    wuaId = wua.id;
    onProgress("users");
    for (const login of DEMO_LOGINS) {
      userIds[login.username] = await createUserAsSystem(tx, ctx, {
        orgId: orgIds[login.org],
        username: login.username,
        displayName: login.displayName,
        password: DEMO_PASSWORD,
        locale: "ky",
        roles: login.roles,
      });
    }
  });
  onProgress("household register");
  const clerk = clerkOf(userIds.clerk!, "clerk", municipalityId);
  await loadDemoRegister(database, clerk);
  await loadNeighbourRegister(
    database,
    clerkOf(userIds.clerk2!, "clerk2", neighbourId),
    NEIGHBOUR_VILLAGE.code,
  );
  onProgress("canal network");
  await loadDemoNetwork(database, {
    requestId: "demo",
    locale: "ky",
    client: "system",
    actor: {
      userId: userIds.wua!,
      username: "wua",
      orgId: wuaId,
      roles: ["wua-director", "administrator"],
      readOrgIds: [wuaId],
      timeZone: DEFAULT_TIME_ZONE,
    },
  });
  onProgress("water users");
  await loadDemoWaterUsers(
    database,
    {
      ...clerk,
      actor: {
        userId: userIds.wua!,
        username: "wua",
        orgId: wuaId,
        roles: ["wua-director", "administrator"],
        readOrgIds: [wuaId],
        timeZone: DEFAULT_TIME_ZONE,
      },
    },
    clerk,
  );
  onProgress("water measurement");
  await loadDemoMeasurement(database, wuaId, userIds.mirab!);
  const accountant: RequestContext = {
    requestId: "demo",
    locale: "ky",
    client: "system",
    actor: {
      userId: userIds.accountant!,
      username: "accountant",
      orgId: wuaId,
      roles: ["accountant"],
      readOrgIds: [wuaId],
      timeZone: DEFAULT_TIME_ZONE,
    },
  };
  onProgress("water-use planning");
  await loadDemoPlanning(database, accountant);
  onProgress("billing");
  await loadDemoBilling(database, accountant);
  onProgress("allocation");
  await loadDemoAllocation(database, {
    ...accountant,
    actor: {
      ...accountant.actor!,
      userId: userIds.wua!,
      username: "wua",
      roles: ["wua-director", "administrator"],
    },
  });
  onProgress("SMS");
  await deliverDemoOutbox(database);
}
