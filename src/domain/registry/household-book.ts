import { DomainError } from "../shared/errors.js";
import { nameIssues, type PersonInput, personValues } from "./person.js";
import type { Sex } from "./pin.js";

/**
 * An existing household book brought in from a spreadsheet: one row per person, rows sharing a
 * household key form one household. The columns (and the words accepted in them) come from the
 * caller, so the template can be labelled in any language.
 */
export const BOOK_COLUMNS = [
  "householdKey",
  "villageCode",
  "street",
  "house",
  "phone",
  "formedOn",
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
] as const;
export type BookColumn = (typeof BOOK_COLUMNS)[number];

export type CellValue = string | number | Date | boolean | null | undefined;
export interface BookRow {
  /** The row's number in the sheet, as the user sees it. */
  rowNumber: number;
  cells: Partial<Record<BookColumn, CellValue>>;
}

export interface BookIssue {
  row: number;
  column: BookColumn | null;
  code: string;
  params?: Record<string, string | number>;
}

export interface BookHousehold<R extends string> {
  key: string;
  rows: number[];
  villageCode: string;
  street: string | null;
  house: string | null;
  phone: string | null;
  formedOn: string;
  members: { relation: R; person: ReturnType<typeof personValues> }[];
}

export interface BookLookups<R extends string> {
  /** Folded word → relation code (keys, and the words of each language). */
  relations: Map<string, R>;
  sexes: Map<string, Sex>;
  villages: Set<string>;
  /**
   * Today: the day a household is taken to be formed when the file does not say, and the latest
   * day any date of the file may be.
   */
  today: string;
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

/** A day from a spreadsheet cell: a date cell, "dd.mm.yyyy" (as clerks type it) or "yyyy-mm-dd". */
export function dayOf(value: CellValue): string | null | "invalid" {
  if (value === null || value === undefined || value === "") return null;
  let iso: string;
  if (value instanceof Date) iso = value.toISOString().slice(0, 10);
  else {
    const s = String(value).trim();
    const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(s);
    if (dotted) iso = `${dotted[3]}-${dotted[2]!.padStart(2, "0")}-${dotted[1]!.padStart(2, "0")}`;
    else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
    else return "invalid";
  }
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? "invalid" : iso;
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
export function readHouseholdBook<R extends string>(rows: readonly BookRow[], lookups: BookLookups<R>) {
  const issues: BookIssue[] = [];
  const groups = new Map<string, { rows: BookRow[]; members: BookHousehold<R>["members"]; bad: boolean }>();
  // A PIN is one person's: the row that repeats one is refused, naming the row that had it first.
  const pinRows = new Map<string, number>();
  for (const row of rows) {
    const c = row.cells;
    const rowIssues: BookIssue[] = [];
    const need = (column: BookColumn) => {
      const v = cellText(c[column]);
      if (v === null) rowIssues.push({ row: row.rowNumber, column, code: "required" });
      return v;
    };
    const key = need("householdKey");
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
      rowIssues.push({ row: row.rowNumber, column: "birthDate", code: "invalidDate" });
    const disabilityGroup = cellText(c.disabilityGroup);
    if (disabilityGroup && !["1", "2", "3", "child"].includes(disabilityGroup))
      rowIssues.push({ row: row.rowNumber, column: "disabilityGroup", code: "invalid_value" });
    let person: ReturnType<typeof personValues> | null = null;
    if (!sex || birthDate === "invalid") {
      // The person cannot be built, but the names can still be checked, so one pass shows all.
      for (const f of nameIssues({ surname, givenName, patronymic: cellText(c.patronymic) }))
        rowIssues.push({ row: row.rowNumber, column: f.path[0] as BookColumn, code: f.code });
    } else if (surname && givenName) {
      const input: PersonInput = {
        pin: pinOf(c.pin),
        surname,
        givenName,
        patronymic: cellText(c.patronymic),
        sex,
        birthDate,
        disabilityGroup,
        education: cellText(c.education),
        occupation: cellText(c.occupation),
      };
      try {
        person = personValues(input, lookups.today);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        for (const f of error.fields)
          rowIssues.push({
            row: row.rowNumber,
            column: f.path[0] as BookColumn,
            code: f.code,
            ...(f.params ? { params: f.params } : {}),
          });
      }
    }
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
    else group.members.push({ relation, person });
  }

  const households: BookHousehold<R>[] = [];
  for (const [key, group] of groups) {
    const first = group.rows[0]!;
    // Household columns may be filled on the head's row only; take the first value given.
    const value = (column: BookColumn) =>
      group.rows.map((r) => cellText(r.cells[column])).find((v) => v !== null) ?? null;
    const villageCode = value("villageCode");
    if (!villageCode) {
      issues.push({ row: first.rowNumber, column: "villageCode", code: "required" });
      group.bad = true;
    } else if (!lookups.villages.has(villageCode)) {
      issues.push({
        row: first.rowNumber,
        column: "villageCode",
        code: "unknownVillage",
        params: { code: villageCode },
      });
      group.bad = true;
    }
    const formedRaw = group.rows.map((r) => r.cells.formedOn).find((v) => cellText(v) !== null);
    const formedOn = dayOf(formedRaw) ?? lookups.today;
    if (formedOn === "invalid" || formedOn > lookups.today) {
      issues.push({
        row: first.rowNumber,
        column: "formedOn",
        ...(formedOn === "invalid"
          ? { code: "invalidDate" }
          : { code: "afterToday", params: { today: lookups.today } }),
      });
      group.bad = true;
    }
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
    if (group.bad) continue;
    households.push({
      key,
      rows: group.rows.map((r) => r.rowNumber),
      villageCode: villageCode!,
      street: value("street"),
      house: value("house"),
      phone: value("phone"),
      formedOn: formedOn as string,
      members: [...group.members].sort(
        (a, b) => Number(b.relation === "head") - Number(a.relation === "head"),
      ),
    });
  }
  issues.sort((a, b) => a.row - b.row);
  return { households, issues, rowCount: rows.length, householdCount: groups.size };
}
