import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { LOCALES, type Locale, type LocalizedText } from "../../domain/places/units.js";
import {
  BOOK_COLUMNS,
  type BookColumn,
  type BookRow,
  foldWord,
  readHouseholdBook,
} from "../../domain/registry/household-book.js";
import type { Sex } from "../../domain/registry/pin.js";
import { RELATIONS_BY_SEX, relationWordKey } from "../../domain/registry/vocabulary.js";
import { deriveFlags, type VulnerabilityCriterion } from "../../domain/registry/vulnerability.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation } from "../orgs/service.js";
import { descendantCodes, listUnits } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, ioTurn, rows, type Tx, writeChain } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import {
  csvFile,
  readTable,
  type TableIssue,
  tableIssues,
  wordsOf,
  workbookFile,
} from "../platform/spreadsheet.js";
import { asSystemWithin, withTenant } from "../platform/transactions.js";
import { listCriteria } from "./flags.js";
import { householdNumberLockKey, withRegister } from "./households.js";
import { describeMatches, type ScreeningReason, screenAgainstRegister } from "./screening.js";
import {
  household,
  householdFlag,
  householdMember,
  lifeEvent,
  person,
  RELATIONS,
  type Relation,
} from "./tables.js";

const columnLabel = (locale: Locale, column: BookColumn) =>
  translate(locale, `registry.book.columns.${column}`);

const SEX_WORDS: Record<Sex, string[]> = {
  female: ["female", "f", "ж", "жен", "женский", "аял", "а", "zan", "зан", "аёл"],
  male: ["male", "m", "м", "муж", "мужской", "эркек", "э", "мард", "эркак"],
};
function sexLookup(): Map<string, Sex> {
  const map = wordsOf(["female", "male"] as const, (locale, sex) => translate(locale, `registry.sex.${sex}`));
  for (const [sex, words] of Object.entries(SEX_WORDS) as [Sex, string[]][])
    for (const w of words) map.set(foldWord(w), sex);
  return map;
}

/** The villages in force under the municipality, for forms, filters and the import template. */
export async function ownVillages(tx: Tx, orgId: string): Promise<{ code: string; name: LocalizedText }[]> {
  const org = await findOrganisation(tx, orgId);
  if (!org) return [];
  const villages = await listUnits(tx, { level: "village" });
  const under = new Set(await descendantCodes(tx, org.adminUnitCode));
  return villages.filter((v) => under.has(v.code)).map((v) => ({ code: v.code, name: v.name }));
}

/**
 * A relation from its word in any language: the common word (супруг(а)) and, as the export writes
 * them, the words by sex (муж, жена), so an exported book reads back.
 */
function relationLookup() {
  const map = wordsOf(RELATIONS, (locale, r) => translate(locale, `registry.relations.${r}`));
  for (const relation of RELATIONS_BY_SEX)
    for (const sex of ["female", "male"] as const)
      for (const locale of LOCALES)
        map.set(foldWord(translate(locale, relationWordKey(relation, sex))), relation);
  return map;
}

/** The import template: the columns in the user's language, and a sheet of the words each column takes. */
export async function householdBookTemplate(database: Database, ctx: RequestContext): Promise<Buffer> {
  const actor = requireActor(ctx);
  const villages = await withTenant(database, actor, (tx) => ownVillages(tx, actor.orgId));
  const locale = ctx.locale;
  const relations = RELATIONS.map((r) => translate(locale, `registry.relations.${r}`));
  const sexes = (["female", "male"] as const).map((s) => translate(locale, `registry.sex.${s}`));
  const length = Math.max(relations.length, villages.length);
  return workbookFile([
    {
      name: translate(locale, "registry.book.sheet"),
      header: BOOK_COLUMNS.map((c) => columnLabel(locale, c)),
      rows: [],
      textColumns: [BOOK_COLUMNS.indexOf("pin")],
    },
    {
      name: translate(locale, "registry.book.lists"),
      header: [
        columnLabel(locale, "relation"),
        columnLabel(locale, "sex"),
        columnLabel(locale, "villageCode"),
        "",
      ],
      rows: Array.from({ length }, (_, i) => [
        relations[i] ?? "",
        sexes[i] ?? "",
        villages[i]?.code ?? "",
        villages[i]?.name[locale] ?? villages[i]?.name.ky ?? "",
      ]),
      width: 24,
    },
  ]);
}

/** Rows of the book's first sheet (or CSV), keyed by the columns its header row names. */
export function readBookRows(file: Buffer): Promise<BookRow[]> {
  return readTable(
    file,
    wordsOf(BOOK_COLUMNS, columnLabel),
    ["householdKey", "relation", "surname", "givenName", "sex"],
    { unreadable: "registry.book.unreadable", missingColumns: "registry.book.missingColumns" },
  );
}

export interface ImportReport {
  rowCount: number;
  householdCount: number;
  validHouseholds: number;
  issues: TableIssue[];
  /**
   * People of the valid households whom a register already holds, here or in another
   * organisation (screened before anything is written; at most REGISTERED_ALREADY_SHOWN rows).
   */
  registeredAlready: { row: number; reason: ScreeningReason; here: boolean; organisation: string }[];
  /** How many rows matched in all. */
  registeredAlreadyRows: number;
  imported: { households: number; people: number } | null;
}

/** Households per chunk of the import's writes: the database writes one while the next is built. */
const IMPORT_CHUNK = 2_500;

/**
 * Imports a household book. Every row and household is checked first; nothing is written unless
 * the whole file is valid, or the user accepts writing only the valid households. One audit record
 * names the file (by its hash) and what it added.
 */
export async function importHouseholdBook(
  database: Database,
  ctx: RequestContext,
  file: Buffer,
  options: { acceptValid: boolean; dryRun: boolean; today: string },
): Promise<ImportReport> {
  const bookRows = await readBookRows(file);
  const actor = requireActor(ctx);
  return withRegister(database, ctx, async (tx) => {
    const villages = new Set((await ownVillages(tx, actor.orgId)).map((v) => v.code));
    const read = readHouseholdBook(bookRows, {
      relations: relationLookup(),
      sexes: sexLookup(),
      villages,
      today: options.today,
    });
    const writing =
      !options.dryRun && (read.issues.length === 0 || options.acceptValid) && read.households.length > 0;
    let lastNumber = 0;
    let criteria: VulnerabilityCriterion[] = [];
    if (writing) {
      await tx.execute(sql`select pg_advisory_xact_lock(${householdNumberLockKey(actor.orgId)})`);
      const [last] = await rows<{ n: number }>(
        tx,
        sql`select coalesce(max(number), 0)::int as n from household where org_id = ${actor.orgId}`,
      );
      lastNumber = last!.n;
      criteria = (await listCriteria(tx, actor.orgId)).filter((c) => c.active);
    }
    // Whether the register already holds them, anywhere: as the system role, which reads every
    // organisation; what comes back is only the row, the reason and the organisation's name.
    // The writes are chained after it, so the rows are built while the database screens.
    const batch = read.households.flatMap((h) =>
      h.members.map((m, i) => ({
        row: h.rows[i]!,
        pin: m.person.pin,
        searchKey: m.person.searchKey,
        birthDate: m.person.birthDate,
      })),
    );
    const screening = asSystemWithin(tx, async (system) =>
      describeMatches(system, await screenAgainstRegister(system, batch), actor.orgId, ctx.locale),
    );
    const writes = writeChain(tx, screening);
    const imported = writing
      ? await chainHouseholds(writes, read.households, {
          orgId: actor.orgId,
          userId: actor.userId,
          lastNumber,
          criteria,
          today: options.today,
        })
      : null;
    const report: ImportReport = {
      rowCount: read.rowCount,
      householdCount: read.householdCount,
      validHouseholds: read.households.length,
      issues: tableIssues(ctx.locale, read.issues, (c) => columnLabel(ctx.locale, c as BookColumn)),
      ...(await screening),
      imported,
    };
    await writes.done();
    if (imported)
      await recordAudit(tx, ctx, {
        action: "import",
        entity: "household_book",
        entityId: createHash("sha256").update(file).digest("hex"),
        after: {
          rows: read.rowCount,
          households: imported.households,
          people: imported.people,
          numbers: [lastNumber + 1, lastNumber + imported.households],
          skippedHouseholds: read.householdCount - imported.households,
        },
      });
    return report;
  });
}

/**
 * Chains the inserts of the book's valid households, a chunk at a time, numbered after
 * `lastNumber`, each formed by a life event, with the flags their members' data supports.
 */
async function chainHouseholds(
  writes: ReturnType<typeof writeChain>,
  bookHouseholds: ReturnType<typeof readHouseholdBook>["households"],
  context: {
    orgId: string;
    userId: string;
    lastNumber: number;
    criteria: VulnerabilityCriterion[];
    today: string;
  },
) {
  const { orgId, userId, criteria, today } = context;
  let number = context.lastNumber;
  let peopleCount = 0;
  for (let start = 0; start < bookHouseholds.length; start += IMPORT_CHUNK) {
    const households: (typeof household.$inferInsert)[] = [];
    const people: (typeof person.$inferInsert)[] = [];
    const members: (typeof householdMember.$inferInsert)[] = [];
    const events: (typeof lifeEvent.$inferInsert)[] = [];
    const flags: (typeof householdFlag.$inferInsert)[] = [];
    for (const h of bookHouseholds.slice(start, start + IMPORT_CHUNK)) {
      const householdId = uuidv7();
      const eventId = uuidv7();
      households.push({
        id: householdId,
        orgId,
        number: ++number,
        villageCode: h.villageCode,
        street: h.street,
        house: h.house,
        phone: h.phone,
        formedOn: h.formedOn,
      });
      events.push({
        id: eventId,
        orgId,
        kind: "household-formed",
        occurredOn: h.formedOn,
        householdId,
        recordedBy: userId,
        details: { imported: h.key },
      });
      const facts = [];
      for (const m of h.members) {
        const personId = uuidv7();
        people.push({ id: personId, orgId, ...m.person });
        members.push({
          id: uuidv7(),
          orgId,
          householdId,
          personId,
          relation: m.relation as Relation,
          // A child born after the household was formed is its member from birth.
          fromDate:
            m.person.birthDate !== null && m.person.birthDate > h.formedOn ? m.person.birthDate : h.formedOn,
          fromEventId: eventId,
        });
        facts.push({
          personId,
          relation: m.relation,
          sex: m.person.sex,
          birthDate: m.person.birthDate,
          disabilityGroup: m.person.disabilityGroup,
          abroad: false,
        });
      }
      for (const f of deriveFlags(facts, criteria, today))
        flags.push({
          id: uuidv7(),
          orgId,
          householdId,
          criterionCode: f.code,
          source: "derived",
          reason: f.reason,
          reasonParams: f.params,
          setOn: today,
          setBy: userId,
        });
    }
    peopleCount += people.length;
    writes.add(async (tx) => {
      await bulkInsert(tx, household, households);
      await bulkInsert(tx, person, people);
      await bulkInsert(tx, lifeEvent, events);
      await bulkInsert(tx, householdMember, members);
      await bulkInsert(tx, householdFlag, flags);
    });
    await ioTurn();
  }
  return { households: number - context.lastNumber, people: peopleCount };
}

interface ExportRow {
  number: number;
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  formedOn: string;
  relation: string;
  surname: string;
  givenName: string;
  patronymic: string | null;
  sex: Sex;
  birthDate: string | null;
  pin: string | null;
  disabilityGroup: string | null;
  education: string | null;
  occupation: string | null;
}

/** The current register, one row per living member, in the template's columns (so it imports back). */
export async function exportHouseholdBook(database: Database, ctx: RequestContext, format: "xlsx" | "csv") {
  const actor = requireActor(ctx);
  const data = await withTenant(database, actor, (tx) =>
    rows<ExportRow>(
      tx,
      sql`select h.number, h.village_code as "villageCode", h.street, h.house, h.phone, h.formed_on::text as "formedOn",
            m.relation, p.surname, p.given_name as "givenName", p.patronymic, p.sex, p.birth_date::text as "birthDate",
            p.pin, p.disability_group as "disabilityGroup", p.education, p.occupation
          from household h
          join household_member m on m.household_id = h.id and m.to_date is null
          join person p on p.id = m.person_id and p.death_date is null
          where h.org_id = ${actor.orgId} and h.dissolved_on is null
          order by h.number, (m.relation <> 'head'), p.birth_date nulls last`,
    ),
  );
  const locale = ctx.locale;
  const line = (r: ExportRow): Record<BookColumn, string | null> => ({
    householdKey: String(r.number),
    villageCode: r.villageCode,
    street: r.street,
    house: r.house,
    phone: r.phone,
    formedOn: r.formedOn,
    relation: translate(locale, relationWordKey(r.relation, r.sex)),
    surname: r.surname,
    givenName: r.givenName,
    patronymic: r.patronymic,
    sex: translate(locale, `registry.sex.${r.sex}`),
    birthDate: r.birthDate,
    pin: r.pin,
    disabilityGroup: r.disabilityGroup,
    education: r.education,
    occupation: r.occupation,
  });
  const header = BOOK_COLUMNS.map((c) => columnLabel(locale, c));
  const body = data.map((r) => {
    const cells = line(r);
    return BOOK_COLUMNS.map((c) => cells[c]);
  });
  if (format === "csv") return csvFile(header, body);
  return workbookFile([
    {
      name: translate(locale, "registry.book.sheet"),
      header,
      rows: body,
      textColumns: [BOOK_COLUMNS.indexOf("pin")],
    },
  ]);
}
