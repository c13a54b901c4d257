import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Locale } from "../../domain/places/units.js";
import { organisation } from "../orgs/tables.js";
import { instant, tenantColumns } from "../platform/columns.js";
import type { Role } from "./roles.js";

/**
 * A person who logs in. Global (one login for all their organisations); roles are per organisation.
 * The login's own settings (name, language, password, disabling) are its home organisation's to
 * change: the one that created it. Another organisation that gives it roles manages only those.
 */
export const appUser = pgTable("app_user", {
  id: uuid("id").primaryKey(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  locale: text("locale").$type<Locale>().notNull().default("ky"),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: instant("locked_until"),
  disabledAt: instant("disabled_at"),
  version: integer("version").notNull().default(1),
  createdAt: instant("created_at").notNull().defaultNow(),
  homeOrgId: uuid("home_org_id").references(() => organisation.id),
});

/** A username as logins are kept and looked up: trimmed, lowercase. */
export const usernameKey = (username: string) => username.trim().toLowerCase();

/** The columns a new password sets: it also clears failed attempts and a lockout. */
export const newPasswordColumns = (passwordHash: string) => ({
  passwordHash,
  failedLogins: 0,
  lockedUntil: null,
});

export const membership = pgTable(
  "membership",
  {
    ...tenantColumns(),
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    role: text("role").$type<Role>().notNull(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.userId, t.role), index().on(t.userId)],
);

/** A browser session; the cookie holds a random token, the table only its SHA-256. */
export const session = pgTable(
  "session",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    csrfToken: text("csrf_token").notNull(),
    activeOrgId: uuid("active_org_id").references(() => organisation.id),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastSeenAt: instant("last_seen_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index().on(t.userId)],
);

/** A personal API token for machine clients: one organisation, one role, stored hashed. */
export const apiToken = pgTable(
  "api_token",
  {
    ...tenantColumns(),
    userId: uuid("user_id")
      .notNull()
      .references(() => appUser.id),
    name: text("name").notNull(),
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    expiresAt: instant("expires_at"),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [index().on(t.userId)],
);
