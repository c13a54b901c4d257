import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Locale } from "../../domain/places/units.js";
import type { GaugeStructure } from "../../domain/water/discharge.js";
import type { ReachKind } from "../../domain/water/network.js";
import { cubicMetres, hectares, instant, tenantColumns } from "../platform/columns.js";

/** Calendar days (a contract is signed on a day, not at an instant). */
const day = (name: string) => date(name, { mode: "string" });

export const WATER_USER_KINDS = ["person", "legal-entity"] as const;
export type WaterUserKind = (typeof WATER_USER_KINDS)[number];
export const LEGAL_ENTITY_KINDS = [
  "farm",
  "cooperative",
  "school",
  "municipality",
  "enterprise",
  "other",
] as const;
export type LegalEntityKind = (typeof LEGAL_ENTITY_KINDS)[number];

/**
 * Someone a water provider (a WUA or a state district unit) delivers water to: a person, by PIN
 * when known, or a legal entity. Numbered per provider, as on its paper list of users.
 */
export const waterUser = pgTable(
  "water_user",
  {
    ...tenantColumns(),
    number: integer("number").notNull(),
    kind: text("kind").$type<WaterUserKind>().notNull(),
    /** A person's PIN (14 digits), when known; how a link to the municipality's register is found. */
    pin: text("pin"),
    surname: text("surname"),
    givenName: text("given_name"),
    patronymic: text("patronymic"),
    /** A legal entity's registered name. */
    legalName: text("legal_name"),
    legalEntityKind: text("legal_entity_kind").$type<LegalEntityKind>(),
    /** Tax number (ИНН) of a legal entity. */
    taxId: text("tax_id"),
    /** The name in one line, as lists and SMS show it (derived on every write). */
    displayName: text("display_name").notNull(),
    /** The name's search key (Cyrillic and Latin spellings fold to it; see domain/registry/names.ts). */
    searchKey: text("search_key").notNull().default(""),
    villageCode: text("village_code"),
    member: boolean("member").notNull().default(true),
    phone: text("phone"),
    locale: text("locale").$type<Locale>().notNull().default("ky"),
    notes: text("notes"),
    /** A user who no longer takes water is archived, never deleted: invoices and deliveries point at them. */
    archivedOn: day("archived_on"),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.number),
    index().on(t.orgId, t.pin),
    index().on(t.orgId, t.villageCode),
    index("water_user_search_key_trgm").using("gin", sql`${t.searchKey} gin_trgm_ops`),
    check(
      "water_user_kind_names",
      sql`(${t.kind} = 'person') = (${t.surname} IS NOT NULL AND ${t.givenName} IS NOT NULL)`,
    ),
    check("water_user_entity_name", sql`(${t.kind} = 'legal-entity') = (${t.legalName} IS NOT NULL)`),
  ],
);

export const LINK_STATUSES = ["proposed", "confirmed", "refused", "ended"] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/**
 * The joint management model: a water user who is a person in a municipality's register. The
 * provider proposes it (by PIN, from suggestions); the municipality confirms or refuses. While it
 * is confirmed the provider reads that household's vulnerability flags and nothing else of it.
 * The row belongs to the provider; the municipality acts on it through the registry's service.
 */
export const waterUserLink = pgTable(
  "water_user_link",
  {
    ...tenantColumns(),
    waterUserId: uuid("water_user_id")
      .notNull()
      .references(() => waterUser.id),
    municipalityOrgId: uuid("municipality_org_id").notNull(),
    personId: uuid("person_id").notNull(),
    status: text("status").$type<LinkStatus>().notNull(),
    proposedBy: uuid("proposed_by").notNull(),
    proposedAt: instant("proposed_at").notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: instant("decided_at"),
    /** Why it was refused or ended. */
    reason: text("reason"),
  },
  (t) => [
    index().on(t.orgId, t.waterUserId),
    index().on(t.municipalityOrgId, t.status),
    // At most one live link per water user.
    uniqueIndex("water_user_link_live")
      .on(t.waterUserId)
      .where(sql`${t.status} in ('proposed', 'confirmed')`),
  ],
);

export const LININGS = ["earth", "concrete", "stone", "flume", "pipe", "other"] as const;
export type Lining = (typeof LININGS)[number];

/**
 * One reach of the canal network: from the head intake through main, secondary and tertiary
 * canals down to the outlets (turnouts) that serve plots. A tree: every reach but a head has a
 * parent. Geometry is a GeoJSON LineString (WGS 84) when drawn.
 */
export const canalReach = pgTable(
  "canal_reach",
  {
    ...tenantColumns(),
    /** The code the WUA uses on its scheme ("МК-1", "Р-2-3"); unique in the organisation. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    parentId: uuid("parent_id"),
    kind: text("kind").$type<ReachKind>().notNull(),
    lengthM: real("length_m"),
    lining: text("lining").$type<Lining>(),
    capacityLps: real("capacity_lps").notNull(),
    /** Conveyance efficiency of the reach, 0 < e ≤ 1. */
    efficiency: real("efficiency").notNull().default(1),
    /** A child wider than its parent, accepted on purpose by the hydro-technician. */
    capacityOverride: boolean("capacity_override").notNull().default(false),
    geometry: jsonb("geometry").$type<GeoJsonGeometry | null>(),
    retiredOn: day("retired_on"),
  },
  (t) => [uniqueIndex().on(t.orgId, t.code), index().on(t.orgId, t.parentId)],
);

export const STRUCTURE_KINDS = ["gate", "gauging-post", "drop", "siphon", "other"] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

/**
 * A structure on a reach: a gate, a gauging post with its measuring device, a drop. The outlet
 * itself is a reach of kind "outlet"; its gate or gauge is a structure on it. Geometry is a Point.
 */
export const canalStructure = pgTable(
  "canal_structure",
  {
    ...tenantColumns(),
    reachId: uuid("reach_id")
      .notNull()
      .references(() => canalReach.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<StructureKind>().notNull(),
    /** A gauging post's device (weir, flume or rating table): how a level becomes a flow. */
    gauge: jsonb("gauge").$type<GaugeStructure | null>(),
    geometry: jsonb("geometry").$type<GeoJsonGeometry | null>(),
    retiredOn: day("retired_on"),
  },
  (t) => [uniqueIndex().on(t.orgId, t.code), index().on(t.orgId, t.reachId)],
);

export const PLOT_TENURES = ["own", "lease"] as const;
export type PlotTenure = (typeof PLOT_TENURES)[number];

/** A plot a water user irrigates, and the outlet it takes water from. Geometry is a Polygon. */
export const irrigatedPlot = pgTable(
  "irrigated_plot",
  {
    ...tenantColumns(),
    waterUserId: uuid("water_user_id")
      .notNull()
      .references(() => waterUser.id),
    outletId: uuid("outlet_id")
      .notNull()
      .references(() => canalReach.id),
    cadastralNumber: text("cadastral_number"),
    areaHa: hectares("area_ha").notNull(),
    tenure: text("tenure").$type<PlotTenure>().notNull(),
    villageCode: text("village_code"),
    geometry: jsonb("geometry").$type<GeoJsonGeometry | null>(),
    endedOn: day("ended_on"),
  },
  (t) => [
    index().on(t.orgId, t.waterUserId),
    index().on(t.orgId, t.outletId),
    check("irrigated_plot_area", sql`${t.areaHa} > 0`),
  ],
);

/**
 * An irrigation season of a provider (usually a calendar year's growing season). Contracts,
 * requests, plans, allocations and invoices belong to one; closing it locks its postings.
 */
export const season = pgTable(
  "season",
  {
    ...tenantColumns(),
    year: integer("year").notNull(),
    name: text("name").notNull(),
    startsOn: day("starts_on").notNull(),
    endsOn: day("ends_on").notNull(),
    closedAt: instant("closed_at"),
    closedBy: uuid("closed_by"),
  },
  (t) => [uniqueIndex().on(t.orgId, t.name), check("season_dates", sql`${t.startsOn} <= ${t.endsOn}`)],
);

export const CONTRACT_STATUSES = ["draft", "signed", "terminated"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** The season's water-service contract between the provider and a user; numbered per organisation and year. */
export const waterContract = pgTable(
  "water_contract",
  {
    ...tenantColumns(),
    seasonId: uuid("season_id")
      .notNull()
      .references(() => season.id),
    waterUserId: uuid("water_user_id")
      .notNull()
      .references(() => waterUser.id),
    /** "2026-000123": per organisation and year. */
    number: text("number").notNull(),
    /** The tariff class the billing applies (e.g. "member", "non-member", "orchard"). */
    tariffClass: text("tariff_class").notNull(),
    status: text("status").$type<ContractStatus>().notNull(),
    signedOn: day("signed_on"),
    terminatedOn: day("terminated_on"),
    notes: text("notes"),
    /**
     * The signed contract this one amends. A signed contract is never edited: a change is a new
     * contract (a draft naming the one it replaces); signing it terminates the old one that day.
     */
    supersedesId: uuid("supersedes_id"),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.number),
    index().on(t.orgId, t.waterUserId),
    // In force at once per user and season: one signed contract, and one draft being prepared.
    uniqueIndex("water_contract_one_signed").on(t.seasonId, t.waterUserId).where(sql`${t.status} = 'signed'`),
    uniqueIndex("water_contract_one_draft").on(t.seasonId, t.waterUserId).where(sql`${t.status} = 'draft'`),
  ],
);

/** What a contract covers: a plot, the crop grown on it and the area under that crop. */
export const contractPlot = pgTable(
  "contract_plot",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    contractId: uuid("contract_id")
      .notNull()
      .references(() => waterContract.id),
    plotId: uuid("plot_id")
      .notNull()
      .references(() => irrigatedPlot.id),
    /** A crop code of the planning reference data (FAO-56 Table 12 names: "maize", "winter-wheat"…). */
    cropCode: text("crop_code").notNull(),
    areaHa: hectares("area_ha").notNull(),
  },
  (t) => [index().on(t.orgId, t.contractId), check("contract_plot_area", sql`${t.areaHa} > 0`)],
);

/** Per-organisation counters of human-readable numbers (water users, contracts per year). */
export const waterCounter = pgTable(
  "water_counter",
  {
    orgId: uuid("org_id").notNull(),
    /** "water-user", or "contract:2026". */
    series: text("series").notNull(),
    last: integer("last").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.series] })],
);

/** A level read at a gauging post by a water master; the flow is computed from the post's device when saved. */
export const gaugeReading = pgTable(
  "gauge_reading",
  {
    ...tenantColumns(),
    structureId: uuid("structure_id")
      .notNull()
      .references(() => canalStructure.id),
    readAt: instant("read_at").notNull(),
    levelM: real("level_m").notNull(),
    /** The flow the device gives for that level, kept with the reading (the device may be recalibrated later). */
    flowLps: real("flow_lps").notNull(),
    readBy: uuid("read_by").notNull(),
    note: text("note"),
    /** A wrong reading is voided with a reason, never deleted. */
    voidedAt: instant("voided_at"),
    voidReason: text("void_reason"),
    /**
     * The key the entering device gave the reading: a water master on a bad link sends again, and
     * the same key must not make a second reading.
     */
    clientKey: text("client_key"),
  },
  (t) => [
    index().on(t.orgId, t.structureId, t.readAt),
    uniqueIndex("gauge_reading_client_key").on(t.orgId, t.clientKey),
    // One standing reading of a post a minute, as recordReadings refuses a second (water.readingExists)
    // under the post's lock: held by the database too, whatever writes next. The minute on UTC's
    // clock, which no zone's offset splits (all are whole minutes).
    uniqueIndex("gauge_reading_one_a_minute")
      .on(t.orgId, t.structureId, sql`date_trunc('minute', timezone('UTC', ${t.readAt}))`)
      .where(sql`${t.voidedAt} is null`),
  ],
);

export const RECEIPT_SOURCES = ["act", "gauge"] as const;
export type ReceiptSource = (typeof RECEIPT_SOURCES)[number];

/** Water received at the head from the district water department for a day (or a decade), with its act. */
export const headReceipt = pgTable(
  "head_receipt",
  {
    ...tenantColumns(),
    /** The head reach it entered. */
    reachId: uuid("reach_id")
      .notNull()
      .references(() => canalReach.id),
    fromDay: day("from_day").notNull(),
    toDay: day("to_day").notNull(),
    volumeM3: cubicMetres("volume_m3").notNull(),
    /** The act signed with the district water department (number), when there is one. */
    actNumber: text("act_number"),
    note: text("note"),
    /** Where the volume comes from: typed from the department's act, or integrated from a gauging post's readings. */
    source: text("source").$type<ReceiptSource>().notNull().default("act"),
    /** The head gauging post whose readings gave the volume (source "gauge"). */
    structureId: uuid("structure_id").references(() => canalStructure.id),
    /** Seconds of the period with no readings (source "gauge"): shown, never guessed. */
    gapSeconds: real("gap_seconds"),
    voidedAt: instant("voided_at"),
    voidReason: text("void_reason"),
  },
  (t) => [index().on(t.orgId, t.fromDay), check("head_receipt_volume", sql`${t.volumeM3} >= 0`)],
);

export const DELIVERY_METHODS = ["gauge", "time-and-flow", "act"] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** Water delivered to a user at an outlet during one turn, with the act the user signs. */
export const waterDelivery = pgTable(
  "water_delivery",
  {
    ...tenantColumns(),
    outletId: uuid("outlet_id")
      .notNull()
      .references(() => canalReach.id),
    waterUserId: uuid("water_user_id")
      .notNull()
      .references(() => waterUser.id),
    plotId: uuid("plot_id").references(() => irrigatedPlot.id),
    startedAt: instant("started_at").notNull(),
    endedAt: instant("ended_at").notNull(),
    volumeM3: cubicMetres("volume_m3").notNull(),
    method: text("method").$type<DeliveryMethod>().notNull(),
    /** The delivery act's number, per organisation and year ("2026-000045"). */
    actNumber: text("act_number").notNull(),
    /** Set when the user signed the paper act. */
    signedOn: day("signed_on"),
    recordedBy: uuid("recorded_by").notNull(),
    voidedAt: instant("voided_at"),
    voidReason: text("void_reason"),
    /** The outlet's flow held during the turn (method "time-and-flow"). */
    flowLps: real("flow_lps"),
    /** Seconds of the turn with no gauge readings (method "gauge"): shown on the act, never guessed. */
    gapSeconds: real("gap_seconds"),
    /** The entering device's key, so that a retry on a bad link does not record the turn twice. */
    clientKey: text("client_key"),
  },
  (t) => [
    uniqueIndex("water_delivery_client_key").on(t.orgId, t.clientKey),
    index().on(t.orgId, t.waterUserId, t.startedAt),
    index().on(t.orgId, t.outletId, t.startedAt),
    uniqueIndex().on(t.orgId, t.actNumber),
    check("water_delivery_volume", sql`${t.volumeM3} >= 0`),
    check("water_delivery_times", sql`${t.startedAt} < ${t.endedAt}`),
  ],
);

/** A GeoJSON geometry (RFC 7946, WGS 84 longitude/latitude). */
export type GeoJsonGeometry =
  | { type: "Point"; coordinates: [number, number] }
  | { type: "LineString"; coordinates: [number, number][] }
  | { type: "MultiLineString"; coordinates: [number, number][][] }
  | { type: "Polygon"; coordinates: [number, number][][] }
  | { type: "MultiPolygon"; coordinates: [number, number][][][] };
