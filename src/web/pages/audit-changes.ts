import { LOCALES, type Locale, type LocalizedText, pickName } from "../../domain/places/units.js";
import { cropName } from "../../domain/planning/crops.js";
import { BOOK_COLUMNS } from "../../domain/registry/household-book.js";
import { relationWordKey } from "../../domain/registry/vocabulary.js";
import { ORGANISATION_DETAIL_FIELDS } from "../../domain/shared/organisation-details.js";
import { formatDate, formatDateTime, formatMoney, formatNumber } from "../app/format.js";

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

/** Labels the app already has for a field, by name or by `parent.name`; others are `auditField.<name>`. */
const REUSED_LABELS: Record<string, string> = {
  // The register's fields a household book's columns name (villageCode's is the import's: below).
  ...Object.fromEntries(BOOK_COLUMNS.map((f) => [f, `registry.book.columns.${f}`])),
  ...Object.fromEntries(
    ["cadastralNumber", "category", "tenure", "areaHa"].map((f) => [f, `registry.fields.${f}`]),
  ),
  ...Object.fromEntries(
    ["purpose", "reason", "issuedOn", "countedOn", "setOn", "clearedOn", "clearReason", "occurredOn"].map(
      (f) => [f, `reg.${f}`],
    ),
  ),
  ...Object.fromEntries(["username", "displayName", "roles", "locale"].map((f) => [f, `users.${f}`])),
  ...Object.fromEntries(
    ["endsOn", "startsOn", "tariffClass", "legalName", "taxId", "member", "status", "year"].map((f) => [
      f,
      `wu.${f}`,
    ]),
  ),
  // An organisation's details, as its profile page names them.
  ...Object.fromEntries(ORGANISATION_DETAIL_FIELDS.map((f) => [`details.${f}`, `profile.${f}`])),
  adminUnitCode: "profile.place",
  timeZone: "profile.timeZone",
  defaultLocale: "language.label",
  criterionCode: "auditEntity.vulnerability_criterion",
  villageCode: "reg.village",
  // A household imported from a book: its key there.
  "details.imported": "registry.book.columns.householdKey",
  migration: "reg.labourMigration",
  dwelling: "reg.dwelling.title",
  "dwelling.kind": "reg.dwelling.kind",
  "dwelling.rooms": "reg.dwelling.rooms",
  "dwelling.areaM2": "reg.dwelling.areaM2",
  "dwelling.water": "reg.dwelling.water",
  // The canal network, as its page and import name a reach's and a structure's fields.
  ...Object.fromEntries(
    ["lengthM", "lining", "capacityLps", "efficiency", "capacityOverride", "crestWidthM", "contracted"].map(
      (f) => [f, `network.columns.${f}`],
    ),
  ),
  throatWidthM: "network.columns.throatWidthM",
  gauge: "network.gauge",
  "gauge.points": "network.gaugeKind.rating-table",
  reaches: "network.sheets.reaches",
  structures: "network.structures",
  plots: "network.sheets.plots",
  // An allocation run and its turns, as the allocation page names them.
  policy: "alloc.policy",
  supplyM3: "alloc.supply",
  demand: "alloc.demandSource",
  "demand.m3PerHa": "alloc.norm",
  "guarantee.basis": "auditField.guaranteeBasis",
  ...Object.fromEntries(
    ["cycleHours", "shiftHours", "outlet", "user", "start", "end"].map((f) => [f, `alloc.${f}`]),
  ),
  schedule: "alloc.schedule",
  // Billing: its tariffs, discounts, settings, runs and payments, as the billing pages name them.
  ...Object.fromEntries(
    ["crop", "payers", "validFrom", "validTo", "decisionRef", "decidedOn"].map((f) => [
      f,
      `billing.tariff.${f}`,
    ]),
  ),
  decisionBody: "billing.tariff.decision",
  ...Object.fromEntries(["basis", "percent", "vulnerable"].map((f) => [f, `billing.discount.${f}`])),
  ...Object.fromEntries(
    ["graceDays", "capPercent", "percentPerMonth", "dueDays", "instalments", "tariffClasses"].map((f) => [
      f,
      `billing.settings.${f}`,
    ]),
  ),
  penaltyRule: "billing.settings.penalty",
  inKindRates: "billing.settings.inKind",
  rateTyiynPerKg: "billing.settings.ratePerKg",
  dueOn: "billing.doc.dueOn",
  "parts.percent": "auditField.partPercent",
  ...Object.fromEntries(
    ["runOn", "users", "invoices", "supplementary", "creditNotes", "unchanged"].map((f) => [
      f,
      `billing.run.${f}`,
    ]),
  ),
  netTyiyn: "billing.run.net",
  season: "billing.run.season",
  asOf: "billing.debtors.asOf",
  documents: "billing.exports.documents",
  totalTyiyn: "billing.ageing.total",
  receiptNumber: "billing.receipt.number",
  ...Object.fromEntries(["reference", "commodity", "quantityKg"].map((f) => [f, `billing.cashier.${f}`])),
  // SMS messages, as their page names them.
  toPhone: "smsPage.to",
  sms: "smsPage.title",
  // Planning: stations, normals, crops, requests and plans, as the planning pages name them.
  latitudeDeg: "planning.station.latitude",
  longitudeDeg: "planning.station.longitude",
  altitudeM: "planning.station.altitude",
  // A station's normals, month by month (their records are lists of months: auditChanges).
  ...Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`climate_normal.${i + 1}`, `planning.normals.months.${i + 1}`]),
  ),
  windMps: "auditField.wind2mMps",
  month: "planning.normals.month",
  et0MmPerDay: "planning.normals.et0",
  rainMm: "planning.plan.rain",
  origin: "planning.normals.origin",
  cropCode: "planning.crops.crop",
  typicalPlanting: "planning.crops.planting",
  ...Object.fromEntries(
    ["initial", "development", "mid", "late"].map((f) => [`stagesDays.${f}`, `planning.crops.${f}`]),
  ),
  kc: "planning.crops.kc",
  "kc.initial": "planning.crops.kcInitial",
  "kc.mid": "planning.crops.kcMid",
  "kc.end": "planning.crops.kcEnd",
  submittedOn: "planning.requests.submittedOn",
  lines: "planning.tabs.crops",
  plantingDate: "planning.requests.plantingDate",
  irrigationMethod: "planning.requests.method",
  rainMethod: "planning.plan.rainMethod",
  fraction: "planning.plan.fraction",
  headTotalM3: "planning.plan.headTotal",
  "mapping.columns": "planning.import.columns",
  "mapping.units": "planning.import.units",
  "units.temperature": "planning.import.temperatureUnit",
  "units.radiation": "planning.import.radiationUnit",
  "units.windHeightM": "planning.import.windHeight",
  // A weather import's first and last days, where a life event's from and to are what was and is.
  "weather_day.from": "planning.chart.from",
  "weather_day.to": "planning.chart.to",
  // Vulnerability criteria and certificate wording, as the register's settings name them.
  rule: "reg.settings.rule",
  ...Object.fromEntries(
    ["minAgeYears", "count", "underAgeYears"].map((f) => [`rule.${f}`, `reg.settings.${f}`]),
  ),
  active: "wu.active",
  sort: "reg.sort.label",
  texts: "reg.settings.templates",
  title: "reg.settings.docTitle",
  body: "reg.settings.body",
  ...Object.fromEntries(["ky", "ru"].map((l) => [`texts.${l}`, `language.${l}`])),
};

/**
 * The catalog key naming a field at `path` of a record of `entity`: by the entity's own name for
 * it, else by its path, its parent's and its name, else `auditField.<name>`.
 */
export function fieldLabelKey(path: readonly string[], entity = ""): string {
  const name = path.at(-1)!;
  const parent = path.at(-2);
  if (parent === "counts") return `registry.species.${name}`;
  // A weather import's columns, by the fields the import page names (its mapping: planning/climate.ts).
  if (parent === "columns" && path.at(-3) === "mapping") return `planning.import.field.${name}`;
  return (
    REUSED_LABELS[`${entity}.${path.join(".")}`] ??
    REUSED_LABELS[path.join(".")] ??
    (parent === undefined ? undefined : REUSED_LABELS[`${parent}.${name}`]) ??
    REUSED_LABELS[name] ??
    `auditField.${name}`
  );
}

/**
 * Coded values the app names elsewhere: the catalog section naming a field's codes, by
 * `entity.field`, or by field (or `parent.field`) whatever the entity.
 */
const CODE_NAMES: Record<string, string> = {
  sex: "registry.sex",
  tenure: "registry.tenures",
  "irrigated_plot.tenure": "wu.tenures",
  category: "registry.landCategories",
  endReason: "reg.plotEndReasons",
  disabilityGroup: "reg.disability",
  citizenship: "reg.countries",
  "migration.country": "reg.countries",
  "dwelling.kind": "reg.dwelling.kinds",
  "dwelling.water": "reg.dwelling.waters",
  role: "role",
  roles: "role",
  locale: "language",
  defaultLocale: "language",
  "household_flag.source": "reg.source",
  "certificate.kind": "reg.certificate",
  "life_event.kind": "reg.event",
  "water_user.kind": "wu.kinds",
  "organisation.kind": "org.kind",
  "water_contract.status": "wu.contractStatus",
  "water_user_link.status": "wu.link.status",
  "billingPayment.method": "billing.method",
  "water_delivery.method": "measure.methods",
  "canal_reach.kind": "network.kind",
  lining: "network.lining",
  "canal_structure.kind": "network.structureKind",
  "gauge.kind": "network.gaugeKind",
  policy: "alloc.policies",
  "allocation_run.status": "alloc.statuses",
  "billingTariff.kind": "billing.tariff.kinds",
  payers: "billing.tariff.payerKinds",
  decisionBody: "billing.tariff.bodies",
  "billingDiscount.basis": "billing.discount.bases",
  "penaltyRule.kind": "billing.settings.penaltyKinds",
  "sms.status": "smsPage.statuses",
  "sms.purpose": "smsPage.purposes",
  "sms.locale": "language",
  refEntity: "auditEntity",
  origin: "planning.normals.origins",
  irrigationMethod: "planning.requests.methods",
  "rainMethod.kind": "planning.rainMethod",
  "mapping.units.temperature": "planning.import.unit",
  "mapping.units.radiation": "planning.import.unit",
  "rule.kind": "reg.settings.ruleKinds",
};

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

/** Places' names by their codes: what the page loaded for the records it shows. */
export type PlaceNames = ReadonlyMap<string, LocalizedText>;

/**
 * The places the records name, for the page to load their names once, not per row: whether any
 * names a village (the villages are one list), and the other units' codes (an organisation's own).
 */
export function placesNamed(records: readonly { before: unknown; after: unknown }[]): {
  villages: boolean;
  units: string[];
} {
  const fields = records.flatMap((r) => [r.before, r.after].filter(isObject));
  return {
    villages: fields.some(
      (f) => !isEmpty(f.villageCode) || (Array.isArray(f.villageCodes) && f.villageCodes.length > 0),
    ),
    units: [
      ...new Set(
        fields.map((f) => f.adminUnitCode).filter((c): c is string => typeof c === "string" && c !== ""),
      ),
    ].sort(),
  };
}

interface Reading {
  entity: string;
  text: CatalogText;
  locale: Locale;
  places?: PlaceNames | undefined;
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
    const place = PLACE_FIELDS.has(path.at(-1)!) ? reading.places?.get(value) : undefined;
    if (place) return pickName(place, locale);
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
  places?: PlaceNames,
): AuditChange[] {
  const reading: Reading = { entity, text, locale, places, record: [after, before].find(isObject) };
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
