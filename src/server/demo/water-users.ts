import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import {
  amendContract,
  draftContract,
  listContracts,
  signContract,
  signDraft,
  updateContract,
} from "../water/contracts.js";
import { decideLink, linkSuggestions, proposeLink } from "../water/links.js";
import { insertPlot, listOutlets } from "../water/plots.js";
import { createSeason } from "../water/seasons.js";
import { insertWaterUser, type WaterUserFields } from "../water/users.js";

// The demo WUA serves the four demo villages (see seed.ts).
const V = ["41703220999010", "41703220999020", "41703220999030", "41703220999040"];

/**
 * A small canal network when the demo has none yet (the network area's own demo may provide one):
 * a head intake, a main canal and three outlets, enough for plots to take water somewhere.
 */
async function ensureDemoOutlets(database: Database, ctx: RequestContext) {
  const actor = ctx.actor!;
  return withTenant(database, actor, async (tx) => {
    const existing = await listOutlets(tx, actor.orgId);
    if (existing.length > 0) return existing.map((o) => o.id);
    const head = uuidv7();
    const main = uuidv7();
    const outlets = [uuidv7(), uuidv7(), uuidv7()];
    const reach = (
      id: string,
      code: string,
      name: string,
      kind: string,
      parent: string | null,
      lps: number,
    ) => sql`(${id}, ${actor.orgId}, ${code}, ${name}, ${parent}, ${kind}, ${lps}, 0.85)`;
    await tx.execute(sql`insert into canal_reach (id, org_id, code, name, parent_id, kind, capacity_lps, efficiency) values
      ${sql.join(
        [
          reach(head, "БТ-1", "Көк-Арт баш тосмосу", "head", null, 1200),
          reach(main, "МК-1", "Көк-Арт чоң арыгы", "main", head, 1100),
          reach(outlets[0]!, "СБ-1", "Жаңы-Жол суу бөлгүчү", "outlet", main, 250),
          reach(outlets[1]!, "СБ-2", "Ак-Булак суу бөлгүчү", "outlet", main, 200),
          reach(outlets[2]!, "СБ-3", "Сары-Камыш суу бөлгүчү", "outlet", main, 150),
        ],
        sql`, `,
      )}`);
    return outlets;
  });
}

/**
 * A plot's outlet is a number counted round the network's outlets (in their codes' order), so the
 * users spread over every canal whichever network the demo has: the first three are the first
 * canal's, 11 the last canal's tail on the network area's demo (the small one here has three).
 */
type DemoUser = WaterUserFields & { plots: [outlet: number, areaHa: number, tenure: "own" | "lease"][] };

// Fictional names; the first four are people of the demo register (same PINs), to be linked.
const SURNAMES = [
  ["Абдыкадыров", "Абдыкадырова"],
  ["Бекмуратов", "Бекмуратова"],
  ["Джумабаев", "Джумабаева"],
  ["Иманалиев", "Иманалиева"],
  ["Кадыров", "Кадырова"],
  ["Мамбетов", "Мамбетова"],
  ["Нурматов", "Нурматова"],
  ["Сатыбалдиев", "Сатыбалдиева"],
] as const;
const GIVEN = [
  ["Бакыт", "male"],
  ["Жамила", "female"],
  ["Эрлан", "male"],
  ["Чолпон", "female"],
] as const;

function demoUsers(): DemoUser[] {
  const people: DemoUser[] = [
    {
      kind: "person",
      surname: "Асанов",
      givenName: "Нурбек",
      patronymic: "Токтогулович",
      pin: "21104197200101",
      villageCode: V[0],
      phone: "+996555123401",
      plots: [[0, 1.2, "own"]],
    },
    {
      kind: "person",
      surname: "Токтосунова",
      givenName: "Айгүл",
      patronymic: "Маратовна",
      pin: "10312198000104",
      villageCode: V[0],
      phone: "0700 45 67 89",
      plots: [[0, 0.6, "own"]],
    },
    {
      kind: "person",
      surname: "Мамытов",
      givenName: "Бакыт",
      patronymic: "Эсенович",
      pin: "20808196800106",
      villageCode: V[1],
      plots: [
        [1, 2.5, "own"],
        [1, 1, "lease"],
      ],
    },
    {
      kind: "person",
      surname: "Рахимов",
      givenName: "Алишер",
      patronymic: "Юсупович",
      pin: "21703198500109",
      villageCode: V[2],
      locale: "uz",
      plots: [[2, 1.8, "own"]],
    },
  ];
  for (let i = 0; i < 32; i++) {
    const [male, female] = SURNAMES[i % SURNAMES.length]!;
    const [given, sex] = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
    people.push({
      kind: "person",
      surname: sex === "male" ? male : female,
      givenName: given,
      villageCode: V[i % V.length],
      member: i % 7 !== 3,
      phone: i % 3 === 0 ? `+996555100${String(1000 + i).slice(1)}` : null,
      plots: [[i, Math.round((0.3 + ((i * 37) % 40) / 10) * 100) / 100, i % 5 === 0 ? "lease" : "own"]],
    });
  }
  return [
    ...people,
    {
      kind: "legal-entity",
      legalName: "Жаңы-Жол орто мектеби",
      legalEntityKind: "school",
      villageCode: V[0],
      plots: [[0, 0.5, "own"]],
    },
    {
      kind: "legal-entity",
      legalName: "«Береке» айыл чарба кооперативи",
      legalEntityKind: "cooperative",
      taxId: "02304201910123",
      villageCode: V[1],
      plots: [[4, 12, "lease"]],
    },
    {
      kind: "legal-entity",
      legalName: "Жаңы-Жол айыл өкмөтү (коомдук бак)",
      legalEntityKind: "municipality",
      taxId: "01234567890123",
      villageCode: V[0],
      member: false,
      plots: [[0, 0.8, "own"]],
    },
    {
      kind: "legal-entity",
      legalName: "«Сары-Камыш» дыйкан чарбасы",
      legalEntityKind: "farm",
      villageCode: V[3],
      plots: [[11, 6.5, "own"]],
    },
  ];
}

const CROP_ROTATION = [
  "maize-grain",
  "winter-wheat",
  "potato",
  "alfalfa",
  "orchard",
  "beans-dry",
  "sunflower",
];

/**
 * The demo WUA's water register: ~40 users (people, a school, a cooperative, the municipality's
 * garden, a farm), their plots spread over the network's outlets, the 2026 season with contracts (most signed, some
 * drafts, one amended), and links to the demo register (three confirmed by the clerk, one pending).
 */
export async function loadDemoWaterUsers(database: Database, wua: RequestContext, clerk: RequestContext) {
  const outlets = await ensureDemoOutlets(database, wua);
  const season = await createSeason(database, wua, {
    year: 2026,
    name: "Вегетация 2026",
    startsOn: "2026-04-01",
    endsOn: "2026-09-30",
  });
  // One transaction for the bulk of it: the embedded database commits to disk once, not 150 times.
  const created = await withTenant(database, wua.actor!, async (tx) => {
    const out = [];
    for (const [i, { plots, ...fields }] of demoUsers().entries()) {
      const user = await insertWaterUser(tx, wua, fields);
      const lines = [];
      for (const [outlet, areaHa, tenure] of plots) {
        const plot = await insertPlot(tx, wua, user.id, {
          outletId: outlets[outlet % outlets.length]!,
          areaHa,
          tenure,
          cadastralNumber: `4-03-22-${String(1000 + i * 3 + lines.length)}`,
        });
        lines.push({
          plotId: plot.id,
          cropCode: CROP_ROTATION[(i + lines.length) % CROP_ROTATION.length]!,
          areaHa,
        });
      }
      out.push({ user, lines });
      if (i % 9 === 8) continue; // a few users have no contract yet
      const contract = await draftContract(tx, wua, {
        seasonId: season.id,
        waterUserId: user.id,
        plots: lines,
      });
      if (i % 6 === 5) continue; // a few contracts stay drafts
      await signDraft(tx, wua, contract.id, { version: 1, signedOn: "2026-03-20" });
    }
    return out;
  });
  // Мамытов moved part of his maize to potatoes in May: an amendment replaces his contract.
  const mamytov = created[2]!;
  const [signed] = (
    await listContracts(database, wua, { waterUserId: mamytov.user.id, page: 1, pageSize: 1 })
  ).items;
  const amendment = await amendContract(database, wua, signed!.id);
  await updateContract(database, wua, amendment.id, {
    version: 1,
    plots: [
      { plotId: mamytov.lines[0]!.plotId, cropCode: "maize-grain", areaHa: 1.5 },
      { plotId: mamytov.lines[0]!.plotId, cropCode: "potato", areaHa: 1 },
      { plotId: mamytov.lines[1]!.plotId, cropCode: "alfalfa", areaHa: 1 },
    ],
  });
  await signContract(database, wua, amendment.id, { version: 2, signedOn: "2026-05-12" });
  // The first four are people of the demo register: three links confirmed by the clerk, one pending.
  for (const [i, { user }] of created.slice(0, 4).entries()) {
    const [candidate] = await linkSuggestions(database, wua, user.id);
    const link = await proposeLink(database, wua, user.id, { personId: candidate!.personId });
    if (i < 3) await decideLink(database, clerk, link.id, { decision: "confirm", version: link.version });
  }
}
