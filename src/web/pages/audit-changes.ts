import { LOCALES, type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import { cropName } from "../../domain/planning/crops.js";
import { relationWordKey } from "../../domain/registry/vocabulary.js";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "../app/format.js";
import { CODE_NAMES, fieldLabelKey } from "./audit-fields.js";

/**
 * An audit record's before and after as its readers read them: each changed field by its name in
 * their language, its values as the app writes dates, money, yes/no and coded words elsewhere.
 * Plain functions over the record's JSON, so they are tested without a page.
 */

/** A catalog's text for a key, or undefined when it has none. */
export type CatalogText = (key: string) => string | undefined;

export interface AuditChange {
  /** The field's name in the record (`villageCode`), for keys and a tooltip. */
  field: string;
  label: string;
  before: string;
  after: string;
}

/**
 * Fields that tell a reader nothing the row does not: ids and organisation (the row names the
 * record), versions and the record's own times (the row's time), keys derived for search, the
 * text of an issued paper, a plot's outline (the map shows it), and retry keys.
 */
export const UNSHOWN_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "orgId",
  "version",
  "createdAt",
  "updatedAt",
  "searchKey",
  "addressKey",
  "nameLatin",
  "snapshot",
  "geometry",
  "clientKey",
  "idempotencyKey",
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isEmpty = (v: unknown) => v === undefined || v === null || v === "";
/** Another record's id: noise to a reader, who finds records by the row's entity and its id's end. */
const isId = (v: unknown) => typeof v === "string" && UUID.test(v);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isLocalizedText = (v: Record<string, unknown>) => {
  const keys = Object.keys(v);
  return (
    keys.length > 0 &&
    keys.every((k) => (LOCALES as readonly string[]).includes(k) && typeof v[k] === "string")
  );
};

/** Fields holding administrative units' codes (СОАТЕ), named by the units' names where the page has them. */
const PLACE_FIELDS: ReadonlySet<string> = new Set(["villageCode", "villageCodes", "adminUnitCode"]);

/** Names by their codes: what the page loaded for the records it shows. */
export type PlaceNames = ReadonlyMap<string, LocalizedText>;

/** The names of codes kept in the database, not the catalogs: places, and vulnerability criteria. */
export interface CodeNames {
  places?: PlaceNames | undefined;
  criteria?: PlaceNames | undefined;
}

/**
 * The codes of the places the records name (villages, an organisation's unit), for the page to load
 * their names in one request, not per row, nor every village of the country.
 */
export function placesNamed(records: readonly { before: unknown; after: unknown }[]): string[] {
  const fields = records.flatMap((r) => [r.before, r.after].filter(isObject));
  const codes = fields.flatMap((f) => [
    f.villageCode,
    f.adminUnitCode,
    ...(Array.isArray(f.villageCodes) ? f.villageCodes : []),
  ]);
  return [...new Set(codes.filter((c): c is string => typeof c === "string" && c !== ""))].sort();
}

/** Whether a record names a vulnerability criterion (a flag's, or the criterion's own record). */
export const criteriaNamed = (records: readonly { before: unknown; after: unknown }[]) =>
  records.some((r) => [r.before, r.after].some((v) => isObject(v) && typeof v.criterionCode === "string"));

interface Reading {
  entity: string;
  text: CatalogText;
  locale: Locale;
  names: CodeNames;
  /** The record the value is of (its after, else its before): what a relation's word may depend on. */
  record?: Record<string, unknown>;
}

/**
 * Whether a field holds a relation to the head: a member's, or what a relation's correction
 * changed (a life event's details, from and to: registry/life-events.ts).
 */
const isRelation = (path: readonly string[], { entity, record }: Reading) =>
  path.at(-1) === "relation" ||
  (entity === "life_event" &&
    record?.kind === "relation-correction" &&
    ["details.from", "details.to"].includes(path.join(".")));

/**
 * A relation's word, as the card writes it: by the sex where the record has it (a spouse is a
 * wife or a husband), else the plain word; without the head, a brother's or sister's is the combined one.
 */
const relationWord = (relation: string, { text, record }: Reading) =>
  text(relationWordKey({ relation, sex: typeof record?.sex === "string" ? record.sex : null }));

/**
 * A flag's reason (or why it ended) worked out from the register: a catalog key, written as the
 * card writes it, with the facts the flag keeps (`reasonParams`: a count, an age) put in.
 * One set by hand is the social worker's own words.
 */
function flagReason(path: readonly string[], value: string, { entity, text, record }: Reading) {
  if (entity !== "household_flag" || path.length !== 1 || !value.startsWith("registry.reason."))
    return undefined;
  const params = isObject(record?.reasonParams) ? record.reasonParams : {};
  return text(value)?.replace(/\{\{(\w+)\}\}/g, (all, k: string) => String(params[k] ?? all));
}

/** A value as text: days and instants on the organisation's calendar, money in som, codes by name. */
export function valueText(path: readonly string[], value: unknown, reading: Reading): string {
  const { text, locale, entity } = reading;
  if (isEmpty(value)) return "";
  if (typeof value === "boolean") return text(value ? "common.yes" : "common.no") ?? String(value);
  if (typeof value === "number") {
    if (path.at(-1)!.endsWith("Tyiyn") && Number.isSafeInteger(value)) return formatMoney(value, locale);
    // A number that names (a household's, a plan's, a year) is written as is, not grouped ("2 026").
    if (/^(year|number|month|\w+Number)$/.test(path.at(-1)!)) return String(value);
    const decimals = Math.min(4, String(value).split(".")[1]?.length ?? 0);
    return formatNumber(value, locale, decimals);
  }
  if (typeof value === "string") {
    if (DAY.test(value)) return formatDate(value, locale);
    if (INSTANT.test(value)) return formatDateTime(value, locale);
    if (isRelation(path, reading)) return relationWord(value, reading) || value;
    const reason = flagReason(path, value, reading);
    if (reason) return reason;
    // A crop by its name in the reference table (domain/planning/crops.ts), as planning and tariffs write it.
    if (["crop", "cropCode"].includes(path.at(-1)!)) return cropName(value, locale);
    const named = PLACE_FIELDS.has(path.at(-1)!)
      ? reading.names.places?.get(value)
      : path.at(-1) === "criterionCode"
        ? reading.names.criteria?.get(value)
        : undefined;
    if (named) return pickName(named, locale);
    const field = path.join(".");
    const codes = CODE_NAMES[`${entity}.${field}`] ?? CODE_NAMES[field] ?? CODE_NAMES[path.at(-1)!];
    return (codes && text(`${codes}.${value}`)) || value;
  }
  if (Array.isArray(value)) {
    return value
      .filter((v) => !isEmpty(v) && !isId(v))
      .map((v) => valueText(path, v, reading))
      .join(isObject(value[0]) ? " | " : ", ");
  }
  if (isObject(value)) {
    if (isLocalizedText(value)) return pickName(value as LocalizedText, locale);
    return Object.entries(value)
      .filter(([k, v]) => !UNSHOWN_FIELDS.has(k) && !isEmpty(v) && !isId(v))
      .map(([k, v]) => {
        const inner = [...path, k];
        return `${fieldLabel(inner, text, entity)}: ${valueText(inner, v, reading)}`;
      })
      .join("; ");
  }
  return String(value);
}

/** A field's name in the reader's language, or its name in the record when the catalog has none yet. */
export const fieldLabel = (path: readonly string[], text: CatalogText, entity?: string): string =>
  text(fieldLabelKey(path, entity)) ?? path.at(-1)!;

/**
 * The fields whose values differ between an audit record's before and after, readable: unshown
 * fields and fields holding only other records' ids left out, the rest labelled and written out.
 * A group of fields changed within (an organisation's details, a dwelling) is listed field by
 * field under its name, so that one changed phone number is not lost in the whole group twice.
 */
export function auditChanges(
  entity: string,
  before: unknown,
  after: unknown,
  text: CatalogText,
  locale: Locale,
  names: CodeNames = {},
): AuditChange[] {
  const reading: Reading = { entity, text, locale, names, record: [after, before].find(isObject) };
  const changed = (b: Record<string, unknown>, a: Record<string, unknown>, parent: string[]): AuditChange[] =>
    [...new Set([...Object.keys(b), ...Object.keys(a)])]
      .filter((k) => !UNSHOWN_FIELDS.has(k) && !same(b[k], a[k]))
      .filter((k) => ![b[k], a[k]].every((v) => isEmpty(v) || isId(v)))
      .flatMap((k) => {
        const path = [...parent, k];
        const [was, is] = [b[k], a[k]];
        if (parent.length === 0 && isGroup(was) && isGroup(is)) {
          const name = fieldLabel(path, text, entity);
          return changed(was, is, path).map((c) => ({ ...c, label: `${name} · ${c.label}` }));
        }
        return [
          {
            field: path.join("."),
            label: fieldLabel(path, text, entity),
            before: valueText(path, was, reading),
            after: valueText(path, is, reading),
          },
        ];
      });
  if (entity === "climate_normal") {
    // Recorded as lists of months (planning/climate.ts): the months written, each against what it was.
    const [was, is] = [byMonth(before), byMonth(after)];
    return changed(Object.fromEntries(Object.keys(is).map((m) => [m, was[m]])), is, []);
  }
  return changed(isObject(before) ? before : {}, isObject(after) ? after : {}, []);
}

/** A list of monthly rows as the months' rows by month, without the month in each. */
const byMonth = (rows: unknown): Record<string, Record<string, unknown>> =>
  Object.fromEntries(
    (Array.isArray(rows) ? rows : []).filter(isObject).map(({ month, ...row }) => [String(month), row]),
  );

const same = (x: unknown, y: unknown) =>
  JSON.stringify(isEmpty(x) ? null : x) === JSON.stringify(isEmpty(y) ? null : y);
const isGroup = (v: unknown): v is Record<string, unknown> => isObject(v) && !isLocalizedText(v);
