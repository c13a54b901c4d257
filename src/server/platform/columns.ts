import { doublePrecision, integer, numeric, timestamp, uuid } from "drizzle-orm/pg-core";

/** Columns every tenant table carries: its id, its organisation, and the optimistic-lock version. */
export const tenantColumns = () => ({
  id: uuid("id").primaryKey(),
  orgId: uuid("org_id").notNull(),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** An area in hectares, to the square metre. */
export const hectares = (name: string) => numeric(name, { precision: 12, scale: 4, mode: "number" });

/**
 * A volume in m³, as a double: PostgreSQL adds 4-byte reals as reals, and over a season's acts
 * that dropped whole m³ from its totals.
 */
export const cubicMetres = (name: string) => doublePrecision(name);
