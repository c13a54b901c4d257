import type { Locale } from "../places/units.js";
import type { VillageIndex } from "../places/village-names.js";
import { CADASTRAL_NUMBER_ISSUE } from "../registry/cadastral-number.js";
import {
  bookCadastralNumber,
  type CellValue,
  cellText,
  pinOf,
  plotAreaIssue,
} from "../registry/household-book.js";
import { DomainError, type MessageParams } from "../shared/errors.js";
import { parseNumber } from "./network-sheet.js";
import { waterUserIdentity } from "./water-user.js";

/**
 * A provider's list of water users and their plots, brought in from a spreadsheet: one row per
 * plot, every row naming its user; a user without plots is one row with the plot columns empty.
 *
 * Re-importing a file adds nothing twice. A row's user is, in this order: the user with the
 * file's number (as the export writes it); a person with the same PIN; a legal entity with the
 * same tax number, or else the same name; a person without a PIN with the same name in the same
 * village. Rows that name one user are one user. A plot is the same plot when its user, outlet and
 * cadastral number agree (without a cadastral number: user, outlet and area). An existing user or
 * plot is left as it is: the import adds, it does not edit.
 */
export const USER_SHEET_COLUMNS = [
  "number",
  "kind",
  "surname",
  "givenName",
  "patronymic",
  "pin",
  "legalName",
  "legalEntityKind",
  "taxId",
  "villageCode",
  "member",
  "phone",
  "language",
  "outlet",
  "areaHa",
  "tenure",
  "cadastralNumber",
] as const;
export type UserSheetColumn = (typeof USER_SHEET_COLUMNS)[number];
/** Columns a template must have: the rest may be left out of a file. */
export const USER_SHEET_REQUIRED: readonly UserSheetColumn[] = ["surname", "givenName", "legalName"];
const PLOT_COLUMNS = ["outlet", "areaHa", "tenure", "cadastralNumber"] as const;

export interface UserSheetRow {
  rowNumber: number;
  cells: Partial<Record<UserSheetColumn, CellValue>>;
}

export interface UserSheetIssue {
  row: number;
  column: UserSheetColumn | null;
  code: string;
  params?: MessageParams;
}

export type WaterUserKind = "person" | "legal-entity";
export type PlotTenure = "own" | "lease";

/** A user as the register already holds them, for matching. */
export interface KnownUser {
  id: string;
  number: number;
  kind: WaterUserKind;
  pin: string | null;
  taxId: string | null;
  searchKey: string;
  villageCode: string | null;
}

export interface UserSheetLookups {
  /** Folded word → value: the key and its label in every language. */
  kinds: Map<string, WaterUserKind>;
  legalEntityKinds: Map<string, string>;
  booleans: Map<string, boolean>;
  languages: Map<string, Locale>;
  tenures: Map<string, PlotTenure>;
  fold: (text: string) => string;
  /** The provider's villages, by code or by any of their names. */
  villages: VillageIndex;
  /** Folded outlet code (or a name no other outlet has) → outlet id. */
  outlets: Map<string, string>;
  knownUsers: readonly KnownUser[];
  /** Keys (`plotKey`) of the known users' plots in force. */
  knownPlots: Set<string>;
  defaultLocale: Locale;
}

export type UserIdentity = ReturnType<typeof waterUserIdentity>;

export interface SheetPlot {
  row: number;
  outletId: string;
  areaHa: number;
  tenure: PlotTenure;
  cadastralNumber: string | null;
}

export interface SheetUser {
  rows: number[];
  /** The user already registered, or null for a new one. */
  knownId: string | null;
  identity: UserIdentity;
  villageCode: string | null;
  member: boolean;
  locale: Locale;
  /** Plots to add; plots the user already has are counted in `knownPlots`. */
  plots: SheetPlot[];
  knownPlots: number;
}

/** The keys a user is found by; the first is how rows of one user are grouped. */
export function userKeys(u: {
  kind: WaterUserKind;
  pin: string | null;
  taxId: string | null;
  searchKey: string;
  villageCode: string | null;
}): string[] {
  if (u.kind === "person") return [u.pin ? `pin:${u.pin}` : `name:${u.searchKey}|${u.villageCode ?? ""}`];
  return [...(u.taxId ? [`tax:${u.taxId}`] : []), `legal:${u.searchKey}`];
}

/** The key a plot is found by within its user (`userRef` is the user's id, or the file's group key). */
export function plotKey(
  userRef: string,
  p: { outletId: string; cadastralNumber: string | null; areaHa: number },
  fold: (text: string) => string,
) {
  const where = p.cadastralNumber ? `cad:${fold(p.cadastralNumber)}` : `area:${p.areaHa}`;
  return `${userRef}|${p.outletId}|${where}`;
}

interface ReadRow {
  row: number;
  /** Any problem in the row: its user is then left out whole. */
  bad: boolean;
  key: string;
  knownId: string | null;
  identity: UserIdentity;
  villageCode: string | null;
  member: boolean;
  locale: Locale;
  plot: Omit<SheetPlot, "row"> | null;
}

/** One row: each cell by its column, then the user's identity as a whole (every problem at once). */
function readRow(row: UserSheetRow, lookups: UserSheetLookups, issues: UserSheetIssue[]): ReadRow | null {
  const c = row.cells;
  const before = issues.length;
  const issue = (column: UserSheetColumn, code: string, params?: MessageParams) =>
    issues.push({ row: row.rowNumber, column, code, ...(params ? { params } : {}) });
  const word = <T>(column: UserSheetColumn, map: Map<string, T>): T | null => {
    const value = cellText(c[column]);
    if (value === null) return null;
    const found = map.get(lookups.fold(value));
    if (found === undefined) issue(column, "unknownWord", { value });
    return found ?? null;
  };

  let known: KnownUser | undefined;
  const numberText = cellText(c.number);
  if (numberText !== null) {
    const n = parseNumber(c.number);
    known = n === null ? undefined : lookups.knownUsers.find((u) => u.number === n);
    if (!known) issue("number", "unknownWaterUserNumber", { number: numberText });
  }
  const legalName = cellText(c.legalName);
  const surname = cellText(c.surname);
  const kind = word("kind", lookups.kinds) ?? (legalName && !surname ? "legal-entity" : "person");
  const villageText = cellText(c.villageCode);
  const village = villageText === null ? null : lookups.villages.find(villageText);
  const villageCode = village && "code" in village ? village.code : null;
  if (village && "unknown" in village) issue("villageCode", "villageNotServed", { code: villageText! });
  if (village && "ambiguous" in village)
    issue("villageCode", "ambiguousVillage", { value: villageText!, codes: village.ambiguous.join(", ") });
  const member = word("member", lookups.booleans) ?? true;
  const locale = word("language", lookups.languages) ?? lookups.defaultLocale;
  const legalEntityKind = word("legalEntityKind", lookups.legalEntityKinds);
  let identity: UserIdentity | null = null;
  try {
    identity = waterUserIdentity({
      kind,
      pin: pinOf(c.pin),
      surname,
      givenName: cellText(c.givenName),
      patronymic: cellText(c.patronymic),
      legalName,
      // A word not understood is already reported; do not also call the kind missing.
      legalEntityKind: legalEntityKind ?? (cellText(c.legalEntityKind) ? "unknown" : null),
      taxId: cellText(c.taxId),
      phone: cellText(c.phone),
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    for (const f of error.fields) issue(f.path[0] as UserSheetColumn, f.code, f.params);
  }

  let plot: ReadRow["plot"] = null;
  if (PLOT_COLUMNS.some((column) => cellText(c[column]) !== null)) {
    const outletText = cellText(c.outlet);
    const outletId = outletText ? lookups.outlets.get(lookups.fold(outletText)) : undefined;
    if (!outletText) issue("outlet", "required");
    else if (!outletId) issue("outlet", "notAnOutlet", { code: outletText });
    const areaHa = parseNumber(c.areaHa);
    const areaIssue = plotAreaIssue(cellText(c.areaHa) === null ? null : (areaHa ?? "invalid"));
    if (areaIssue) issue("areaHa", areaIssue.code, areaIssue.params);
    const tenure = word("tenure", lookups.tenures) ?? "own";
    // Read and checked as the register's land plots are (one rule for both).
    const cadastralNumber = bookCadastralNumber(c.cadastralNumber);
    if (cadastralNumber === "invalid")
      issue("cadastralNumber", CADASTRAL_NUMBER_ISSUE.code, CADASTRAL_NUMBER_ISSUE.params);
    else if (outletId && areaHa !== null) plot = { outletId, areaHa, tenure, cadastralNumber };
  }
  // Without a valid identity the row cannot be told apart from others: it stands alone, refused.
  if (!identity) return null;
  const keys = userKeys({ ...identity, villageCode });
  known ??= lookups.knownUsers.find((u) => userKeys(u).some((k) => keys.includes(k)));
  return {
    row: row.rowNumber,
    bad: issues.length > before,
    key: known ? `id:${known.id}` : keys[0]!,
    knownId: known?.id ?? null,
    identity,
    villageCode,
    member,
    locale,
    plot,
  };
}

/**
 * Checks every row; returns the users whose rows are all valid (new ones with their plots, known
 * ones with only the plots they do not have yet) and every issue by row and column. A user with
 * any bad row is left out entirely, so a person is never brought in without some of their plots.
 */
export function readUserSheet(rows: readonly UserSheetRow[], lookups: UserSheetLookups) {
  const issues: UserSheetIssue[] = [];
  const groups = new Map<string, ReadRow[]>();
  let unidentified = 0;
  for (const row of rows) {
    const read = readRow(row, lookups, issues);
    if (!read) {
      unidentified++;
      continue;
    }
    groups.set(read.key, [...(groups.get(read.key) ?? []), read]);
  }
  const users: SheetUser[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    const seen = new Set<string>();
    const plots: SheetPlot[] = [];
    let knownPlots = 0;
    let bad = group.some((r) => r.bad);
    for (const r of group) {
      if (!r.plot) continue;
      const k = plotKey(first.knownId ?? key, r.plot, lookups.fold);
      if (seen.has(k)) {
        issues.push({ row: r.row, column: "cadastralNumber", code: "duplicatePlotInFile" });
        bad = true;
      }
      seen.add(k);
      if (first.knownId && lookups.knownPlots.has(k)) knownPlots++;
      else plots.push({ row: r.row, ...r.plot });
    }
    if (bad) continue;
    users.push({
      rows: group.map((r) => r.row),
      knownId: first.knownId,
      identity: first.identity,
      villageCode: first.villageCode,
      member: first.member,
      locale: first.locale,
      plots,
      knownPlots,
    });
  }
  issues.sort((a, b) => a.row - b.row);
  return { users, issues, rowCount: rows.length, userCount: groups.size + unidentified };
}
