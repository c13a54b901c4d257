import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { loadDemo } from "../../src/server/demo/seed.js";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import type { Database } from "../../src/server/platform/db.js";
import { IMAGE_ENV } from "./database.js";

/**
 * Prepares once per run the database every test file of a tier starts from, instead of each file
 * running initdb and every migration again (4–7 s a PGlite file on a busy 2-core machine): a
 * migrated PGlite image for the PGlite tier, the same with the demo loaded for the browser tier,
 * and a migrated template database on the PostgreSQL server. The tests find them through the
 * environment, which the test workers, started after this, inherit; without it they start empty.
 */
export default async function setup(project: TestProject) {
  const started = performance.now();
  const done = (what: string) =>
    console.log(`prepared ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  switch (project.name) {
    case "integration-pglite": {
      const file = await pgliteImage(async () => {});
      process.env[IMAGE_ENV.pglite] = file;
      done("the migrated PGlite image");
      return () => rmSync(path.dirname(file), { recursive: true, force: true });
    }
    case "browser": {
      const file = await pgliteImage((database) => loadDemo(database));
      process.env[IMAGE_ENV.demo] = file;
      done("the demo's PGlite image");
      return () => rmSync(path.dirname(file), { recursive: true, force: true });
    }
    case "integration-postgres": {
      const template = await postgresTemplate();
      process.env[IMAGE_ENV.postgresTemplate] = template.name;
      done(`the PostgreSQL template ${template.name}`);
      return template.drop;
    }
  }
}

/** A PGlite data directory migrated (and filled by `fill`), dumped to a file of its own. */
async function pgliteImage(fill: (database: Database) => Promise<void>): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "aimak-test-image-"));
  const dataDir = path.join(dir, "data");
  const database = await prepareDatabase({ kind: "pglite", dataDir });
  try {
    await fill(database);
  } finally {
    await database.close();
  }
  // Opened again as PGlite itself, which alone can dump its data directory.
  const client = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const image = await client.dumpDataDir("none");
  await client.close();
  const file = path.join(dir, "image.tar");
  writeFileSync(file, new Uint8Array(await image.arrayBuffer()));
  rmSync(dataDir, { recursive: true, force: true });
  return file;
}

async function postgresTemplate() {
  const adminUrl = process.env.AIMAK_TEST_PG_URL;
  if (!adminUrl) throw new Error("AIMAK_TEST_PG_URL is not set for the postgres tier");
  const name = `aimak_template_${randomBytes(6).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await prepareDatabase({ kind: "postgres", url: url.toString() });
  await database.close();
  return { name, drop: () => admin(`drop database if exists ${name} with (force)`) };
}
