import { BOOK_COLUMNS } from "../../domain/registry/household-book.js";
import { ORGANISATION_DETAIL_FIELDS } from "../../domain/shared/organisation-details.js";

/**
 * Which catalog names an audit record's fields and their coded values: the labels the pages that
 * edit the records use, where the app has them (audit-changes.ts writes the changes with them).
 */
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
  spans: "alloc.spans",
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
export const CODE_NAMES: Record<string, string> = {
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
  "demand.kind": "alloc.demandKinds",
  "guarantee.basis": "alloc.guaranteeBases",
  "allocation_run.status": "alloc.statuses",
  "billingTariff.kind": "billing.tariff.kinds",
  payers: "billing.tariff.payerKinds",
  decisionBody: "billing.tariff.bodies",
  "billingDiscount.basis": "billing.discount.bases",
  "penaltyRule.kind": "billing.settings.penaltyKinds",
  "sms.status": "smsPage.statuses",
  "sms.purpose": "smsPage.purposes",
  "sms.failure": "smsPage.failures",
  "sms.locale": "language",
  refEntity: "auditEntity",
  origin: "planning.normals.origins",
  irrigationMethod: "planning.requests.methods",
  "rainMethod.kind": "planning.rainMethod",
  "mapping.units.temperature": "planning.import.unit",
  "mapping.units.radiation": "planning.import.unit",
  "rule.kind": "reg.settings.ruleKinds",
};
