import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Config } from "../../src/server/platform/config.js";

/**
 * A fresh, empty database for one test file: in-memory PGlite, or a new database on the
 * PostgreSQL server named by AIMAK_TEST_PG_URL (the integration-postgres tier). Dropped afterwards.
 */
export async function freshDatabaseConfig(): Promise<{
  config: Config["database"];
  drop: () => Promise<void>;
}> {
  if (process.env.AIMAK_TEST_DB !== "postgres") {
    return { config: { kind: "pglite", dataDir: null }, drop: async () => {} };
  }
  const adminUrl = process.env.AIMAK_TEST_PG_URL;
  if (!adminUrl) throw new Error("AIMAK_TEST_PG_URL is not set for the postgres tier");
  const name = `aimak_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: "postgres", url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
