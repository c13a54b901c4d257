import { sql } from "drizzle-orm";
import { date, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "../../domain/places/units.js";

/**
 * Administrative units (country → oblast → rayon → ayil aimak → village), keyed by the national
 * classifier code (СОАТЕ in Kyrgyzstan). Shared reference data: no tenant. A unit's name and parent
 * change over time, so they live in dated versions; a merged or abolished unit keeps its code and
 * names its successor, so records made before a merge still resolve.
 */
export const adminUnit = pgTable(
  "admin_unit",
  {
    code: text("code").primaryKey(),
    countryCode: text("country_code").notNull(),
    level: text("level").notNull(),
    createdOn: date("created_on"),
    abolishedOn: date("abolished_on"),
    successorCode: text("successor_code"),
  },
  // The few units merged away, which every district office's session looks up (migration 0026).
  (t) => [index("admin_unit_merged").on(t.code).where(sql`${t.successorCode} is not null`)],
);

export const adminUnitVersion = pgTable(
  "admin_unit_version",
  {
    id: uuid("id").primaryKey(),
    code: text("code")
      .notNull()
      .references(() => adminUnit.code),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
    parentCode: text("parent_code").references(() => adminUnit.code),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("admin_unit_version_code_idx").on(t.code, t.validFrom), index().on(t.parentCode)],
);
