import type { PersonInput } from "../../domain/registry/person.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { issueCertificate } from "../registry/certificates.js";
import { setFlag } from "../registry/flags.js";
import {
  addLandPlot,
  createHousehold,
  householdCard,
  type LandPlotInput,
  type NewHousehold,
  recordLivestock,
  withRegister,
} from "../registry/households.js";
import { recordLifeEvent } from "../registry/life-events.js";

type Relation = NewHousehold["members"][number]["relation"];
type LandCategory = LandPlotInput["category"];

// Fictional people (PINs follow the published structure but are made up) in the demo villages.
const V = ["41703220999010", "41703220999020", "41703220999030", "41703220999040"];

interface DemoHousehold {
  village: number;
  street: string;
  house: string;
  phone?: string;
  members: [Relation, PersonInput][];
  land?: [LandCategory, number, "owned" | "leased"][];
  livestock?: Record<string, number>;
}

const p = (
  surname: string,
  givenName: string,
  patronymic: string,
  sex: "female" | "male",
  birthDate: string,
  pin?: string,
  extra: Partial<PersonInput> = {},
): PersonInput => ({ surname, givenName, patronymic, sex, birthDate, pin: pin ?? null, ...extra });

const HOUSEHOLDS: DemoHousehold[] = [
  {
    village: 0,
    street: "Манас көчөсү",
    house: "12",
    phone: "+996555123401",
    members: [
      ["head", p("Асанов", "Нурбек", "Токтогулович", "male", "1972-04-11", "21104197200101")],
      ["spouse", p("Асанова", "Гүлнара", "Бакытовна", "female", "1976-09-02", "10209197600102")],
      ["son", p("Асанов", "Айбек", "Нурбекович", "male", "2001-01-15", "21501200100103")],
      ["daughter", p("Нурбекова", "Бегимай", "Нурбековна", "female", "2010-06-20")],
    ],
    land: [
      ["irrigated-arable", 1.2, "owned"],
      ["garden-plot", 0.08, "owned"],
    ],
    livestock: { cattle: 3, "sheep-goats": 14, poultry: 20 },
  },
  {
    village: 0,
    street: "Манас көчөсү",
    house: "15",
    phone: "+996700123402",
    members: [
      ["head", p("Токтосунова", "Айгүл", "Маратовна", "female", "1980-12-03", "10312198000104")],
      ["son", p("Токтосунов", "Эрлан", "Бакытович", "male", "2006-03-09")],
      ["daughter", p("Токтосунова", "Мээрим", "Бакытовна", "female", "2009-07-30")],
      ["son", p("Токтосунов", "Азамат", "Бакытович", "male", "2012-02-14")],
      ["daughter", p("Токтосунова", "Айпери", "Бакытовна", "female", "2015-10-01")],
    ],
    land: [["irrigated-arable", 0.6, "owned"]],
    livestock: { cattle: 1, poultry: 8 },
  },
  {
    village: 1,
    street: "Ленин көчөсү",
    house: "3",
    members: [
      [
        "head",
        p("Жумабаева", "Бүбүсара", "Осмоновна", "female", "1944-05-21", "12105194400105", {
          disabilityGroup: "2",
        }),
      ],
    ],
    land: [["garden-plot", 0.05, "owned"]],
  },
  {
    village: 1,
    street: "Ленин көчөсү",
    house: "8",
    phone: "+996772123404",
    members: [
      ["head", p("Мамытов", "Бакыт", "Эсенович", "male", "1968-08-08", "20808196800106")],
      ["spouse", p("Мамытова", "Чынара", "Асановна", "female", "1971-11-11", "11111197100107")],
      [
        "son",
        p("Мамытов", "Улан", "Бакытович", "male", "1995-02-02", "20202199500108", {
          migration: { country: "RU", place: "Москва", since: "2019-04-01" },
        }),
      ],
      ["daughter-in-law", p("Мамытова", "Жылдыз", "Кубатовна", "female", "1997-04-04")],
      ["grandchild", p("Уланов", "Нурсултан", "Уланович", "male", "2020-05-05")],
    ],
    land: [
      ["irrigated-arable", 2.5, "owned"],
      ["land-share", 1.1, "owned"],
      ["irrigated-arable", 1.0, "leased"],
    ],
    livestock: { cattle: 6, "sheep-goats": 40, horses: 2 },
  },
  {
    village: 2,
    street: "Ак-Булак көчөсү",
    house: "21",
    members: [
      ["head", p("Рахимов", "Алишер", "Юсупович", "male", "1985-03-17", "21703198500109")],
      ["spouse", p("Рахимова", "Дилноза", "Каримовна", "female", "1988-09-23", "12309198800110")],
      ["son", p("Рахимов", "Шерзод", "Алишерович", "male", "2012-12-12")],
    ],
    land: [["irrigated-arable", 0.9, "owned"]],
    livestock: { cattle: 2, poultry: 15 },
  },
  {
    village: 3,
    street: "Сары-Камыш көчөсү",
    house: "5",
    members: [
      ["head", p("Осмонов", "Кубат", "Мырзабекович", "male", "1958-01-30", "23001195800111")],
      ["spouse", p("Осмонова", "Сагын", "Абдыкадыровна", "female", "1960-06-06", "10606196000112")],
    ],
    land: [
      ["irrigated-arable", 1.8, "owned"],
      ["pasture-share", 3.0, "owned"],
    ],
    livestock: { cattle: 4, "sheep-goats": 25, horses: 3, "bee-hives": 6 },
  },
  {
    village: 3,
    street: "Сары-Камыш көчөсү",
    house: "9",
    // The same man as in Манас 12, registered again without a PIN: a probable duplicate.
    members: [["head", p("Асанов", "Айбек", "Нурбекович", "male", "2001-01-15")]],
  },
];

/**
 * The neighbouring municipality's few households. Мамытова Чынара of Ленин 8 in Көк-Арт is still
 * counted here as her parents' daughter, under her maiden name and the same PIN: she married and
 * moved, and no one recorded her departure. So the district has one person counted twice.
 */
const NEIGHBOUR_HOUSEHOLDS: DemoHousehold[] = [
  {
    village: 0,
    street: "Борбор көчөсү",
    house: "7",
    phone: "+996555123501",
    members: [
      ["head", p("Жээнбеков", "Асан", "Турдубекович", "male", "1945-03-12", "21203194500201")],
      ["spouse", p("Жээнбекова", "Роза", "Маматовна", "female", "1949-07-07", "10707194900202")],
      ["daughter", p("Жээнбекова", "Чынара", "Асановна", "female", "1971-11-11", "11111197100107")],
    ],
    land: [["garden-plot", 0.1, "owned"]],
  },
  {
    village: 0,
    street: "Борбор көчөсү",
    house: "11",
    members: [
      ["head", p("Сатыбалдиев", "Руслан", "Эркинович", "male", "1983-06-14", "21406198300203")],
      ["spouse", p("Сатыбалдиева", "Асель", "Нурлановна", "female", "1986-02-20", "12002198600204")],
      ["son", p("Сатыбалдиев", "Эмир", "Русланович", "male", "2011-09-01")],
    ],
    land: [["irrigated-arable", 0.7, "owned"]],
    livestock: { cattle: 2, "sheep-goats": 6 },
  },
  {
    village: 0,
    street: "Тоо көчөсү",
    house: "2",
    members: [["head", p("Кадырова", "Айнура", "Жумабековна", "female", "1966-10-10", "11010196600205")]],
  },
];

/** Writes households into the clerk's book, their villages by index into `villages`; their ids. */
async function writeBook(
  database: Database,
  ctx: RequestContext,
  villages: string[],
  households: DemoHousehold[],
) {
  const ids: string[] = [];
  for (const h of households) {
    const created = await createHousehold(database, ctx, {
      villageCode: villages[h.village]!,
      street: h.street,
      house: h.house,
      phone: h.phone ?? null,
      formedOn: "2015-01-01",
      members: h.members.map(([relation, person]) => ({ relation, person })),
    });
    ids.push(created.id);
    for (const [category, areaHa, tenure] of h.land ?? [])
      await addLandPlot(database, ctx, created.id, { category, areaHa, tenure, fromDate: "2015-01-01" });
    if (h.livestock)
      await recordLivestock(database, ctx, created.id, { countedOn: "2026-01-01", counts: h.livestock });
  }
  return ids;
}

/** The neighbouring municipality's book, in its one village (see NEIGHBOUR_HOUSEHOLDS). */
export async function loadNeighbourRegister(database: Database, ctx: RequestContext, villageCode: string) {
  await writeBook(database, ctx, [villageCode], NEIGHBOUR_HOUSEHOLDS);
}

/** The demo municipality's household book: enough to search, print a card and issue a certificate. */
export async function loadDemoRegister(database: Database, ctx: RequestContext) {
  const ids = await writeBook(database, ctx, V, HOUSEHOLDS);
  // History: the father of household 6 died; household 2 receives the family benefit.
  const osmonov = await householdCard(database, ctx, ids[5]!, "2026-01-01");
  await recordLifeEvent(database, ctx, ids[5]!, {
    kind: "death",
    occurredOn: "2025-11-02",
    personId: osmonov.members.find((m) => m.relation === "head")!.id,
    newHeadPersonId: osmonov.members.find((m) => m.relation === "spouse")!.id,
  });
  await withRegister(database, ctx, (tx) =>
    setFlag(tx, ctx, ids[1]!, {
      criterionCode: "social-assistance",
      reason: "«Үй-бүлөгө көмөк», социалдык өнүктүрүү бөлүмүнүн 2026-жылдын 15-январындагы чечими",
      setOn: "2026-01-15",
    }),
  );
  const asanov = await householdCard(database, ctx, ids[0]!, "2026-03-01");
  await issueCertificate(database, ctx, {
    kind: "family-composition",
    householdId: ids[0]!,
    personId: asanov.members.find((m) => m.relation === "head")!.id,
    purpose: "Социалдык фонд",
    locale: "ky",
  });
}
