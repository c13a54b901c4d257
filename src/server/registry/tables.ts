import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../domain/places/units.js";
import type { LabourMigration } from "../../domain/registry/person.js";
import type { Sex } from "../../domain/registry/pin.js";
import type { PlaceCounts } from "../../domain/registry/population.js";
import {
  CERTIFICATE_KINDS,
  type CertificateKind,
  LAND_CATEGORIES,
  type LandCategory,
  LIFE_EVENTS,
  LIVESTOCK_SPECIES,
  type LifeEventKind,
  type LivestockSpecies,
  RELATIONS,
  type Relation,
  TENURES,
} from "../../domain/registry/vocabulary.js";
import type { DerivationRule } from "../../domain/registry/vulnerability.js";
import { instant, tenantColumns } from "../platform/columns.js";
import type { ScreeningReason } from "./screening.js";

export {
  CERTIFICATE_KINDS,
  type CertificateKind,
  LAND_CATEGORIES,
  type LandCategory,
  LIFE_EVENTS,
  LIVESTOCK_SPECIES,
  type LifeEventKind,
  type LivestockSpecies,
  RELATIONS,
  type Relation,
  TENURES,
};

/** Dates of the register are calendar days (ISO strings), never instants: a birth has no time zone. */
const day = (name: string) => date(name, { mode: "string" });

/** A household of the household book (чарба китеби): numbered per municipality. */
export const household = pgTable(
  "household",
  {
    ...tenantColumns(),
    number: integer("number").notNull(),
    villageCode: text("village_code").notNull(),
    street: text("street"),
    house: text("house"),
    dwelling: jsonb("dwelling").$type<Dwelling>().notNull().default({}),
    phone: text("phone"),
    notes: text("notes"),
    formedOn: day("formed_on").notNull(),
    dissolvedOn: day("dissolved_on"),
    /** The household it split off from, when it did. */
    splitFrom: uuid("split_from"),
    /**
     * Its number in the book of the municipality it came from, when that municipality was merged
     * into this one (registry/transfer.ts): the paper book still says it, so a search finds it.
     */
    formerNumber: integer("former_number"),
    /**
     * The address as a search finds it: its village's names, street and house folded as names are
     * (`addressKey`), derived on every write; null only until `fillAddressKeys` reaches a household
     * written before the key existed.
     */
    addressKey: text("address_key"),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.number),
    index("household_former_number").on(t.orgId, t.formerNumber).where(sql`${t.formerNumber} is not null`),
    index().on(t.orgId, t.villageCode),
    // The address search's words, spelt right or nearly (app_households_by_address, migration 0042).
    index("household_address_key_trigrams").using("gin", sql`${t.addressKey} gin_trgm_ops`),
    // The households still to key (fillAddressKeys): none, once filled, so every start reads nothing.
    index("household_address_key_missing").on(t.id).where(sql`${t.addressKey} is null`),
    // A caller's phone, stored as E.164, finds the household.
    index("household_phone").on(t.phone),
  ],
);

export interface Dwelling {
  kind?: "house" | "apartment" | "other";
  rooms?: number;
  areaM2?: number;
  water?: "piped" | "well" | "canal" | "none";
}

export const PIN_STATUSES = ["valid", "unknown"] as const;

/**
 * A person. The name is kept in Cyrillic as written; the Latin form and the search key are derived
 * on every write, so a search never has to transliterate a row.
 */
export const person = pgTable(
  "person",
  {
    ...tenantColumns(),
    pin: text("pin"),
    surname: text("surname").notNull(),
    givenName: text("given_name").notNull(),
    patronymic: text("patronymic"),
    nameLatin: text("name_latin").notNull(),
    searchKey: text("search_key").notNull(),
    sex: text("sex").$type<Sex>().notNull(),
    birthDate: day("birth_date"),
    citizenship: text("citizenship").notNull().default("KG"),
    disabilityGroup: text("disability_group"),
    education: text("education"),
    occupation: text("occupation"),
    migration: jsonb("migration").$type<LabourMigration | null>(),
    deathDate: day("death_date"),
    /** Set when a probable duplicate was merged into another person; kept for history. */
    mergedInto: uuid("merged_into"),
    /**
     * Set when the only record of this person, a birth or an arrival, was annulled as registered by
     * mistake: the row stays for the annulled event's history, but the register no longer holds them.
     */
    enteredInError: boolean("entered_in_error").notNull().default(false),
  },
  (t) => [
    // No trigram index on the whole name: misspellings are found through the dictionary of name
    // words (name_token), and that index cost most of an import's writing time. A PIN is found
    // through person_pin in any organisation.
    index().on(t.orgId, t.birthDate),
    // Duplicate screening across the country: the same PIN, or the same name and birth date.
    index("person_pin").on(t.pin),
    index("person_key_birth").on(t.searchKey, t.birthDate),
    // A national office's search: the name's words, intersected in the index (see person_every_org).
    // New entries wait in a pending list of at most 1 MB and are merged sorted (migration 0025).
    index("person_name_words")
      .using("gin", sql`string_to_array(${t.searchKey}, ' ')`)
      .with({ fastupdate: true, gin_pending_list_limit: 1024 }),
  ],
);

/** Who belonged to which household, and when: the history "household X on date D" is read from. */
export const householdMember = pgTable(
  "household_member",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => household.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => person.id),
    relation: text("relation").$type<Relation>().notNull(),
    fromDate: day("from_date").notNull(),
    toDate: day("to_date"),
    fromEventId: uuid("from_event_id"),
    toEventId: uuid("to_event_id"),
  },
  (t) => [index().on(t.householdId), index().on(t.personId)],
);

export const landPlot = pgTable(
  "land_plot",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => household.id),
    cadastralNumber: text("cadastral_number"),
    areaHa: numeric("area_ha", { precision: 12, scale: 4, mode: "number" }).notNull(),
    category: text("category").$type<LandCategory>().notNull(),
    tenure: text("tenure").$type<(typeof TENURES)[number]>().notNull(),
    fromDate: day("from_date").notNull(),
    toDate: day("to_date"),
    endReason: text("end_reason"),
  },
  (t) => [
    index().on(t.householdId),
    // A cadastral number is held by one plot in force at a time (addLandPlot asks which).
    index("land_plot_cadastral_in_force").on(t.orgId, t.cadastralNumber).where(sql`${t.toDate} is null`),
  ],
);

export const livestockCount = pgTable(
  "livestock_count",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => household.id),
    countedOn: day("counted_on").notNull(),
    counts: jsonb("counts").$type<Partial<Record<LivestockSpecies, number>>>().notNull(),
  },
  (t) => [uniqueIndex().on(t.householdId, t.countedOn)],
);

/** What happened, when, recorded by whom: the register's changes in the words of the household book. */
export const lifeEvent = pgTable(
  "life_event",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    kind: text("kind").$type<LifeEventKind>().notNull(),
    occurredOn: day("occurred_on").notNull(),
    householdId: uuid("household_id").references(() => household.id),
    personId: uuid("person_id").references(() => person.id),
    otherHouseholdId: uuid("other_household_id").references(() => household.id),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    recordedBy: uuid("recorded_by"),
    recordedAt: instant("recorded_at").notNull().defaultNow(),
    /**
     * An event registered by mistake is annulled, not deleted: what it did is undone and the history
     * keeps it, marked, with the reason, who and when.
     */
    annulledAt: instant("annulled_at"),
    annulledBy: uuid("annulled_by"),
    annulledReason: text("annulled_reason"),
    /**
     * The event whose write annulled it, when no clerk did by hand: a merge's `person-merged` in the
     * same household, which voids the duplicate's arrival (or birth) into a household it was
     * registered in by mistake (registry/search.ts, `merge`). Its reason is then that merge's.
     */
    annulledByEventId: uuid("annulled_by_event_id").references((): AnyPgColumn => lifeEvent.id),
  },
  (t) => [
    index().on(t.householdId, t.occurredOn),
    index().on(t.personId),
    // The household card lists the events naming the household either way (a split, a move between
    // households): without it, that list read every event of the country. Few events name one.
    index().on(t.otherHouseholdId).where(sql`${t.otherHouseholdId} is not null`),
    // The foreign key's check when events are deleted (a municipality's book removed, a bench's
    // import undone): without it each deleted event read every event of the country for one naming
    // it, and deleting a 100,000-household book's events ran for minutes without end.
    index().on(t.annulledByEventId).where(sql`${t.annulledByEventId} is not null`),
    // A past day's labour migrants (the card, the register's counts) read each person's last
    // migration event by then: few events are migrations, and the counts read a municipality's at once.
    index("life_event_migration_person")
      .on(t.orgId, t.personId, t.occurredOn)
      .where(sql`${t.kind} = 'migration' and ${t.annulledAt} is null`),
  ],
);

/** The organisation's vulnerability criteria (configurable; seeded from the country's defaults). */
export const vulnerabilityCriterion = pgTable(
  "vulnerability_criterion",
  {
    orgId: uuid("org_id").notNull(),
    code: text("code").notNull(),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    rule: jsonb("rule").$type<DerivationRule | null>(),
    active: boolean("active").notNull().default(true),
    sort: integer("sort").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.code] })],
);

/** A household's flag: derived from the register or set by a social worker, with reason and dates. */
export const householdFlag = pgTable(
  "household_flag",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => household.id),
    criterionCode: text("criterion_code").notNull(),
    source: text("source").$type<"derived" | "manual">().notNull(),
    reason: text("reason").notNull(),
    reasonParams: jsonb("reason_params").$type<Record<string, string | number>>().notNull().default({}),
    setOn: day("set_on").notNull(),
    setBy: uuid("set_by"),
    clearedOn: day("cleared_on"),
    clearedBy: uuid("cleared_by"),
    clearReason: text("clear_reason"),
  },
  (t) => [index().on(t.householdId), index().on(t.orgId, t.criterionCode)],
);

/** A certificate's wording per language, with {placeholders}; an administrator edits it. */
export interface CertificateText {
  title: string;
  body: string;
}

export const certificateTemplate = pgTable(
  "certificate_template",
  {
    ...tenantColumns(),
    kind: text("kind").$type<CertificateKind>().notNull(),
    texts: jsonb("texts").$type<{ ky: CertificateText; ru: CertificateText }>().notNull(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.kind)],
);

/** Numbers certificates per organisation and year without gaps under concurrent issuing. */
export const certificateCounter = pgTable(
  "certificate_counter",
  {
    orgId: uuid("org_id").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.year] })],
);

export const certificate = pgTable(
  "certificate",
  {
    id: uuid("id").primaryKey(),
    /** Who keeps it: the issuer, or the municipality that took over the issuer's register. */
    orgId: uuid("org_id").notNull(),
    /** Who issued it, whose series its number belongs to and whose name the verification shows. */
    issuerOrgId: uuid("issuer_org_id").notNull(),
    kind: text("kind").$type<CertificateKind>().notNull(),
    year: integer("year").notNull(),
    number: integer("number").notNull(),
    householdId: uuid("household_id")
      .notNull()
      .references(() => household.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => person.id),
    purpose: text("purpose").notNull(),
    locale: text("locale").$type<"ky" | "ru">().notNull(),
    issuedOn: day("issued_on").notNull(),
    issuedBy: uuid("issued_by").notNull(),
    /** What the paper says, frozen at issue: the PDF is rebuilt from this, never from today's register. */
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    /** The secret in the QR code's address: unguessable, so verification cannot be enumerated. */
    verifyCode: text("verify_code").notNull(),
    revokedAt: instant("revoked_at"),
    revokedBy: uuid("revoked_by"),
    revokedReason: text("revoked_reason"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.issuerOrgId, t.year, t.number),
    uniqueIndex().on(t.verifyCode),
    index().on(t.orgId, t.issuedOn),
    index().on(t.personId),
    // The register of certificates: newest first by year and number, of one year or of all.
    index().on(t.orgId, t.year, t.number),
    // A household card's certificates (and the foreign key's checks when a household goes).
    index().on(t.householdId, t.issuedOn),
  ],
);

/**
 * The words of each person's name (their search key's words), one row per word: the index a name
 * search runs on, kept by a trigger on person. Row-level security makes PostgreSQL evaluate a
 * query's own conditions after the policy's unless their operators are leakproof; array
 * containment (`@>`, `&&`) is not, so a GIN index on a person's words went unused under the
 * policies and every search read the whole municipality. Word equality is leakproof: the btree
 * below answers "who in these organisations has this word" from the index alone.
 */
export const personNameWord = pgTable(
  "person_name_word",
  {
    word: text("word").notNull(),
    orgId: uuid("org_id").notNull(),
    personId: uuid("person_id").notNull(),
  },
  (t) => [primaryKey({ name: "person_name_word_pkey", columns: [t.word, t.orgId, t.personId] })],
);

/**
 * Every distinct word of every name, across the country: a small dictionary (names repeat) where
 * a misspelt word finds its real spellings by trigram similarity before the people are searched.
 * Filled by a trigger on person; it holds name words only, never who bears them.
 */
export const nameToken = pgTable("name_token", { token: text("token").primaryKey() }, (t) => [
  index("name_token_trgm").using("gin", sql`${t.token} gin_trgm_ops`),
  index("name_token_prefix").using("btree", sql`${t.token} text_pattern_ops`),
]);

/**
 * A municipality's register counted on a day (migration 0035), so that an oblast's or the
 * country's summary adds 450 rows up instead of counting millions of people. Triggers on what the
 * counts read drop an organisation's rows when its register changes.
 */
export const registerDayCount = pgTable(
  "register_day_count",
  {
    orgId: uuid("org_id").notNull(),
    onDate: day("on_date").notNull(),
    counts: jsonb("counts").$type<PlaceCounts>().notNull(),
    /** Households per vulnerability criterion code in force on the day. */
    criteria: jsonb("criteria").$type<Record<string, number>>().notNull(),
    certificates: jsonb("certificates").$type<{ issued: number; revoked: number }>().notNull(),
    countedAt: instant("counted_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.onDate] })],
);

/**
 * The day each municipality's derived flags were last brought in line with its register by the
 * service's daily refresh (migration 0046): the next one reads the days since, so a flag whose facts
 * changed while the service was off is set or cleared on the day they changed, not the day it ran.
 */
export const flagRefresh = pgTable("flag_refresh", {
  orgId: uuid("org_id").primaryKey(),
  refreshedOn: day("refreshed_on").notNull(),
});

/**
 * A key (a PIN, or a folded name and birth date) that people in force in two organisations or more
 * hold, one row for each organisation (src/server/registry/counted-twice.ts): found every hour over
 * the whole country, read by an office for its area.
 */
export const personSharedKey = pgTable(
  "person_shared_key",
  {
    orgId: uuid("org_id").notNull(),
    reason: text("reason").$type<ScreeningReason>().notNull(),
    pin: text("pin"),
    searchKey: text("search_key"),
    birthDate: day("birth_date"),
    foundAt: instant("found_at").notNull().defaultNow(),
  },
  (t) => [index().on(t.orgId)],
);
