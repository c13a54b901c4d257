import type { VillageIndex } from "../places/village-names.js";
import { DomainError, type MessageParams } from "../shared/errors.js";
import { numberFromText } from "../shared/number-format.js";
import { dayFromText, paperDate } from "../shared/paper-date.js";
import { phoneOfField } from "../shared/phone.js";
import { CADASTRAL_NUMBER_ISSUE, readCadastralNumber } from "./cadastral-number.js";
import { householdKinshipWarnings } from "./kinship.js";
import { membershipStart } from "./life-events.js";
import {
  abroadSinceOn,
  type LabourMigration,
  nameIssues,
  type PersonInput,
  personValues,
  pinFormIssues,
} from "./person.js";
import type { Sex } from "./pin.js";
import {
  type DisabilityGroup,
  HOME_COUNTRY,
  isCountryCode,
  LAND_PLOT_AREA_HA,
  type LandCategory,
  LIVESTOCK_MAX_HEAD,
  LIVESTOCK_SPECIES,
  type LivestockSpecies,
  type TENURES,
} from "./vocabulary.js";
import {
  contradictingFact,
  type DerivationRule,
  deriveFlagsHeld,
  type MemberFacts,
} from "./vulnerability.js";

/** The columns that describe the household, not the person: every row of a household says the same. */
export const HOUSEHOLD_COLUMNS = [
  "villageCode",
  "street",
  "house",
  "phone",
  "formedOn",
  "dwellingKind",
  "dwellingRooms",
  "dwellingAreaM2",
  "dwellingWater",
  "notes",
  "flags",
] as const;

/**
 * An existing household book brought in from a spreadsheet: one row per person, rows sharing a
 * household key form one household. The columns (and the words accepted in them) come from the
 * caller, so the template can be labelled in any language.
 */
export const BOOK_COLUMNS = [
  "householdKey",
  ...HOUSEHOLD_COLUMNS,
  "relation",
  "surname",
  "givenName",
  "patronymic",
  "sex",
  "birthDate",
  "pin",
  "disabilityGroup",
  "education",
  "occupation",
  "citizenship",
  "migrationCountry",
  "migrationPlace",
  "migrationSince",
  "memberSince",
] as const;
export type BookColumn = (typeof BOOK_COLUMNS)[number];

export const DWELLING_KINDS = ["house", "apartment", "other"] as const;
export const DWELLING_WATERS = ["piped", "well", "canal", "none"] as const;
export interface BookDwelling {
  kind?: (typeof DWELLING_KINDS)[number];
  rooms?: number;
  areaM2?: number;
  water?: (typeof DWELLING_WATERS)[number];
}

/** The book numbers a file may give its households (the paper books' range). */
export const MAX_BOOK_NUMBER = 999_999;

export type CellValue = string | number | Date | boolean | null | undefined;
export interface BookRow {
  /** The row's number in the sheet, as the user sees it. */
  rowNumber: number;
  cells: Partial<Record<BookColumn, CellValue>>;
}

/** The sheet of a household's land plots, rows tied to the household by its key (number). */
export const LAND_COLUMNS = [
  "householdKey",
  "cadastralNumber",
  "areaHa",
  "category",
  "tenure",
  "fromDate",
] as const;
export type LandColumn = (typeof LAND_COLUMNS)[number];
/** The sheet of a household's livestock counts: a row per household and day, a column per species. */
export const LIVESTOCK_COLUMNS = ["householdKey", "countedOn", ...LIVESTOCK_SPECIES] as const;
export type LivestockColumn = (typeof LIVESTOCK_COLUMNS)[number];
export type HoldingsSheet = "land" | "livestock";

export interface SheetRowOf<C extends string> {
  rowNumber: number;
  cells: Partial<Record<C, CellValue>>;
}

export interface BookIssue {
  /** The sheet of the land or livestock; absent for the book's own sheet. */
  sheet?: HoldingsSheet;
  row: number;
  column: BookColumn | LandColumn | LivestockColumn | null;
  code: string;
  params?: MessageParams;
}

export interface BookLandPlot {
  cadastralNumber: string | null;
  areaHa: number;
  category: LandCategory;
  tenure: (typeof TENURES)[number];
  fromDate: string;
}
export interface BookLivestockCount {
  countedOn: string;
  counts: Partial<Record<LivestockSpecies, number>>;
}

export interface BookHousehold<R extends string> {
  key: string;
  /** The number the file gives the household, when its key is one the book can keep (1..999,999). */
  number: number | null;
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  formedOn: string;
  dwelling: BookDwelling;
  notes: string | null;
  /** The flags the import sets: those the file names (bookFlags says how) and those the rule derives. */
  flags: BookFlag[];
  /** What became of each flag the file names, by criterion (bookFlags): for the import's record. */
  fileFlags: FileFlagOutcomes;
  landPlots: BookLandPlot[];
  livestock: BookLivestockCount[];
  /** Head first. */
  members: BookMember<R>[];
}

export interface BookMember<R extends string> {
  relation: R;
  person: ReturnType<typeof personValues>;
  /** The day the person joined the household: the file's, or the day it was formed (or the birth). */
  since: string;
  /** The file's row it was read from: the report names rows, not members. */
  row: number;
}

/** A vulnerability criterion as the book reads it: its code, its rule (null: a social worker sets it), in use or not. */
export interface BookCriterion {
  code: string;
  rule: DerivationRule | null;
  active: boolean;
}

export interface BookLookups<R extends string> {
  /** Folded word → relation code (keys, and the words of each language). */
  relations: Map<string, R>;
  sexes: Map<string, Sex>;
  villages: VillageIndex;
  dwellingKinds: Map<string, NonNullable<BookDwelling["kind"]>>;
  waters: Map<string, NonNullable<BookDwelling["water"]>>;
  landCategories: Map<string, LandCategory>;
  tenures: Map<string, (typeof TENURES)[number]>;
  /** Folded word → disability group: the group itself ("1", "child") and its word in each language (ДМЧ бала). */
  disabilityGroups: ReadonlyMap<string, DisabilityGroup>;
  /**
   * Folded name of a country in any language (Кыргызстан, Kyrgyzstan) → its ISO code; any country
   * may also be given by its code.
   */
  countries: ReadonlyMap<string, string>;
  /**
   * Folded name of a vulnerability criterion in any language (or its code) → the criterion. Absent:
   * the organisation keeps none, and any name in the flags column is unknown.
   */
  criteria?: ReadonlyMap<string, BookCriterion>;
  /**
   * Today: the day a household is taken to be formed when the file does not say (a warning says
   * so), and the latest day any date of the file may be.
   */
  today: string;
  /**
   * Cadastral number → the book number of the household whose plot in force holds it: a number
   * names one plot, so the file may not give it to another (absent: none held).
   */
  heldCadastralNumbers?: ReadonlyMap<string, number>;
}

export const foldWord = (value: string) =>
  value.trim().toLowerCase().replace(/\s+/g, " ").replace(/[.]/g, "");

/** A cell as trimmed text, or null when empty (a date cell as its day). */
export function cellText(value: CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const s = String(value).trim();
  return s.length > 0 ? s : null;
}

/** A day from a spreadsheet cell: a date cell, or text as clerks type it (`dayFromText`). */
export function dayOf(value: CellValue): string | null | "invalid" {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dayFromText(value.toISOString().slice(0, 10));
  return dayFromText(String(value));
}

/**
 * What is wrong with a plot's area read from a file's cell, as the tables take it (numeric(12,4),
 * "area > 0"): below 0.0001 ha it rounds to 0, which the table refuses. Both registers read it so.
 */
export function plotAreaIssue(
  area: number | "invalid" | null,
): { code: string; params?: MessageParams } | null {
  if (area === null) return { code: "required" };
  if (area === "invalid" || area <= 0) return { code: "areaNotPositive" };
  if (area < LAND_PLOT_AREA_HA.min)
    return { code: "areaBelowPrecision", params: { min: LAND_PLOT_AREA_HA.min } };
  if (area > LAND_PLOT_AREA_HA.max) return { code: "areaTooLarge", params: { max: LAND_PLOT_AREA_HA.max } };
  return null;
}

/** A cell that holds no day, quoted back, so a long row's mistake is found at a glance. */
function notADay(value: CellValue) {
  return { code: "invalidDateValue", params: { value: { verbatim: cellText(value) ?? "" } } };
}

/**
 * A date in a cell that holds text (a household's key, street or house): Excel turns a house
 * number typed as 12/3, a key typed as 1-2 or a street typed as 8 Марта (a Russian Excel may read
 * the month) into a day, and what the clerk typed is lost. Refused, with the day it became, so the
 * cell is found and typed again as text.
 */
function dateInTextCell(value: CellValue) {
  return value instanceof Date
    ? { code: "dateInTextCell", params: { value: paperDate(cellText(value)!) } }
    : null;
}

const WHOLE = /^\d+$/;

/** A non-negative number from a cell: a number cell, or text with a decimal point or comma. */
export function numberOf(value: CellValue): number | null | "invalid" {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : "invalid";
  const s = cellText(value);
  if (s === null) return null;
  const n = numberFromText(s);
  return n === null || n === "invalid" || n < 0 ? "invalid" : n;
}

/** A household's book number from its key, when the key is a number the book can keep. */
export function bookNumberOf(key: string): number | null {
  if (!WHOLE.test(key)) return null;
  const n = Number(key);
  return n >= 1 && n <= MAX_BOOK_NUMBER ? n : null;
}

/** A country as the book gives it: its name (any language, any case) or its ISO code; null when neither. */
function countryOf(text: string, countries: ReadonlyMap<string, string>): string | null {
  const named = countries.get(foldWord(text));
  if (named) return named;
  const code = text.toUpperCase();
  return isCountryCode(code) ? code : null;
}

/** Spreadsheets turn PINs into numbers (and drop a leading zero): put them back as 14 digits. */
export function pinOf(value: CellValue): string | null {
  const s = cellText(value);
  if (s === null) return null;
  const digits =
    typeof value === "number" ? String(Math.round(value)).padStart(14, "0") : s.replace(/\s/g, "");
  return digits;
}

/**
 * Checks every row and every household; returns the households that are whole and valid, and every
 * issue found, by row and column. A household with any bad row is left out entirely.
 */
export function readHouseholdBook<R extends string>(
  rows: readonly BookRow[],
  lookups: BookLookups<R>,
  sheets: BookHoldingSheets = {},
) {
  const reader = householdBookReader(lookups);
  reader.readRows(rows);
  return reader.finish(sheets);
}

export interface BookHoldingSheets {
  land?: readonly SheetRowOf<LandColumn>[];
  livestock?: readonly SheetRowOf<LivestockColumn>[];
}

type BookGroups<R extends string> = Map<
  string,
  { rows: BookRow[]; members: (Omit<BookMember<R>, "since"> & { since: string | null })[]; bad: boolean }
>;

/** A member a row of the book makes, before the check of their household. */
export interface BookRowPerson {
  row: number;
  person: ReturnType<typeof personValues>;
}

/**
 * readHouseholdBook in two steps, for a caller that has work to do with the people as their rows are
 * read (an import screens them against the register meanwhile): `readRows` checks each row on its
 * own, a slice at a time in the file's order, and returns the members the slice makes (people of
 * valid rows, whose households `finish` may still refuse); `finish` checks the households and the
 * land and livestock sheets, once every row is read, and ends the reader.
 */
export function householdBookReader<R extends string>(lookups: BookLookups<R>) {
  const issues: BookIssue[] = [];
  const groups: BookGroups<R> = new Map();
  // A PIN is one person's: the row that repeats one is refused, naming the row that had it first.
  const pinRows = new Map<string, number>();
  let rowCount = 0;
  // The households' issues are added to the rows' by `finish`: a second call would add them again.
  let finished = false;
  const open = () => {
    if (finished) throw new Error("the book's reader has finished");
  };
  return {
    readRows: (rows: readonly BookRow[]): BookRowPerson[] => {
      open();
      rowCount += rows.length;
      return checkRows(rows, lookups, issues, groups, pinRows);
    },
    finish: (sheets: BookHoldingSheets = {}) => {
      open();
      finished = true;
      return checkHouseholds(sheets, lookups, issues, groups, rowCount);
    },
  };
}

/** Each row on its own, its person built and grouped under its household's key. */
function checkRows<R extends string>(
  rows: readonly BookRow[],
  lookups: BookLookups<R>,
  issues: BookIssue[],
  groups: BookGroups<R>,
  pinRows: Map<string, number>,
): BookRowPerson[] {
  const people: BookRowPerson[] = [];
  for (const row of rows) {
    const c = row.cells;
    const rowIssues: BookIssue[] = [];
    const need = (column: BookColumn) => {
      const v = cellText(c[column]);
      if (v === null) rowIssues.push({ row: row.rowNumber, column, code: "required" });
      return v;
    };
    const key = need("householdKey");
    const keyAsDate = dateInTextCell(c.householdKey);
    if (keyAsDate) rowIssues.push({ row: row.rowNumber, column: "householdKey", ...keyAsDate });
    const relationText = need("relation");
    const sexText = need("sex");
    const surname = need("surname");
    const givenName = need("givenName");
    const relation = relationText ? lookups.relations.get(foldWord(relationText)) : undefined;
    if (relationText && !relation)
      rowIssues.push({
        row: row.rowNumber,
        column: "relation",
        code: "unknownRelation",
        params: { value: relationText },
      });
    const sex = sexText ? lookups.sexes.get(foldWord(sexText)) : undefined;
    if (sexText && !sex)
      rowIssues.push({ row: row.rowNumber, column: "sex", code: "unknownSex", params: { value: sexText } });
    const birthDate = dayOf(c.birthDate);
    if (birthDate === "invalid")
      rowIssues.push({ row: row.rowNumber, column: "birthDate", ...notADay(c.birthDate) });
    // The day the person joined the household; empty, the day it was formed (or the birth).
    const since = dayOf(c.memberSince);
    if (since === "invalid")
      rowIssues.push({ row: row.rowNumber, column: "memberSince", ...notADay(c.memberSince) });
    else if (since !== null && since > lookups.today)
      rowIssues.push({
        row: row.rowNumber,
        column: "memberSince",
        code: "afterToday",
        params: { today: lookups.today },
      });
    const disabilityText = cellText(c.disabilityGroup);
    const disabilityGroup =
      disabilityText === null ? null : lookups.disabilityGroups.get(foldWord(disabilityText));
    // A group is a word of the template's lists, as a dwelling's kind is: the clerk is sent there.
    if (disabilityGroup === undefined)
      rowIssues.push({
        row: row.rowNumber,
        column: "disabilityGroup",
        code: "unknownWord",
        params: { value: disabilityText! },
      });
    const citizenshipText = cellText(c.citizenship);
    const citizenship = citizenshipText === null ? null : countryOf(citizenshipText, lookups.countries);
    if (citizenshipText !== null && citizenship === null)
      rowIssues.push({
        row: row.rowNumber,
        column: "citizenship",
        code: "unknownCountry",
        params: { value: citizenshipText },
      });
    const migration = migrationOf(row, lookups.countries, rowIssues);
    let person: ReturnType<typeof personValues> | null = null;
    if (!sex || birthDate === "invalid" || migration === "invalid") {
      // The person cannot be built, but the names and the PIN's own form can still be checked, so
      // one pass shows all.
      for (const f of [
        ...nameIssues({ surname, givenName, patronymic: cellText(c.patronymic) }),
        ...pinFormIssues(pinOf(c.pin)),
      ])
        rowIssues.push({ row: row.rowNumber, column: f.path[0] as BookColumn, code: f.code });
    } else if (surname && givenName) {
      const input: PersonInput = {
        pin: pinOf(c.pin),
        surname,
        givenName,
        patronymic: cellText(c.patronymic),
        sex,
        birthDate,
        disabilityGroup: disabilityGroup ?? null,
        education: cellText(c.education),
        occupation: cellText(c.occupation),
        migration,
      };
      if (citizenship) input.citizenship = citizenship;
      try {
        person = personValues(input, lookups.today);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        for (const f of error.fields)
          rowIssues.push({
            row: row.rowNumber,
            column: f.path[0] === "migration" ? "migrationSince" : (f.path[0] as BookColumn),
            code: f.code,
            ...(f.params ? { params: f.params } : {}),
          });
      }
    }
    if (person?.birthDate && since !== null && since !== "invalid" && since < person.birthDate)
      rowIssues.push({
        row: row.rowNumber,
        column: "memberSince",
        code: "memberSinceBeforeBirth",
        params: { birthDate: paperDate(person.birthDate) },
      });
    if (person?.pin) {
      const firstRow = pinRows.get(person.pin);
      if (firstRow === undefined) pinRows.set(person.pin, row.rowNumber);
      else
        rowIssues.push({
          row: row.rowNumber,
          column: "pin",
          code: "pinRepeatedInFile",
          params: { row: firstRow },
        });
    }
    issues.push(...rowIssues);
    if (!key) continue;
    const group = groups.get(key) ?? { rows: [], members: [], bad: false };
    groups.set(key, group);
    group.rows.push(row);
    if (rowIssues.length > 0 || !person || !relation) group.bad = true;
    else {
      group.members.push({ relation, person, since: since as string | null, row: row.rowNumber });
      people.push({ row: row.rowNumber, person });
    }
  }
  return people;
}

/** The households of the rows read, with their land and livestock: the valid ones built. */
function checkHouseholds<R extends string>(
  sheets: BookHoldingSheets,
  lookups: BookLookups<R>,
  issues: BookIssue[],
  groups: BookGroups<R>,
  rowCount: number,
) {
  const holdings = readHoldings(sheets, groups, lookups, issues);
  // The criteria the register uses, each once (the lookup names each in every language).
  const activeCriteria = [
    ...new Map(
      [...(lookups.criteria?.values() ?? [])].filter((c) => c.active).map((c) => [c.code, c]),
    ).values(),
  ];
  const households: BookHousehold<R>[] = [];
  // What the import will do that the clerk may not expect, or rows that look unlikely (a son older
  // than his father): not errors, the households are written as they stand.
  const warnings: BookIssue[] = [];
  for (const [key, group] of groups) {
    const first = group.rows[0]!;
    const household = householdColumns(group.rows, lookups, issues);
    if (!household) group.bad = true;
    const held = holdings.get(key);
    if (held?.bad) group.bad = true;
    const heads = group.rows.filter((r) => {
      const t = cellText(r.cells.relation);
      return t !== null && lookups.relations.get(foldWord(t)) === ("head" as R);
    }).length;
    if (heads !== 1) {
      issues.push({
        row: first.rowNumber,
        column: "relation",
        code: "oneHeadPerHousehold",
        params: { key, count: heads },
      });
      group.bad = true;
    }
    for (const m of household ? group.members : [])
      if (m.since !== null && m.since < household!.formedOn) {
        issues.push({
          row: m.row,
          column: "memberSince",
          code: "memberSinceBeforeHousehold",
          params: { formedOn: paperDate(household!.formedOn) },
        });
        group.bad = true;
      }
    // A household holds no land, and counts no herd, before it was formed, as none of its life
    // events may be dated earlier: the row of the land's or livestock's sheet is named.
    const dated = [
      ...(held?.landPlots ?? []).map((p) => ({
        sheet: "land" as const,
        row: p.row,
        column: "fromDate" as const,
        on: p.fromDate,
        code: "plotBeforeHousehold",
      })),
      ...(held?.livestock ?? []).map((c) => ({
        sheet: "livestock" as const,
        row: c.row,
        column: "countedOn" as const,
        on: c.countedOn,
        code: "livestockBeforeHousehold",
      })),
    ];
    for (const { on, ...at } of household ? dated : [])
      if (on !== null && on < household!.formedOn) {
        issues.push({ ...at, params: { formedOn: paperDate(household!.formedOn) } });
        group.bad = true;
      }
    if (group.bad || !household) continue;
    // Every row of a valid household made a member, in the file's order.
    const members = group.members.map((m) => ({
      ...m,
      since: m.since ?? membershipStart(household.formedOn, m.person.birthDate),
    }));
    for (const { index, issue } of householdKinshipWarnings(
      members.map((m) => ({ relation: m.relation, birthDate: m.person.birthDate, on: m.since })),
    ))
      warnings.push({
        row: members[index]!.row,
        column: issue.path[0] as BookColumn,
        code: issue.code,
        ...(issue.params ? { params: issue.params } : {}),
      });
    const undated = undatedWarning(group.rows, lookups.today);
    if (undated) warnings.push(undated);
    const { namedFlags, ...values } = household;
    const flags = bookFlags(namedFlags, members, activeCriteria, {
      formedOn: values.formedOn,
      today: lookups.today,
    });
    warnings.push(...flags.warnings);
    households.push({
      key,
      number: bookNumberOf(key),
      ...values,
      flags: flags.flags,
      fileFlags: flags.outcomes,
      // A plot the file gives no start is the household's since it was formed.
      landPlots: (held?.landPlots ?? []).map(({ row: _row, ...p }) => ({
        ...p,
        fromDate: p.fromDate ?? household.formedOn,
      })),
      livestock: (held?.livestock ?? []).map(({ row: _row, ...count }) => count),
      members: members.sort((a, b) => Number(b.relation === "head") - Number(a.relation === "head")),
    });
  }
  sortBookIssues(issues);
  warnings.sort((a, b) => a.row - b.row);
  return { households, issues, warnings, rowCount, householdCount: groups.size };
}

/**
 * The valid households by what the municipality's own register holds of their people (`rowsHere`:
 * the rows the screening matched here). One whose every member it holds is the register's own,
 * brought back in (a book exported and imported again): a write leaves it out, since writing it
 * would give each of its people a second record (`registeredHere`). One only some of whose members
 * it holds (`partlyHere`) is refused (refusePartlyRegistered): written, its registered people would
 * be written a second time, and its new people belong on the card of the household that holds the others.
 */
export function leaveOutRegisteredHere<H extends { members: readonly { row: number }[] }>(
  households: readonly H[],
  rowsHere: ReadonlySet<number>,
): { toWrite: H[]; registeredHere: H[]; partlyHere: H[] } {
  const toWrite: H[] = [];
  const registeredHere: H[] = [];
  const partlyHere: H[] = [];
  for (const h of households) {
    const here = h.members.filter((m) => rowsHere.has(m.row)).length;
    (here === 0 ? toWrite : here === h.members.length ? registeredHere : partlyHere).push(h);
  }
  return { toWrite, registeredHere, partlyHere };
}

/** Where the municipality's register holds a person of the file: by which rule, in which household (null: in none). */
export interface HeldHere {
  reason: "same-pin" | "same-name-and-birth-date";
  household: number | null;
}

/**
 * The rows of households partly registered here (leaveOutRegisteredHere's `partlyHere`) that the
 * register holds already, each an error naming the household that holds the person (at the PIN when
 * the PIN matched), added to the book's issues in their order; the households are refused with them.
 */
export function refusePartlyRegistered<H extends { members: readonly { row: number }[] }>(
  read: { households: readonly H[]; issues: readonly BookIssue[] },
  partlyHere: readonly H[],
  heldHere: ReadonlyMap<number, HeldHere>,
): { households: H[]; issues: BookIssue[] } {
  const refused = new Set(partlyHere);
  const issues = [...read.issues];
  for (const h of partlyHere)
    for (const { row } of h.members) {
      const held = heldHere.get(row);
      if (!held) continue;
      const column = held.reason === "same-pin" ? "pin" : null;
      issues.push(
        held.household === null
          ? { row, column, code: "registeredHereInPartNoHousehold" }
          : { row, column, code: "registeredHereInPart", params: { household: held.household } },
      );
    }
  sortBookIssues(issues);
  return { households: read.households.filter((h) => !refused.has(h)), issues };
}

/** The book's sheet first, then the land's, then the livestock's; each by row. */
function sortBookIssues(issues: BookIssue[]) {
  const sheetOrder = (i: BookIssue) => (i.sheet === undefined ? 0 : i.sheet === "land" ? 1 : 2);
  issues.sort((a, b) => sheetOrder(a) - sheetOrder(b) || a.row - b.row);
}

/**
 * A household the file gives no formation day (a paper book often has none) is formed today, and
 * so are its land plots that give no start: said on its first row, with the day, so the clerk can
 * write the day in first rather than find the register dated by the import.
 */
function undatedWarning(rows: readonly BookRow[], today: string): BookIssue | null {
  if (rows.some((row) => cellText(row.cells.formedOn) !== null)) return null;
  return { row: rows[0]!.rowNumber, column: "formedOn", code: "formedOnToday", params: { day: today } };
}

const isEmpty = (value: CellValue) => value === null || value === undefined || value === "";

/**
 * A person's labour migration from its three columns: abroad (the country, by name in any language
 * or by code, never this one), where, since.
 */
function migrationOf(
  row: BookRow,
  countries: ReadonlyMap<string, string>,
  issues: BookIssue[],
): LabourMigration | null | "invalid" {
  const c = row.cells;
  // Most people are at home: three empty cells, nothing to read.
  if (isEmpty(c.migrationCountry) && isEmpty(c.migrationPlace) && isEmpty(c.migrationSince)) return null;
  const countryText = cellText(c.migrationCountry);
  const country = countryText === null ? null : countryOf(countryText, countries);
  const place = cellText(c.migrationPlace);
  const since = dayOf(c.migrationSince);
  const before = issues.length;
  if (since === "invalid")
    issues.push({ row: row.rowNumber, column: "migrationSince", ...notADay(c.migrationSince) });
  else if (countryText && since === null)
    issues.push({ row: row.rowNumber, column: "migrationSince", code: "required" });
  if (!countryText && (place || since))
    issues.push({ row: row.rowNumber, column: "migrationCountry", code: "required" });
  else if (countryText && country === null)
    issues.push({
      row: row.rowNumber,
      column: "migrationCountry",
      code: "unknownCountry",
      params: { value: countryText },
    });
  else if (country === HOME_COUNTRY)
    issues.push({ row: row.rowNumber, column: "migrationCountry", code: "migrationHomeCountry" });
  if (issues.length > before) return "invalid";
  return country && since && since !== "invalid" ? { country, ...(place ? { place } : {}), since } : null;
}

type HouseholdColumn = (typeof HOUSEHOLD_COLUMNS)[number];

/** A household column's value as compared across rows: a day, a village's code, a number, a folded word. */
function comparable(column: HouseholdColumn, value: CellValue, text: string, villages: VillageIndex): string {
  if (column === "formedOn") return String(dayOf(value));
  if (column === "villageCode") {
    const match = villages.find(text);
    return "code" in match ? match.code : foldWord(text);
  }
  if (column === "dwellingRooms" || column === "dwellingAreaM2") return String(numberOf(value));
  if (column === "phone") {
    // Two spellings of one number ("0555 12 34 56", "+996555123456") are one phone.
    const phone = phoneOfField(text);
    return phone === null || phone === "invalid" ? foldWord(text) : phone;
  }
  return foldWord(text);
}

const DWELLING_COLUMNS = ["dwellingKind", "dwellingRooms", "dwellingAreaM2", "dwellingWater"] as const;

/** One dwelling column's value put into the dwelling, or an issue where it is not one. */
function dwellingCell<R extends string>(
  dwelling: BookDwelling,
  column: (typeof DWELLING_COLUMNS)[number],
  given: { row: BookRow; text: string },
  lookups: BookLookups<R>,
  issues: BookIssue[],
) {
  const where = { row: given.row.rowNumber, column };
  if (column === "dwellingKind" || column === "dwellingWater") {
    const word =
      column === "dwellingKind"
        ? lookups.dwellingKinds.get(foldWord(given.text))
        : lookups.waters.get(foldWord(given.text));
    if (!word) issues.push({ ...where, code: "unknownWord", params: { value: given.text } });
    else if (column === "dwellingKind") dwelling.kind = word as BookDwelling["kind"];
    else dwelling.water = word as BookDwelling["water"];
    return;
  }
  const n = numberOf(given.row.cells[column]);
  const rooms = column === "dwellingRooms";
  if (n === null) return;
  const max = rooms ? 100 : 10_000;
  // Said as the number the column takes, with the value given: "not allowed" told the clerk nothing.
  if (n === "invalid" || n > max || (rooms && !Number.isInteger(n)))
    issues.push({
      ...where,
      code: rooms ? "wholeNumberUpTo" : "numberUpTo",
      params: { max, value: given.text },
    });
  else if (rooms) dwelling.rooms = n;
  else dwelling.areaM2 = n;
}

type HouseholdValues = Omit<
  BookHousehold<string>,
  "key" | "number" | "rows" | "members" | "landPlots" | "livestock" | "flags" | "fileFlags"
> & { namedFlags: NamedFlag[] };

/**
 * The household's own columns, which may be filled on the head's row only. A household column two
 * rows give different values is an error naming both rows (which one is right is the clerk's call).
 */
function householdColumns<R extends string>(
  rows: readonly BookRow[],
  lookups: BookLookups<R>,
  issues: BookIssue[],
): HouseholdValues | null {
  const before = issues.length;
  const first = rows[0]!;
  const given = new Map<HouseholdColumn, { row: BookRow; text: string; key?: string }>();
  for (const row of rows)
    for (const column of HOUSEHOLD_COLUMNS) {
      const value = row.cells[column];
      const text = cellText(value);
      if (text === null) continue;
      const asDate = column === "street" || column === "house" ? dateInTextCell(value) : null;
      if (asDate) issues.push({ row: row.rowNumber, column, ...asDate });
      const seen = given.get(column);
      if (!seen) given.set(column, { row, text });
      // Most books give a household column once, or repeat it as it was: nothing to compare then.
      else if (text !== seen.text) {
        seen.key ??= comparable(column, seen.row.cells[column], seen.text, lookups.villages);
        if (comparable(column, value, text, lookups.villages) !== seen.key)
          issues.push({
            row: row.rowNumber,
            column,
            code: "householdColumnDiffers",
            params: { row: seen.row.rowNumber, value: seen.text },
          });
      }
    }
  const text = (column: HouseholdColumn) => given.get(column)?.text ?? null;
  const rowOf = (column: HouseholdColumn) => given.get(column)?.row.rowNumber ?? first.rowNumber;

  let villageCode: string | null = null;
  const villageText = text("villageCode");
  if (!villageText) issues.push({ row: first.rowNumber, column: "villageCode", code: "required" });
  else {
    const match = lookups.villages.find(villageText);
    if ("code" in match) villageCode = match.code;
    else
      issues.push({
        row: rowOf("villageCode"),
        column: "villageCode",
        ...("ambiguous" in match
          ? { code: "ambiguousVillage", params: { value: villageText, codes: match.ambiguous.join(", ") } }
          : { code: "unknownVillage", params: { code: villageText } }),
      });
  }
  const formedOn = dayOf(given.get("formedOn")?.row.cells.formedOn) ?? lookups.today;
  if (formedOn === "invalid" || formedOn > lookups.today)
    issues.push({
      row: rowOf("formedOn"),
      column: "formedOn",
      ...(formedOn === "invalid"
        ? notADay(given.get("formedOn")?.row.cells.formedOn)
        : { code: "afterToday", params: { today: lookups.today } }),
    });
  // Checked and stored as the household's form does, so a search by phone finds it.
  const phone = phoneOfField(text("phone"));
  if (phone === "invalid") issues.push({ row: rowOf("phone"), column: "phone", code: "phoneInvalid" });
  const dwelling: BookDwelling = {};
  for (const column of DWELLING_COLUMNS) {
    const seen = given.get(column);
    if (seen) dwellingCell(dwelling, column, seen, lookups, issues);
  }
  const flagsGiven = given.get("flags");
  const namedFlags = flagsGiven
    ? flagsOfColumn(flagsGiven, formedOn === "invalid" ? null : formedOn, lookups, issues)
    : [];
  if (issues.length > before || !villageCode || formedOn === "invalid" || phone === "invalid") return null;
  return {
    villageCode,
    street: text("street"),
    house: text("house"),
    phone,
    formedOn,
    dwelling,
    notes: text("notes"),
    namedFlags,
  };
}

/** How the flags column separates the criteria it names, as the export writes them. */
export const FLAG_SEPARATOR = "; ";

/** A flag of the register as the flags column writes it: the criterion's name and its days, "Name (01.06.2026–31.12.2026)". */
export function flagText(name: string, setOn: string, clearedOn: string | null): string {
  return `${name} (${paperDate(setOn)}–${clearedOn === null ? "" : paperDate(clearedOn)})`;
}

const DAY_TEXT = String.raw`\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2}`;
/** The days in a flag's brackets: "from–until", "from–" or "from" (any dash, spaces as typed). */
const FLAG_DAYS = new RegExp(`^\\s*(${DAY_TEXT})\\s*(?:[-–—]\\s*(${DAY_TEXT})?\\s*)?$`);
const NAME_AND_BRACKETS = /^(.*?)\s*\(([^()]*)\)$/;

/** A flag the flags column names: the criterion, the name as written, and the days it gives (none: names only). */
interface NamedFlag {
  criterion: BookCriterion;
  name: string;
  row: number;
  setOn: string | null;
  clearedOn: string | null;
}

/**
 * The flags a household's flags column names ("; " between them), each by its criterion's name in
 * any language and, as the export writes them, its days in brackets. Names only are taken as
 * hand-made books give them. A name no criterion has, days that are no days, a flag set after
 * today or before the household was formed, one ending before it starts or after today, or a
 * criterion named twice with other days: an error on the column.
 */
function flagsOfColumn<R extends string>(
  given: { row: BookRow; text: string },
  formedOn: string | null,
  lookups: BookLookups<R>,
  issues: BookIssue[],
): NamedFlag[] {
  const flags = new Map<string, NamedFlag>();
  const at = (code: string, params: Record<string, string | number>) =>
    issues.push({ row: given.row.rowNumber, column: "flags", code, params });
  const criterionOf = (name: string) => lookups.criteria?.get(foldWord(name));
  for (const item of given.text.split(FLAG_SEPARATOR.trim())) {
    const text = item.trim();
    if (text === "") continue;
    // A name may hold brackets of its own: the whole text is tried as a name first.
    const bracketed = criterionOf(text) ? null : NAME_AND_BRACKETS.exec(text);
    const name = bracketed ? bracketed[1]! : text;
    const criterion = criterionOf(name);
    if (!criterion) {
      at("unknownCriterion", { code: text });
      continue;
    }
    const days = bracketed ? FLAG_DAYS.exec(bracketed[2]!) : null;
    const setOn = days ? dayOf(days[1]) : null;
    const clearedOn = days ? dayOf(days[2]) : null;
    if (bracketed && (!days || setOn === "invalid" || clearedOn === "invalid")) {
      at("flagDays", { value: text });
      continue;
    }
    const flag: NamedFlag = {
      criterion,
      name,
      row: given.row.rowNumber,
      setOn: setOn as string | null,
      clearedOn: clearedOn as string | null,
    };
    const before = issues.length;
    if (flag.setOn !== null && flag.setOn > lookups.today)
      at("flagAfterToday", { name, today: paperDate(lookups.today) });
    else if (flag.setOn !== null && formedOn !== null && flag.setOn < formedOn)
      at("flagBeforeHousehold", { name, formedOn: paperDate(formedOn) });
    if (flag.setOn !== null && flag.clearedOn !== null && flag.clearedOn < flag.setOn)
      at("flagEndsBeforeStart", { name, from: paperDate(flag.setOn), until: paperDate(flag.clearedOn) });
    const same = flags.get(criterion.code);
    // The same flag twice is one; two periods of one criterion in force at once are not.
    if (same && (same.setOn !== flag.setOn || same.clearedOn !== flag.clearedOn))
      at("flagRepeated", { name });
    if (issues.length === before) flags.set(criterion.code, flag);
  }
  return [...flags.values()];
}

/** A vulnerability flag the import sets, from the file's flags column or by the register's rule. */
export interface BookFlag {
  code: string;
  /** Set by hand (the file's word, as a social worker's), or by the register's rule on the members' data. */
  source: "manual" | "derived";
  setOn: string;
  clearedOn: string | null;
  /** The rule's reason for a derived flag (a catalog key and its values); null for one the file sets. */
  reason: { key: string; params: Record<string, string | number> } | null;
}

/**
 * What became of the flags a household's flags column names, each a criterion's code: set as a
 * social worker's (the criterion has no rule, or the members' data falls short of it), left to the
 * rule the members give, not set because their facts rule it out, or not set because the register
 * no longer uses the criterion.
 */
export interface FileFlagOutcomes {
  keptByHand: string[];
  confirmedByRule: string[];
  contradicted: string[];
  notInUse: string[];
}

/**
 * The flags the import sets on a household: those the register's rules derive from its members on
 * `today`, each from the day its facts began (`deriveFlagsHeld`, as the card registers a household),
 * and those its flags column names. A flag the file names runs the days it gives (names
 * only: from the formation day, open). A criterion the register derives is left to its rule when
 * the members give it (no second flag; it keeps the file's days). When they do not, either their
 * recorded facts rule it out (a male head for "female-headed"), and the flag is not set, as the
 * card refuses it (`contradictingFact`), or the register's data only falls short of what a social
 * worker judged (an unknown birth date, no disability recorded), and it is kept as set by hand;
 * a warning says which. The file's members are today's, so only a flag still in force today (open,
 * or cleared on a day ahead, with a warning) is held to their facts. One that ended while the facts
 * the rule reads today held stands as the decision it was; one that ended before they began is
 * history, and the rule's flag starts with them. A criterion the register no longer uses is not
 * set, with a warning.
 */
function bookFlags(
  named: readonly NamedFlag[],
  members: readonly { relation: string; since: string; person: ReturnType<typeof personValues> }[],
  criteria: readonly BookCriterion[],
  on: { formedOn: string; today: string },
): { flags: BookFlag[]; outcomes: FileFlagOutcomes; warnings: BookIssue[] } {
  const facts: Omit<MemberFacts, "personId">[] = members.map((m) => ({
    relation: m.relation,
    sex: m.person.sex,
    birthDate: m.person.birthDate,
    disabilityGroup: m.person.disabilityGroup,
    memberSince: m.since,
    abroadSince: abroadSinceOn(m.person.migration, on.today),
  }));
  const derived = new Map(deriveFlagsHeld(facts, criteria, on.formedOn, on.today).map((f) => [f.code, f]));
  const flags: BookFlag[] = [];
  const outcomes: FileFlagOutcomes = { keptByHand: [], confirmedByRule: [], contradicted: [], notInUse: [] };
  const warnings: BookIssue[] = [];
  for (const n of named) {
    const warn = (code: string, params: MessageParams = {}) =>
      warnings.push({ row: n.row, column: "flags", code, params: { name: n.name, ...params } });
    const rule = derived.get(n.criterion.code);
    const inForceToday = n.clearedOn === null || n.clearedOn > on.today;
    const contradiction =
      n.criterion.rule && inForceToday ? contradictingFact(n.criterion.rule, facts, on.today) : null;
    if (!n.criterion.active) {
      outcomes.notInUse.push(n.criterion.code);
      warn("flagCriterionNotInUse");
    } else if (contradiction) {
      outcomes.contradicted.push(n.criterion.code);
      warn("flagContradictedInFile", { fact: { key: contradiction.fact, params: contradiction.params } });
    } else if (rule && !inForceToday && rule.since >= n.clearedOn!) {
      // Ended before the facts that give it today began (a head who became head since): the file's
      // flag is history, and the rule's starts with its facts.
      outcomes.keptByHand.push(n.criterion.code);
      flags.push({
        code: rule.code,
        source: "manual",
        setOn: n.setOn ?? on.formedOn,
        clearedOn: n.clearedOn,
        reason: null,
      });
    } else if (rule) {
      // The file's days stand, its end too: one ended while the facts held was a social worker's
      // decision, which the register keeps while they hold.
      derived.delete(rule.code);
      outcomes.confirmedByRule.push(rule.code);
      flags.push({
        code: rule.code,
        source: "derived",
        setOn: n.setOn ?? rule.since,
        clearedOn: n.clearedOn,
        reason: { key: rule.reason, params: rule.params },
      });
    } else {
      // Today's members say nothing of the days of a flag that has ended.
      if (n.criterion.rule && inForceToday) warn("flagKeptByHand");
      outcomes.keptByHand.push(n.criterion.code);
      flags.push({
        code: n.criterion.code,
        source: "manual",
        setOn: n.setOn ?? on.formedOn,
        clearedOn: n.clearedOn,
        reason: null,
      });
    }
    // The card clears a flag only on a day that has come, but older records may hold a clearing
    // ahead (a benefit granted until then) and the export writes it: read back, the flag stays in
    // force till that day, which the check says.
    if (n.criterion.active && !contradiction && n.clearedOn !== null && n.clearedOn > on.today)
      warn("flagClearedAhead", { until: paperDate(n.clearedOn) });
  }
  for (const rule of derived.values())
    flags.push({
      code: rule.code,
      source: "derived",
      setOn: rule.since,
      clearedOn: null,
      reason: { key: rule.reason, params: rule.params },
    });
  return { flags, outcomes, warnings };
}

/**
 * A land row's cadastral number as the form reads one (`readCadastralNumber`): null when blank,
 * "invalid" when it is no cadastral number, a date cell too (a short number a spreadsheet took for
 * a day, 1-02-03). A book exported with a number stored before the rule holds it as stored:
 * imported again, that row is refused at its cell, to be corrected there.
 */
export const bookCadastralNumber = (cell: CellValue) =>
  cell instanceof Date ? "invalid" : readCadastralNumber(cellText(cell));

interface Holdings {
  /** With the land sheet's row each was read from, which a plot dated before its household names. */
  landPlots: (Omit<BookLandPlot, "fromDate"> & { fromDate: string | null; row: number })[];
  /** With the livestock sheet's row each was read from, which a count dated before its household names. */
  livestock: (BookLivestockCount & { row: number })[];
  bad: boolean;
}

/**
 * The land plots and livestock counts of the book's households, by household key: each row
 * checked, a row naming no household of the book refused, a household counted twice on one day
 * refused naming the first row. A household with a bad row of either sheet is left out whole.
 */
function readHoldings<R extends string>(
  sheets: { land?: readonly SheetRowOf<LandColumn>[]; livestock?: readonly SheetRowOf<LivestockColumn>[] },
  groups: ReadonlyMap<string, unknown>,
  lookups: BookLookups<R>,
  issues: BookIssue[],
): Map<string, Holdings> {
  const byKey = new Map<string, Holdings>();
  const holdingsOf = (key: string) => {
    const found = byKey.get(key);
    if (found) return found;
    const h: Holdings = { landPlots: [], livestock: [], bad: false };
    byKey.set(key, h);
    return h;
  };
  const keyOf = (sheet: HoldingsSheet, row: SheetRowOf<"householdKey">) => {
    const key = cellText(row.cells.householdKey);
    const asDate = dateInTextCell(row.cells.householdKey);
    if (key === null) issues.push({ sheet, row: row.rowNumber, column: "householdKey", code: "required" });
    else if (asDate) {
      issues.push({ sheet, row: row.rowNumber, column: "householdKey", ...asDate });
      return null;
    } else if (!groups.has(key))
      issues.push({
        sheet,
        row: row.rowNumber,
        column: "householdKey",
        code: "householdNotInBook",
        params: { key },
      });
    return key !== null && groups.has(key) ? key : null;
  };
  // A cadastral number names one plot: the row that repeats one is refused, naming the first.
  const cadastralRows = new Map<string, number>();
  for (const row of sheets.land ?? []) {
    const before = issues.length;
    const at = (column: LandColumn, code: string, params?: MessageParams) =>
      issues.push({ sheet: "land", row: row.rowNumber, column, code, ...(params ? { params } : {}) });
    const key = keyOf("land", row);
    const c = row.cells;
    const area = numberOf(c.areaHa);
    const areaIssue = plotAreaIssue(area);
    if (areaIssue) at("areaHa", areaIssue.code, areaIssue.params);
    const categoryText = cellText(c.category);
    const category = categoryText === null ? undefined : lookups.landCategories.get(foldWord(categoryText));
    if (categoryText === null) at("category", "required");
    else if (!category) at("category", "unknownWord", { value: categoryText });
    const tenureText = cellText(c.tenure);
    const tenure = tenureText === null ? "owned" : lookups.tenures.get(foldWord(tenureText));
    if (!tenure) at("tenure", "unknownWord", { value: tenureText! });
    const fromDate = dayOf(c.fromDate);
    if (fromDate === "invalid") at("fromDate", "invalidDateValue", notADay(c.fromDate).params);
    else if (fromDate !== null && fromDate > lookups.today)
      at("fromDate", "afterToday", { today: lookups.today });
    const cadastralNumber = bookCadastralNumber(c.cadastralNumber);
    if (cadastralNumber === "invalid")
      at("cadastralNumber", CADASTRAL_NUMBER_ISSUE.code, CADASTRAL_NUMBER_ISSUE.params);
    else if (cadastralNumber !== null) {
      const firstRow = cadastralRows.get(cadastralNumber);
      const holder = lookups.heldCadastralNumbers?.get(cadastralNumber);
      if (firstRow !== undefined) at("cadastralNumber", "cadastralRepeatedInFile", { row: firstRow });
      else if (holder !== undefined) at("cadastralNumber", "cadastralNumberHeld", { number: holder });
      else cadastralRows.set(cadastralNumber, row.rowNumber);
    }
    if (key === null) continue;
    const h = holdingsOf(key);
    if (issues.length > before) h.bad = true;
    else
      h.landPlots.push({
        cadastralNumber: cadastralNumber as string | null,
        areaHa: area as number,
        category: category!,
        tenure: tenure!,
        fromDate: fromDate as string | null,
        row: row.rowNumber,
      });
  }
  const counted = new Map<string, number>();
  for (const row of sheets.livestock ?? []) {
    const before = issues.length;
    const key = keyOf("livestock", row);
    const c = row.cells;
    const countedOn = dayOf(c.countedOn) ?? lookups.today;
    if (countedOn === "invalid")
      issues.push({ sheet: "livestock", row: row.rowNumber, column: "countedOn", ...notADay(c.countedOn) });
    else if (countedOn > lookups.today)
      issues.push({
        sheet: "livestock",
        row: row.rowNumber,
        column: "countedOn",
        code: "afterToday",
        params: { today: lookups.today },
      });
    const counts: Partial<Record<LivestockSpecies, number>> = {};
    for (const species of LIVESTOCK_SPECIES) {
      const n = numberOf(c[species]);
      if (n === null) continue;
      if (n === "invalid" || !Number.isInteger(n))
        issues.push({
          sheet: "livestock",
          row: row.rowNumber,
          column: species,
          code: "wholeNumberUpTo",
          params: { max: LIVESTOCK_MAX_HEAD[species], value: cellText(c[species])! },
        });
      else if (n > LIVESTOCK_MAX_HEAD[species])
        issues.push({
          sheet: "livestock",
          row: row.rowNumber,
          column: species,
          code: "livestockTooMany",
          params: { max: LIVESTOCK_MAX_HEAD[species] },
        });
      else counts[species] = n;
    }
    if (key !== null && countedOn !== "invalid") {
      const first = counted.get(`${key}|${countedOn}`);
      if (first === undefined) counted.set(`${key}|${countedOn}`, row.rowNumber);
      else
        issues.push({
          sheet: "livestock",
          row: row.rowNumber,
          column: "countedOn",
          code: "livestockCountRepeated",
          params: { row: first },
        });
    }
    if (key === null) continue;
    const h = holdingsOf(key);
    if (issues.length > before) h.bad = true;
    else h.livestock.push({ countedOn: countedOn as string, counts, row: row.rowNumber });
  }
  return byKey;
}
