import { integer, timestamp, uuid } from "drizzle-orm/pg-core";

/** Columns every tenant table carries: its id, its organisation, and the optimistic-lock version. */
export const tenantColumns = () => ({
  id: uuid("id").primaryKey(),
  orgId: uuid("org_id").notNull(),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
