import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import type { Config } from "../../src/server/platform/config.js";
import { temporaryFolder } from "./temporary-folders.js";

/** Where global-setup.ts leaves the databases a run's test files start from. */
export const IMAGE_ENV = {
  pglite: "AIMAK_TEST_PGLITE_IMAGE",
  demo: "AIMAK_TEST_DEMO_IMAGE",
  postgresTemplate: "AIMAK_TEST_PG_TEMPLATE",
} as const;

/** The image of `kind` prepared for this run, if any, to start an in-memory PGlite from. */
export function preparedImage(kind: "pglite" | "demo"): Blob | undefined {
  const file = process.env[IMAGE_ENV[kind]];
  return file ? new Blob([readFileSync(file)]) : undefined;
}

/**
 * A new folder of the embedded database on disk, and the configuration to open it the first time:
 * with the run's migrated image where there is one, which that opening writes into the folder
 * (about 10 s of initdb and migrations less than an empty folder). Later openings name the folder
 * alone, or the image would be written over what they find.
 */
export function embeddedFolder(prefix: string) {
  const dataDir = temporaryFolder(prefix);
  const image = preparedImage("pglite");
  return { kind: "pglite" as const, dataDir, ...(image ? { image } : {}) };
}

/**
 * A fresh database for one test file, migrated: in-memory PGlite, or a new database on the
 * PostgreSQL server named by AIMAK_TEST_PG_URL (the integration-postgres tier). Dropped afterwards.
 * Both are copies of the run's prepared database where there is one (see global-setup.ts).
 */
export async function freshDatabaseConfig(): Promise<{
  config: Config["database"];
  drop: () => Promise<void>;
}> {
  if (process.env.AIMAK_TEST_DB !== "postgres") {
    const image = preparedImage("pglite");
    return { config: { kind: "pglite", dataDir: null, ...(image ? { image } : {}) }, drop: async () => {} };
  }
  const adminUrl = process.env.AIMAK_TEST_PG_URL;
  if (!adminUrl) throw new Error("AIMAK_TEST_PG_URL is not set for the postgres tier");
  const name = `aimak_test_${randomBytes(6).toString("hex")}`;
  const template = process.env[IMAGE_ENV.postgresTemplate];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ""}`);
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
