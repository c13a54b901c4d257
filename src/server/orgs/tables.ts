import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import type { Locale, LocalizedText } from "../../domain/places/units.js";
import { DEFAULT_TIME_ZONE } from "../../domain/shared/local-time.js";
import { adminUnit } from "../places/tables.js";
import { instant } from "../platform/columns.js";

export const ORG_KINDS = ["ayil-okmotu", "water-provider", "district-office"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const PROVIDER_TYPES = ["wua", "state-water-service"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export interface OrganisationDetails {
  address?: string;
  /** The address as Russian papers print it; papers in Russian fall back to `address` without it. */
  addressRu?: string;
  phone?: string;
  email?: string;
  taxId?: string; // ИНН
  bankName?: string;
  bankAccount?: string;
  bankCode?: string; // БИК
  headName?: string;
}

/**
 * Organisations are the tenants. The row's own id is its org_id, so the same row-level policy
 * that guards every tenant table guards this one.
 */
export const organisation = pgTable(
  "organisation",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").$type<OrgKind>().notNull(),
    providerType: text("provider_type").$type<ProviderType>(),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    adminUnitCode: text("admin_unit_code")
      .notNull()
      .references(() => adminUnit.code),
    details: jsonb("details").$type<OrganisationDetails>().notNull().default({}),
    defaultLocale: text("default_locale").$type<Locale>().notNull().default("ky"),
    /** IANA zone of the organisation's local days and clock ("Asia/Bishkek" UTC+6, "Asia/Dushanbe" UTC+5). */
    timeZone: text("time_zone").notNull().default(DEFAULT_TIME_ZONE),
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index().on(t.adminUnitCode)],
);

/** Villages a water provider serves; they may lie in several municipalities. */
export const organisationVillage = pgTable(
  "organisation_village",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organisation.id),
    villageCode: text("village_code")
      .notNull()
      .references(() => adminUnit.code),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.villageCode] })],
);
