import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { LOCALES, type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import { villageIndex } from "../../domain/places/village-names.js";
import { addressKey } from "../../domain/registry/address-key.js";
import {
  BOOK_COLUMNS,
  type BookColumn,
  type BookCriterion,
  type BookDwelling,
  type BookFlag,
  type BookRow,
  bookCadastralNumber,
  cellText,
  DWELLING_KINDS,
  DWELLING_WATERS,
  type FileFlagOutcomes,
  FLAG_SEPARATOR,
  flagText,
  foldWord,
  type HeldHere,
  type HoldingsSheet,
  householdBookReader,
  LAND_COLUMNS,
  type LandColumn,
  LIVESTOCK_COLUMNS,
  type LivestockColumn,
  leaveOutRegisteredHere,
  type readHouseholdBook,
  refusePartlyRegistered,
} from "../../domain/registry/household-book.js";
import type { LabourMigration } from "../../domain/registry/person.js";
import type { Sex } from "../../domain/registry/pin.js";
import {
  COMMON_CITIZENSHIPS,
  COUNTRY_ALIASES,
  COUNTRY_CODES,
  countryName,
  DISABILITY_GROUPS,
  type DisabilityGroup,
  MIGRATION_DESTINATIONS,
  relationWordKey,
  relationWordKeys,
} from "../../domain/registry/vocabulary.js";
import { DomainError } from "../../domain/shared/errors.js";
import { paperDate } from "../../domain/shared/paper-date.js";
import { recordAudit } from "../audit/service.js";
import { findOrganisation } from "../orgs/service.js";
import { descendantCodes, listUnits } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import {
  asOneStatement,
  type Database,
  insertStatements,
  ioTurn,
  rows,
  statementChain,
  type TransactionOptions,
  type Tx,
} from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { organisationToday } from "../platform/local-day.js";
import {
  addWord,
  allRows,
  type Cell,
  csvFile,
  headingsOf,
  issuesSheet,
  readTable,
  type SheetChoice,
  type SheetSpec,
  type TableErrors,
  type TableIssue,
  tableIssues,
  tableSlices,
  wordsOf,
  workbookFile,
} from "../platform/spreadsheet.js";
import { asSystemWithin, withTenant } from "../platform/transactions.js";
import { villageNames } from "./address-keys.js";
import { listCriteria } from "./flags.js";
import { cadastralHolders, householdNumberLockKey, withRegister } from "./households.js";
import { flagInForceOn, memberSince } from "./in-force.js";
import { describeMatches, type ScreeningReason, screeningChain } from "./screening.js";
import {
  household,
  householdFlag,
  householdMember,
  LAND_CATEGORIES,
  LIVESTOCK_SPECIES,
  landPlot,
  lifeEvent,
  livestockCount,
  person,
  RELATIONS,
  type Relation,
  TENURES,
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
    for (const w of words) addWord(map, w, sex);
  return map;
}

/** The catalog key of a column of any of the book's sheets (the household key is one column of all three). */
const anyColumnKey = (column: string) =>
  (BOOK_COLUMNS as readonly string[]).includes(column)
    ? `registry.book.columns.${column}`
    : (LIVESTOCK_SPECIES as readonly string[]).includes(column)
      ? `registry.species.${column}`
      : `registry.book.holdingColumns.${column}`;
const anyColumnLabel = (locale: Locale, column: string) => translate(locale, anyColumnKey(column));
const sheetLabel = (locale: Locale, sheet: HoldingsSheet) => translate(locale, `registry.book.${sheet}Sheet`);
const categoryLabel = (locale: Locale, category: string) =>
  translate(locale, `registry.landCategories.${category}`);
const tenureLabel = (locale: Locale, tenure: string) => translate(locale, `registry.tenures.${tenure}`);

const kindLabel = (locale: Locale, kind: string) => translate(locale, `reg.dwelling.kinds.${kind}`);
const waterLabel = (locale: Locale, water: string) => translate(locale, `reg.dwelling.waters.${water}`);
const countryLabel = (locale: Locale, code: string) => translate(locale, `reg.countries.${code}`);
/** A country's name in the user's language (see the domain's countryName). */
export const countryNameIn = (locale: Locale, country: string) =>
  countryName((key) => translate(locale, key), country);

/**
 * Every country's words a book may write: its code, its name in each catalog, CLDR's name in each
 * language (ICU's), which differs from a catalog's for some (АКШ, Кошмо Штаттар), and the names
 * clerks write besides (COUNTRY_ALIASES). Made once.
 */
let countryWordsMade: ReadonlyMap<string, string> | null = null;
function countryWords(): ReadonlyMap<string, string> {
  if (countryWordsMade) return countryWordsMade;
  const words = wordsOf(COUNTRY_CODES, countryLabel);
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) addWord(words, alias, code);
  for (const language of ["ky", "ru", "uz", "uz-Cyrl", "tg", "en"]) {
    const names = new Intl.DisplayNames([language], { type: "region", fallback: "none" });
    for (const code of COUNTRY_CODES) {
      const name = names.of(code);
      if (name) addWord(words, name, code);
    }
  }
  countryWordsMade = words;
  return words;
}
const disabilityLabel = (locale: Locale, group: string) => translate(locale, `reg.disability.${group}`);

/**
 * A disability group as the template and the export write it: a group by its number, a disabled
 * child by the word the form shows (ДМЧ бала), which the import reads back in any language.
 */
const disabilityWord = (locale: Locale, group: DisabilityGroup) =>
  group === "child" ? disabilityLabel(locale, group) : Number(group);

/** The villages in force under the municipality, for forms, filters and the import template. */
export async function ownVillages(tx: Tx, orgId: string): Promise<{ code: string; name: LocalizedText }[]> {
  const org = await findOrganisation(tx, orgId);
  if (!org) return [];
  const villages = await listUnits(tx, { level: "village" });
  const under = new Set(await descendantCodes(tx, org.adminUnitCode));
  return villages.filter((v) => under.has(v.code)).map((v) => ({ code: v.code, name: v.name }));
}

/**
 * A relation from its word in any language: the common word (супруг(а), агасы/иниси) and, as the
 * export writes them, the words by sex (муж, жена) and by age (агасы, иниси, карындашы, сиңдиси),
 * so an exported book reads back.
 */
function relationLookup() {
  const map = wordsOf(RELATIONS, (locale, r) => translate(locale, `registry.relations.${r}`));
  for (const relation of RELATIONS)
    for (const key of relationWordKeys(relation))
      for (const locale of LOCALES) addWord(map, translate(locale, key), relation);
  return map;
}

/** A column of the template's lists sheet: the column of the book it serves (null: read only), and its words. */
interface WordList {
  column: string | null;
  label: string;
  words: readonly (string | number)[];
}

/**
 * The import template: the columns in the user's language, a sheet of the words each column takes,
 * a drop-down of those words in each such column, and notes on the columns that take codes.
 */
export async function householdBookTemplate(database: Database, ctx: RequestContext): Promise<Buffer> {
  const actor = requireActor(ctx);
  const villages = await withTenant(database, actor, (tx) => ownVillages(tx, actor.orgId));
  const locale = ctx.locale;
  // Every word the import reads for a relation: the common one first, then by sex and by age
  // (жубайы, аялы, күйөөсү; агасы/иниси, агасы, иниси), as the export writes them.
  const relations = [
    ...new Set(RELATIONS.flatMap((r) => relationWordKeys(r).map((key) => translate(locale, key)))),
  ];
  const listsName = translate(locale, "registry.book.lists");
  // The lists sheet's columns, in order: the book's column (or the land sheet's) each offers its
  // words to, as a drop-down, under that column's label.
  const list = (column: BookColumn | LandColumn, words: readonly (string | number)[]): WordList => ({
    column,
    label: anyColumnLabel(locale, column),
    words,
  });
  const labelled = <T extends string>(values: readonly T[], label: (locale: Locale, value: T) => string) =>
    values.map((v) => label(locale, v));
  const lists: WordList[] = [
    list("relation", relations),
    list(
      "sex",
      labelled(["female", "male"], (l, s) => translate(l, `registry.sex.${s}`)),
    ),
    list(
      "villageCode",
      villages.map((v) => v.code),
    ),
    // Beside the codes, the villages' names: read, not chosen (a code is never ambiguous).
    { column: null, label: "", words: villages.map((v) => pickName(v.name, locale)) },
    list("dwellingKind", labelled(DWELLING_KINDS, kindLabel)),
    list("dwellingWater", labelled(DWELLING_WATERS, waterLabel)),
    list("category", labelled(LAND_CATEGORIES, categoryLabel)),
    list("tenure", labelled(TENURES, tenureLabel)),
    list(
      "disabilityGroup",
      DISABILITY_GROUPS.map((g) => disabilityWord(locale, g)),
    ),
    // The usual countries; any other is written by its name or its ISO code (the column's note).
    list("citizenship", labelled(COMMON_CITIZENSHIPS, countryLabel)),
    list("migrationCountry", labelled(MIGRATION_DESTINATIONS, countryLabel)),
  ];
  const choicesOf = (columns: readonly string[]) =>
    lists.flatMap((l, i) =>
      l.column !== null && columns.includes(l.column)
        ? [
            {
              column: columns.indexOf(l.column),
              from: { sheet: listsName, column: i, count: l.words.length },
            },
          ]
        : [],
    );
  const [land, livestock] = holdingSheets(locale, [], []);
  const length = Math.max(...lists.map((l) => l.words.length));
  return workbookFile([
    {
      name: translate(locale, "registry.book.sheet"),
      header: BOOK_COLUMNS.map((c) => columnLabel(locale, c)),
      rows: [],
      textColumns: BOOK_TEXT_COLUMNS,
      choices: choicesOf(BOOK_COLUMNS),
      notes: [
        {
          column: BOOK_COLUMNS.indexOf("citizenship"),
          text: translate(locale, "registry.book.notes.citizenship", { examples: "KG, KZ, RU, UZ, TJ" }),
        },
        {
          column: BOOK_COLUMNS.indexOf("migrationCountry"),
          text: translate(locale, "registry.book.notes.migrationCountry", { examples: "RU, KZ, TR, KR" }),
        },
        {
          column: BOOK_COLUMNS.indexOf("disabilityGroup"),
          text: translate(locale, "registry.book.notes.disabilityGroup", {
            child: disabilityWord(locale, "child"),
          }),
        },
        { column: BOOK_COLUMNS.indexOf("flags"), text: translate(locale, "registry.book.notes.flags") },
        {
          column: BOOK_COLUMNS.indexOf("memberSince"),
          text: translate(locale, "registry.book.notes.memberSince"),
        },
      ],
    },
    { ...land!, choices: choicesOf(LAND_COLUMNS) },
    livestock!,
    {
      name: listsName,
      header: lists.map((l) => l.label),
      rows: Array.from({ length }, (_, i) => lists.map((l) => l.words[i] ?? "")),
      width: 24,
    },
  ]);
}

const BOOK_ERRORS: TableErrors = {
  unreadable: "registry.book.unreadable",
  missingColumns: "registry.book.missingColumns",
  empty: "registry.book.noHouseholds",
  headingKey: anyColumnKey,
};

/**
 * Rows of the book's sheet (named as the book's in any language, else the first) or CSV, keyed by
 * the columns its header row names, as they are read.
 */
function bookRowSlices(file: Buffer): AsyncGenerator<BookRow[]> {
  const bookSheet = namedSheet(LOCALES.map((l) => translate(l, "registry.book.sheet")));
  return tableSlices(
    file,
    headingsOf(BOOK_COLUMNS, columnLabel),
    ["householdKey", "relation", "surname", "givenName", "sex"],
    BOOK_ERRORS,
    { choose: (sheetNames) => bookSheet(sheetNames) ?? 0, optional: false },
  );
}

/** The index of the sheet that has one of `names` (in any case or spelling foldWord folds); null when none has. */
function namedSheet(names: readonly string[]) {
  const folded = new Set(names.map(foldWord));
  return (sheetNames: readonly string[]) => {
    const index = sheetNames.findIndex((n) => folded.has(foldWord(n)));
    return index < 0 ? null : index;
  };
}

/** The sheet of a workbook named as the land's (or livestock's) sheet in any language, if it has one. */
function holdingSheet(sheet: HoldingsSheet): SheetChoice {
  return { choose: namedSheet([sheet, ...LOCALES.map((l) => sheetLabel(l, sheet))]), optional: true };
}

/** A book's file as an import opens it, its rows still to be read. */
type OpenedBook = Awaited<ReturnType<typeof openBookFile>>;
/** A book's file: its name in the register and its land and livestock sheets, read whole. */
type BookFile = Omit<OpenedBook, "rowSlices">;

/**
 * The book's land and livestock sheets when the workbook has them, and its rows to be read a slice
 * at a time (`rowSlices`, once), so an import checks the first rows while the rest are read.
 */
async function openBookFile(file: Buffer) {
  const label = (locale: Locale, column: string) => anyColumnLabel(locale, column);
  return {
    /** The file's own name in the register: its import's audit record and formation events carry it. */
    hash: createHash("sha256").update(file).digest("hex"),
    land: await readTable<LandColumn>(
      file,
      wordsOf(LAND_COLUMNS, label),
      ["householdKey", "areaHa", "category"],
      BOOK_ERRORS,
      holdingSheet("land"),
    ),
    livestock: await readTable<LivestockColumn>(
      file,
      wordsOf(LIVESTOCK_COLUMNS, label),
      ["householdKey"],
      BOOK_ERRORS,
      holdingSheet("livestock"),
    ),
    rowSlices: bookRowSlices(file),
  };
}

/** Rows already read, as the one slice a check takes them in. */
async function* oneSlice(bookRows: BookRow[]): AsyncGenerator<BookRow[]> {
  yield bookRows;
}

/** The book with all its rows read. */
async function readBookFile(file: Buffer) {
  const { rowSlices, ...book } = await openBookFile(file);
  return { ...book, rows: await allRows(rowSlices) };
}

export interface ImportReport {
  rowCount: number;
  householdCount: number;
  validHouseholds: number;
  issues: TableIssue[];
  /**
   * What the import does that the file does not say (a household dated today) and rows of the valid
   * households that look unlikely (kinshipWarnings, a son older than the head): nothing refused.
   */
  warnings: TableIssue[];
  /**
   * People of the valid households whom a register already holds, here or in another
   * organisation (screened before anything is written; at most REGISTERED_ALREADY_SHOWN rows).
   */
  registeredAlready: { row: number; reason: ScreeningReason; here: boolean; organisation: string }[];
  /** How many rows matched in all. */
  registeredAlreadyRows: number;
  /**
   * The valid households whose every person this municipality's register already holds (a book
   * brought back in, not new households): left out of the write, with their people.
   */
  registeredHere: { households: number; people: number };
  /**
   * The valid households' book numbers: kept as the file gives them (free here, 1..999,999), or
   * assigned after the book's highest number.
   */
  numbers: { kept: number; assigned: number };
  imported: { households: number; people: number; landPlots: number; livestockCounts: number } | null;
}

/** Households per chunk of the import's writes: the database writes one while the next is built. */
const IMPORT_CHUNK = 2_500;
/** How many chunks an import builds ahead of the one the database is writing. */
const CHUNKS_AHEAD = 2;
/** Households an import builds between turns it gives the connection (see `chainHouseholds`). */
const BUILD_TURN = 250;

/**
 * What a book's rows are checked against: the municipality's villages, criteria and plots.
 * `written`: the file's valid households have been written, and are read as the check before the
 * write found them (plotsHolding).
 */
async function bookLookups(tx: Tx, orgId: string, book: BookFile, today: string, written = false) {
  const criteria = await listCriteria(tx, orgId);
  return {
    relations: relationLookup(),
    sexes: sexLookup(),
    villages: villageIndex(await ownVillages(tx, orgId)),
    dwellingKinds: wordsOf(DWELLING_KINDS, kindLabel),
    waters: wordsOf(DWELLING_WATERS, waterLabel),
    landCategories: wordsOf(LAND_CATEGORIES, categoryLabel),
    tenures: wordsOf(TENURES, tenureLabel),
    disabilityGroups: wordsOf(DISABILITY_GROUPS, disabilityLabel),
    countries: countryWords(),
    criteria: criterionLookup(criteria),
    today: today,
    heldCadastralNumbers: await plotsHolding(tx, orgId, book, written),
  };
}

/**
 * The file's rows checked, as an import does before it writes, with the people of its valid
 * households screened against every register (screeningChain): the rows are read a slice at a time
 * and the database screens the people read so far while the service reads on, so the screening
 * ends about when the check does (BENCHMARKS.md). The screening reads every organisation, as the
 * system role; what comes back is only the row, the reason and the organisation's name.
 */
async function checkAndScreen(tx: Tx, ctx: RequestContext, book: OpenedBook, today: string, written = false) {
  const actor = requireActor(ctx);
  const reader = householdBookReader(await bookLookups(tx, actor.orgId, book, today, written));
  // The check between the slices is the service's own work: nothing else runs on the connection
  // while it is the system role's.
  return asSystemWithin(tx, async (system) => {
    const screening = screeningChain(system);
    let slice: BookRow[] = [];
    const check = () => {
      screening.screen(
        reader.readRows(slice).map(({ row, person }) => ({
          row,
          pin: person.pin,
          searchKey: person.searchKey,
          birthDate: person.birthDate,
        })),
      );
      slice = [];
    };
    // A CSV file comes as one slice; its rows are checked 20,000 at a time all the same.
    for await (const rowsRead of book.rowSlices)
      for (const row of rowsRead) {
        slice.push(row);
        if (slice.length === CHECK_SLICE) {
          check();
          await ioTurn();
        }
      }
    check();
    const checked = reader.finish({ land: book.land, livestock: book.livestock });
    // Only the valid households are written, and reported as found.
    const valid = new Set(checked.households.flatMap((h) => h.members.map((m) => m.row)));
    const found = (await screening.matches()).filter((m) => valid.has(m.row));
    const { toWrite, registeredHere, partlyHere } = leaveOutRegisteredHere(
      checked.households,
      new Set(found.flatMap((m) => (m.orgId === actor.orgId ? [m.row] : []))),
    );
    // A warning says how a household is to be written: none is said of one left out or refused.
    const writtenRows = new Set(toWrite.flatMap((h) => h.members.map((m) => m.row)));
    const warnings = checked.warnings.filter((w) => writtenRows.has(w.row));
    // A household only some of whose people are here is refused, each of them named with the
    // household that holds them; its people are no longer reported as found.
    const read =
      partlyHere.length === 0
        ? { ...checked, warnings }
        : {
            ...checked,
            warnings,
            ...refusePartlyRegistered(
              checked,
              partlyHere,
              await householdsHolding(
                system,
                actor.orgId,
                partlyHere.flatMap((h) => h.members),
              ),
            ),
          };
    const refused = new Set(partlyHere.flatMap((h) => h.members.map((m) => m.row)));
    const matches = refused.size === 0 ? found : found.filter((m) => !refused.has(m.row));
    return {
      read,
      toWrite,
      registeredHere,
      described: await describeMatches(system, matches, actor.orgId, ctx.locale),
    };
  });
}

/**
 * Where the municipality's own register holds each of `members` it holds (heldBy's rules, here
 * only): the household of the person's latest membership, the one whose card takes the household's
 * new people. For the few rows of households partly registered here, as the system role.
 */
async function householdsHolding(
  system: Tx,
  orgId: string,
  members: readonly {
    row: number;
    person: { pin: string | null; searchKey: string; birthDate: string | null };
  }[],
): Promise<Map<number, HeldHere>> {
  const held = await rows<{ row: number; reason: HeldHere["reason"]; household: number | null }>(
    system,
    sql`select b.row, h.reason, h.number as household
        from unnest(${sql.param(members.map((m) => m.row))}::int[], ${sql.param(members.map((m) => m.person.pin))}::text[],
          ${sql.param(members.map((m) => m.person.searchKey))}::text[],
          ${sql.param(members.map((m) => m.person.birthDate))}::date[]) as b(row, pin, key, birth_date)
        cross join lateral (
          select case when p.pin = b.pin then 'same-pin' else 'same-name-and-birth-date' end as reason, hh.number
            from person p
            left join household_member m on m.person_id = p.id
            left join household hh on hh.id = m.household_id
            where p.org_id = ${orgId} and p.merged_into is null and not p.entered_in_error
              and (p.pin = b.pin
                or (p.search_key = b.key and p.birth_date = b.birth_date and (b.pin is null or p.pin is null)))
            order by p.pin = b.pin desc nulls last, m.to_date desc nulls first, m.from_date desc nulls last
            limit 1
        ) h`,
  );
  return new Map(held.map((h) => [h.row, { reason: h.reason, household: h.household }]));
}

/** Rows an import checks between two turns of the event loop, which send the screening its people. */
const CHECK_SLICE = 20_000;

/**
 * The file's cadastral numbers a plot in force holds, with its household's number. After the file's
 * own write (`written`), a plot it wrote for a row's household is that row written, not a plot
 * holding the row's number: checked again, the rows read as the check before the write found them.
 * The households a file wrote are known exactly: their formation events name the file (by its hash,
 * as the import's audit record does) and the household's key in it.
 */
async function plotsHolding(tx: Tx, orgId: string, book: BookFile, written: boolean) {
  // Each row's number as the check reads it (spacing and dashes written the register's way).
  const numberOf = (row: BookFile["land"][number]) => {
    const n = bookCadastralNumber(row.cells.cadastralNumber);
    return n === "invalid" ? null : n;
  };
  const held = await cadastralHolders(
    tx,
    orgId,
    book.land.flatMap((row) => numberOf(row) ?? []),
  );
  if (!written || held.size === 0) return held;
  const writtenHere = await rows<{ number: number; key: string }>(
    tx,
    sql`select h.number, e.details->>'imported' as key
        from household h
        join life_event e on e.household_id = h.id and e.kind = 'household-formed'
        where h.org_id = ${orgId} and h.number = any(${sql.param([...new Set(held.values())])}::int[])
          and e.details->>'file' = ${book.hash}`,
  );
  const keyOf = new Map(writtenHere.map((w) => [w.number, w.key]));
  for (const row of book.land) {
    const cadastralNumber = numberOf(row);
    const holder = cadastralNumber === null ? undefined : held.get(cadastralNumber);
    if (holder !== undefined && keyOf.get(holder) === cellText(row.cells.householdKey))
      held.delete(cadastralNumber!);
  }
  return held;
}

/**
 * A book's check and import read and write the whole file in few statements: the 430,000 people
 * of a 100,000-household file are screened in three to seven statements, the largest of 140,000
 * to 273,000 people and 2.6–4.1 s (BENCHMARKS.md, 2026-12-07 09:21–10:25). On a busy or cold
 * server that may pass a request's statement timeout and lose a check the clerk waited a minute for.
 */
const WHOLE_FILE: TransactionOptions = { unbounded: true };

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
  const book = await openBookFile(file);
  const actor = requireActor(ctx);
  return withRegister(
    database,
    ctx,
    async (tx) => {
      const { read, toWrite, registeredHere, described } = await checkAndScreen(tx, ctx, book, options.today);
      const writing =
        !options.dryRun && (read.issues.length === 0 || options.acceptValid) && read.households.length > 0;
      if (writing)
        await tx.execute(sql`select pg_advisory_xact_lock(${householdNumberLockKey(actor.orgId)})`);
      const existingNumbers = await rows<{ number: number }>(
        tx,
        sql`select number from household where org_id = ${actor.orgId}`,
      );
      // The households the screening found whole here are known before a row is built (the
      // writes, the slow part, are chained a few chunks behind the building).
      const numbers = numberHouseholds(toWrite, existingNumbers);
      const writes = statementChain(tx);
      const imported = writing
        ? await chainHouseholds(writes, toWrite, {
            orgId: actor.orgId,
            userId: actor.userId,
            numbers: numbers.of,
            fileHash: book.hash,
            flagReason: translate(ctx.locale, "registry.book.flagReason"),
            villageNames: await villageNames(
              tx,
              toWrite.map((h) => h.villageCode),
            ),
          })
        : null;
      const report: ImportReport = {
        rowCount: read.rowCount,
        householdCount: read.householdCount,
        validHouseholds: read.households.length,
        issues: tableIssues(ctx.locale, read.issues, (c) => anyColumnLabel(ctx.locale, c)),
        warnings: tableIssues(ctx.locale, read.warnings, (c) => anyColumnLabel(ctx.locale, c)),
        ...described,
        registeredHere: {
          households: registeredHere.length,
          people: registeredHere.reduce((n, h) => n + h.members.length, 0),
        },
        numbers: { kept: numbers.kept, assigned: toWrite.length - numbers.kept },
        imported,
      };
      await writes.done();
      if (imported)
        await recordAudit(tx, ctx, {
          action: "import",
          entity: "household_book",
          entityId: book.hash,
          after: {
            rows: read.rowCount,
            households: imported.households,
            people: imported.people,
            landPlots: imported.landPlots,
            livestockCounts: imported.livestockCounts,
            ...fileFlagCounts(toWrite),
            numbersKept: numbers.kept,
            numbersAssigned: imported.households - numbers.kept,
            skippedHouseholds: read.householdCount - imported.households,
            registeredHereHouseholds: registeredHere.length,
          },
        });
      return report;
    },
    WHOLE_FILE,
  );
}

/**
 * What became of the flags the written households' file names, for the import's record: all of
 * them, then by outcome (they add up). Those not set (contradicted by the file's own members, or
 * of a criterion no longer in use) are the part of the file the register did not take.
 */
function fileFlagCounts(households: readonly { fileFlags: FileFlagOutcomes }[]) {
  const count = (outcome: keyof FileFlagOutcomes) =>
    households.reduce((n, h) => n + h.fileFlags[outcome].length, 0);
  const counts = {
    flagsKeptByHand: count("keptByHand"),
    flagsConfirmedByRule: count("confirmedByRule"),
    flagsContradicted: count("contradicted"),
    flagsNotInUse: count("notInUse"),
  };
  return { flagsInFile: Object.values(counts).reduce((a, b) => a + b, 0), ...counts };
}

/**
 * A check's problems as a workbook, for whoever keeps the file: every error, then every warning
 * (the report on screen stops at a thousand), each with the value its cell holds. Writes nothing.
 * Once the file's valid households are `written`, the rows the write left out: their errors, as the
 * check before the write found them (a warning is said of a row written all the same).
 */
export async function bookProblemsFile(
  database: Database,
  ctx: RequestContext,
  file: Buffer,
  options: { today: string; written: boolean },
): Promise<Buffer> {
  const book = await readBookFile(file);
  // Screened as the import's check is: a household partly registered here is refused there too.
  const { read } = await withRegister(
    database,
    ctx,
    (tx) =>
      checkAndScreen(tx, ctx, { ...book, rowSlices: oneSlice(book.rows) }, options.today, options.written),
    WHOLE_FILE,
  );
  const cellsAt = new Map<string, Partial<Record<string, Cell>>>();
  const sheets = { "": book.rows, land: book.land, livestock: book.livestock };
  for (const [sheet, sheetRows] of Object.entries(sheets))
    for (const row of sheetRows) cellsAt.set(`${sheet}:${row.rowNumber}`, row.cells);
  const listed = (issues: typeof read.issues) =>
    tableIssues(ctx.locale, issues, (c) => anyColumnLabel(ctx.locale, c), Number.POSITIVE_INFINITY);
  return workbookFile([
    issuesSheet(
      ctx.locale,
      { errors: listed(read.issues), warnings: options.written ? [] : listed(read.warnings) },
      {
        sheetName: (sheet) =>
          sheet
            ? sheetLabel(ctx.locale, sheet as HoldingsSheet)
            : translate(ctx.locale, "registry.book.sheet"),
        valueOf: (issue) => {
          const value = issue.column
            ? cellsAt.get(`${issue.sheet ?? ""}:${issue.row}`)?.[issue.column]
            : null;
          return value instanceof Date ? paperDate(cellText(value)!) : cellText(value ?? null);
        },
      },
    ),
  ]);
}

/**
 * The book number of each valid household of the file, in its order: the file's own number when it
 * is free in the municipality and no earlier household of the file took it, else the next after
 * the highest number the book and the kept numbers use.
 */
function numberHouseholds(households: readonly { number: number | null }[], existing: { number: number }[]) {
  const taken = new Set<number>();
  let highest = 0;
  for (const { number } of existing) {
    taken.add(number);
    if (number > highest) highest = number;
  }
  const of = new Array<number>(households.length);
  let kept = 0;
  households.forEach((h, i) => {
    if (h.number !== null && !taken.has(h.number)) {
      taken.add(h.number);
      of[i] = h.number;
      kept++;
      if (h.number > highest) highest = h.number;
    }
  });
  households.forEach((_, i) => {
    of[i] ??= ++highest;
  });
  return { of, kept };
}

/**
 * Chains the inserts of the book's valid households, a chunk at a time, numbered as `numbers`
 * says, each formed by a life event, its members from the days they joined (one who joined later
 * by a birth or arrival of that day), with its flags (bookFlags: the file's and the rule's).
 */
async function chainHouseholds(
  writes: ReturnType<typeof statementChain>,
  bookHouseholds: ReturnType<typeof readHouseholdBook>["households"],
  context: {
    orgId: string;
    userId: string;
    numbers: readonly number[];
    /** The file's hash, which its events name beside the household's key (plotsHolding reads them). */
    fileHash: string;
    /** The reason a flag the file names is recorded with, in the importing user's language. */
    flagReason: string;
    /** The names of the villages the households are in, for their address keys. */
    villageNames: ReadonlyMap<string, string[]>;
  },
) {
  const { orgId, userId, numbers } = context;
  let peopleCount = 0;
  let plotCount = 0;
  let countCount = 0;
  const written: Promise<void>[] = [];
  for (let start = 0; start < bookHouseholds.length; start += IMPORT_CHUNK) {
    const households: (typeof household.$inferInsert)[] = [];
    const people: (typeof person.$inferInsert)[] = [];
    const members: (typeof householdMember.$inferInsert)[] = [];
    const events: (typeof lifeEvent.$inferInsert)[] = [];
    const flags: (typeof householdFlag.$inferInsert)[] = [];
    const plots: (typeof landPlot.$inferInsert)[] = [];
    const counts: (typeof livestockCount.$inferInsert)[] = [];
    const end = Math.min(start + IMPORT_CHUNK, bookHouseholds.length);
    for (let i = start; i < end; i++) {
      // The chained write before answers meanwhile; the next goes out only on the service's turn.
      if (i % BUILD_TURN === 0) await ioTurn();
      const h = bookHouseholds[i]!;
      const householdId = uuidv7();
      households.push({
        id: householdId,
        orgId,
        number: numbers[i]!,
        villageCode: h.villageCode,
        street: h.street,
        house: h.house,
        addressKey: addressKey({
          villageNames: context.villageNames.get(h.villageCode) ?? [],
          street: h.street,
          house: h.house,
        }),
        phone: h.phone,
        formedOn: h.formedOn,
        dwelling: h.dwelling,
        notes: h.notes,
      });
      for (const p of h.landPlots) plots.push({ id: uuidv7(), orgId, householdId, ...p });
      for (const c of h.livestock) counts.push({ id: uuidv7(), orgId, householdId, ...c });
      const imported = (
        kind: "household-formed" | "birth" | "arrival",
        occurredOn: string,
        personId: string | null,
      ) => {
        const id = uuidv7();
        // Spelt out, as every column: a chunk's rows go in one unnest, whose columns are those of its first row.
        events.push({
          id,
          orgId,
          kind,
          occurredOn,
          householdId,
          personId,
          recordedBy: userId,
          details: { imported: h.key, file: context.fileHash },
        });
        return id;
      };
      const formedId = imported("household-formed", h.formedOn, null);
      for (const m of h.members) {
        const personId = uuidv7();
        people.push({ id: personId, orgId, ...m.person });
        members.push({
          id: uuidv7(),
          orgId,
          householdId,
          personId,
          relation: m.relation as Relation,
          fromDate: m.since,
          // One who joined after the household was formed came by an event of their own, as the
          // life events record it: born into it, or arrived (a daughter-in-law who married in).
          fromEventId:
            m.since > h.formedOn
              ? imported(m.since === m.person.birthDate ? "birth" : "arrival", m.since, personId)
              : formedId,
        });
      }
      for (const flag of h.flags)
        flags.push(flagRow(flag, { orgId, householdId, userId }, context.flagReason));
    }
    peopleCount += people.length;
    plotCount += plots.length;
    countCount += counts.length;
    // Built here, while the database writes the chunks before: built in the chained write, the
    // parameters kept the database waiting on the service between statements.
    const statements: SQL[] = [];
    for (const build of [
      () => insertStatements(household, households),
      () => insertStatements(person, people),
      () => insertStatements(lifeEvent, events),
      () => insertStatements(householdMember, members),
      () => insertStatements(householdFlag, flags),
      () => insertStatements(landPlot, plots),
      () => insertStatements(livestockCount, counts),
    ]) {
      statements.push(...build());
      await ioTurn();
    }
    const chunk = asOneStatement(statements);
    written.push(writes.add((tx) => tx.execute(chunk)));
    // A few chunks ahead of the database, not the whole book: rows waiting to be written are what
    // the garbage collector walks again and again.
    if (written.length > CHUNKS_AHEAD) await written.shift();
  }
  return {
    households: bookHouseholds.length,
    people: peopleCount,
    landPlots: plotCount,
    livestockCounts: countCount,
  };
}

/** Each criterion by its name in every language (and its code), for the book's flags column. */
function criterionLookup(criteria: readonly (BookCriterion & { name: LocalizedText })[]) {
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  const names = wordsOf(
    criteria.map((c) => c.code),
    (locale, code) => pickName(byCode.get(code)!.name, locale),
  );
  return new Map(
    [...names].map(([word, code]) => {
      const { rule, active } = byCode.get(code)!;
      return [word, { code, rule, active }];
    }),
  );
}

/**
 * A flag the import sets (bookFlags): one the rule derives gives its reason; one the file sets is
 * said to come from the book, and so is the end the file gives either.
 */
function flagRow(
  flag: BookFlag,
  ids: { orgId: string; householdId: string; userId: string },
  flagReason: string,
): typeof householdFlag.$inferInsert {
  return {
    id: uuidv7(),
    orgId: ids.orgId,
    householdId: ids.householdId,
    criterionCode: flag.code,
    source: flag.source,
    reason: flag.reason?.key ?? flagReason,
    // Spelt out, as every column below: a chunk's rows go in one unnest, whose columns are those of its first row.
    reasonParams: flag.reason?.params ?? {},
    setOn: flag.setOn,
    setBy: ids.userId,
    clearedOn: flag.clearedOn,
    clearedBy: flag.clearedOn === null ? null : ids.userId,
    clearReason: flag.clearedOn === null ? null : flagReason,
  };
}

interface MembershipRow {
  personId: string;
  householdId: string;
  fromDate: string;
  toDate: string | null;
}

interface ExportRow {
  number: number;
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  formedOn: string;
  dwelling: BookDwelling;
  notes: string | null;
  relation: string;
  personId: string;
  householdId: string;
  /** When the open membership began; the member's unbroken stay may have begun earlier (memberSince). */
  fromDate: string;
  surname: string;
  givenName: string;
  patronymic: string | null;
  sex: Sex;
  birthDate: string | null;
  pin: string | null;
  disabilityGroup: DisabilityGroup | null;
  education: string | null;
  occupation: string | null;
  citizenship: string;
  migration: LabourMigration | null;
}

/**
 * The current register, one row per living member, in the template's columns (so it imports back):
 * each member with the first day of its unbroken membership of the household (a relation changed
 * closes one membership and opens the next on the same day), each flag in force with its days.
 */
export async function exportHouseholdBook(database: Database, ctx: RequestContext, format: "xlsx" | "csv") {
  const actor = requireActor(ctx);
  // An office keeps no book, so its own would be empty; the whole of its municipalities' books, every
  // person in a district at once, is theirs to hand out. It searches them and exports their summary.
  if (actor.office) throw new DomainError("registry.book.keptByMunicipality");
  // One snapshot for the whole book: a clerk's write landing between its reads would otherwise give
  // a member without the joining day, or a household without its flags, land or livestock.
  const { data, flagTexts, memberships, holdings } = await withTenant(
    database,
    actor,
    async (tx) => ({
      data: await rows<ExportRow>(
        tx,
        sql`select h.number, h.village_code as "villageCode", h.street, h.house, h.phone, h.formed_on::text as "formedOn",
              h.dwelling, h.notes, m.relation, m.person_id as "personId", m.household_id as "householdId",
              m.from_date::text as "fromDate", p.surname, p.given_name as "givenName",
              p.patronymic, p.sex, p.birth_date::text as "birthDate",
              p.pin, p.disability_group as "disabilityGroup", p.education, p.occupation,
              p.citizenship, p.migration
            from household h
            join household_member m on m.household_id = h.id and m.to_date is null
            join person p on p.id = m.person_id and p.death_date is null
            where h.org_id = ${actor.orgId} and h.dissolved_on is null
            order by h.number, (m.relation <> 'head'), p.birth_date nulls last, p.search_key, p.pin`,
      ),
      flagTexts: await householdFlagTexts(tx, actor.orgId, organisationToday(ctx), ctx.locale),
      memberships: await rows<MembershipRow>(
        tx,
        sql`select person_id as "personId", household_id as "householdId", from_date::text as "fromDate",
              to_date::text as "toDate"
            from household_member where org_id = ${actor.orgId}`,
      ),
      holdings: format === "csv" ? null : await bookHoldings(tx, actor.orgId),
    }),
    { readOnly: true, snapshot: true },
  );
  const locale = ctx.locale;
  // Each member's unbroken stay, read by the card's rule from the person's memberships of the household.
  const staysOf = new Map<string, MembershipRow[]>();
  for (const m of memberships) {
    const key = `${m.personId}:${m.householdId}`;
    const stays = staysOf.get(key);
    if (stays) stays.push(m);
    else staysOf.set(key, [m]);
  }
  // A brother's or sister's word says who is older than the head (агасы, карындашы).
  const heads = new Map(data.filter((r) => r.relation === "head").map((r) => [r.number, r]));
  const line = (r: ExportRow): Record<BookColumn, string | number | null> => ({
    householdKey: r.number,
    villageCode: r.villageCode,
    street: r.street,
    house: r.house,
    phone: r.phone,
    formedOn: r.formedOn,
    dwellingKind: r.dwelling.kind ? kindLabel(locale, r.dwelling.kind) : null,
    dwellingRooms: r.dwelling.rooms ?? null,
    dwellingAreaM2: r.dwelling.areaM2 ?? null,
    dwellingWater: r.dwelling.water ? waterLabel(locale, r.dwelling.water) : null,
    notes: r.notes,
    flags: flagTexts.get(r.number) ?? null,
    relation: translate(locale, relationWordKey(r, heads.get(r.number))),
    memberSince: memberSince(r, staysOf.get(`${r.personId}:${r.householdId}`) ?? []),
    surname: r.surname,
    givenName: r.givenName,
    patronymic: r.patronymic,
    sex: translate(locale, `registry.sex.${r.sex}`),
    birthDate: r.birthDate,
    pin: r.pin,
    disabilityGroup: r.disabilityGroup === null ? null : disabilityWord(locale, r.disabilityGroup),
    education: r.education,
    occupation: r.occupation,
    // Countries by name, as the form shows them; a text older than codes (a migrant's) as it is.
    citizenship: countryNameIn(locale, r.citizenship),
    migrationCountry: r.migration ? countryNameIn(locale, r.migration.country) : null,
    migrationPlace: r.migration?.place ?? null,
    migrationSince: r.migration?.since ?? null,
  });
  const header = BOOK_COLUMNS.map((c) => columnLabel(locale, c));
  const body = data.map((r) => {
    const cells = line(r);
    return BOOK_COLUMNS.map((c) => cells[c]);
  });
  if (!holdings) return csvFile(locale, header, body);
  return workbookFile([
    {
      name: translate(locale, "registry.book.sheet"),
      header,
      rows: body,
      textColumns: BOOK_TEXT_COLUMNS,
      dateColumns: (["formedOn", "memberSince", "birthDate", "migrationSince"] as const).map((c) =>
        BOOK_COLUMNS.indexOf(c),
      ),
    },
    ...holdingSheets(locale, holdings.land, holdings.livestock),
  ]);
}

/** The land plots in force and the livestock counts of the book's households, for its other sheets. */
async function bookHoldings(tx: Tx, orgId: string) {
  return {
    land: await rows<LandRow>(
      tx,
      sql`select h.number, l.cadastral_number as "cadastralNumber", l.area_ha::float8 as "areaHa", l.category,
            l.tenure, l.from_date::text as "fromDate"
          from land_plot l join household h on h.id = l.household_id
          where h.org_id = ${orgId} and h.dissolved_on is null and l.to_date is null
          order by h.number, l.from_date, l.cadastral_number nulls last, l.area_ha, l.id`,
    ),
    livestock: await rows<LivestockRow>(
      tx,
      sql`select h.number, c.counted_on::text as "countedOn", c.counts
          from livestock_count c join household h on h.id = c.household_id
          where h.org_id = ${orgId} and h.dissolved_on is null
          order by h.number, c.counted_on`,
    ),
  };
}

/**
 * The flags in force today of the book's households, by household number: each criterion's name in
 * the user's language with its days (flagText), in the criteria's order, as the import reads them
 * back. A criterion flagged twice at once (set by hand, then derived too) is one flag, from the
 * earlier day until the later end.
 */
async function householdFlagTexts(tx: Tx, orgId: string, today: string, locale: Locale) {
  const found = await rows<{ number: number; name: LocalizedText; setOn: string; clearedOn: string | null }>(
    tx,
    sql`select h.number, c.name, min(f.set_on)::text as "setOn",
            case when bool_and(f.cleared_on is not null) then max(f.cleared_on)::text end as "clearedOn"
          from household h
          join household_flag f on f.household_id = h.id and ${flagInForceOn(today)}
          join vulnerability_criterion c on c.org_id = f.org_id and c.code = f.criterion_code
          where h.org_id = ${orgId} and h.dissolved_on is null
          group by h.number, c.sort, c.code, c.name
          order by h.number, c.sort, c.code`,
  );
  const texts = new Map<number, string[]>();
  for (const f of found) {
    const household = texts.get(f.number) ?? [];
    household.push(flagText(pickName(f.name, locale), f.setOn, f.clearedOn));
    texts.set(f.number, household);
  }
  return new Map([...texts].map(([number, flags]) => [number, flags.join(FLAG_SEPARATOR)]));
}

interface LandRow {
  number: number;
  cadastralNumber: string | null;
  areaHa: number;
  category: string;
  tenure: string;
  fromDate: string;
}
interface LivestockRow {
  number: number;
  countedOn: string;
  counts: Partial<Record<string, number>>;
}

/**
 * The book's columns kept as text in the workbooks we give out (`@`), so Excel keeps what a clerk
 * types: a PIN's fourteen digits, a phone's leading 0, a house such as 12/3 or a street such as
 * 8 Марта, which it would otherwise turn into a number or a date (an import refuses a date there).
 */
const BOOK_TEXT_COLUMNS = (["pin", "street", "house", "phone"] as const).map((c) => BOOK_COLUMNS.indexOf(c));

/** The land and livestock sheets, labelled in the user's language, rows tied to households by number. */
function holdingSheets(
  locale: Locale,
  land: readonly LandRow[],
  livestock: readonly LivestockRow[],
): SheetSpec[] {
  return [
    {
      name: sheetLabel(locale, "land"),
      header: LAND_COLUMNS.map((c) => anyColumnLabel(locale, c)),
      // A cadastral number such as 1-02-03 would become a date too.
      textColumns: [LAND_COLUMNS.indexOf("cadastralNumber")],
      dateColumns: [LAND_COLUMNS.indexOf("fromDate")],
      rows: land.map((l) => [
        l.number,
        l.cadastralNumber,
        l.areaHa,
        categoryLabel(locale, l.category),
        tenureLabel(locale, l.tenure),
        l.fromDate,
      ]),
    },
    {
      name: sheetLabel(locale, "livestock"),
      header: LIVESTOCK_COLUMNS.map((c) => anyColumnLabel(locale, c)),
      dateColumns: [LIVESTOCK_COLUMNS.indexOf("countedOn")],
      rows: livestock.map((c) => [
        c.number,
        c.countedOn,
        ...LIVESTOCK_SPECIES.map((species) => c.counts[species] ?? null),
      ]),
    },
  ];
}
