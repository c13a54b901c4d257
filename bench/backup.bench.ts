// Backup of a national database: `aimak backup` of the register bench's database (1.5 million
// households, 6.5 million people) against its anchor, PostgreSQL's own COPY of the same rows as the
// same JSON text, in the same order, through gzip (psql | gzip -6), measured in the same run.
// Needs AIMAK_BENCH_PG_URL and the database `npm run bench register` leaves behind
// (AIMAK_BENCH_HOUSEHOLDS, default 1,500,000); skipped without them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PgDialect } from "drizzle-orm/pg-core";
import { backupDatabase, rowsInKeyOrder } from "../src/server/platform/backup.js";
import { openDatabase } from "../src/server/platform/db.js";
import { withSystem } from "../src/server/platform/transactions.js";
import { findPsql, registerDatabase } from "./lib/register-database.js";

export async function main() {
  const adminUrl = process.env.AIMAK_BENCH_PG_URL;
  if (!adminUrl) {
    console.log("skipped: set AIMAK_BENCH_PG_URL to a PostgreSQL role that may create databases");
    return;
  }
  const { name, url, exists } = await registerDatabase(adminUrl);
  const psql = findPsql();
  if (!exists || !psql) {
    console.log(`skipped: needs psql and the database ${name}, which \`npm run bench register\` makes`);
    return;
  }

  const database = await openDatabase({ kind: "postgres", url });
  const dir = mkdtempSync(path.join(os.tmpdir(), "aimak-backup-bench-"));
  const file = path.join(dir, "national.backup.gz");
  const rowsOf = new Map<string, number>();
  let peakRss = process.memoryUsage.rss();
  const t0 = performance.now();
  await backupDatabase(database, file, (message) => {
    const [table, counted] = message.split(": ");
    rowsOf.set(table!, Number(counted!.split("/")[0]));
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  });
  const backupSeconds = (performance.now() - t0) / 1000;
  const bytes = statSync(file).size;
  rmSync(dir, { recursive: true, force: true });
  const rows = [...rowsOf.values()].reduce((a, b) => a + b, 0);
  console.log(
    `backup of the whole database (${rowsOf.size} tables, ${rows.toLocaleString("en")} rows, ${(bytes / 2 ** 20).toFixed(0)} MiB gzipped): ${backupSeconds.toFixed(1)} s = ${Math.round(rows / backupSeconds).toLocaleString("en")} rows/s; the process's memory at most ${Math.round(peakRss / 2 ** 20)} MiB (at each page)`,
  );

  // The anchor: each table the backup wrote, as the backup reads it, copied out by the database.
  const dialect = new PgDialect();
  const commands = await withSystem(database, async (tx) => {
    const copies: string[] = [];
    for (const table of rowsOf.keys())
      copies.push(`copy (${dialect.sqlToQuery(await rowsInKeyOrder(tx, table)).sql}) to stdout`);
    return copies;
  });
  await database.close();
  const script = [
    "set role aimak_system;",
    "begin isolation level repeatable read, read only;",
    ...commands.map((c) => `${c};`),
    "commit;",
  ].join("\n");
  const c0 = performance.now();
  const copied = spawnSync(
    "bash",
    ["-o", "pipefail", "-c", `"${psql}" "$URL" -q -v ON_ERROR_STOP=1 | gzip -6 > /dev/null`],
    {
      input: script,
      env: { ...process.env, URL: url },
      encoding: "utf8",
    },
  );
  const copySeconds = (performance.now() - c0) / 1000;
  if (copied.status !== 0) console.log(copied.stderr);
  console.log(
    `COPY of the same rows as the same JSON text, in the same order, through gzip -6 (psql): ${copySeconds.toFixed(1)} s = ${Math.round(rows / copySeconds).toLocaleString("en")} rows/s; backup ÷ COPY (rows/s) = ${(copySeconds / backupSeconds).toFixed(2)}`,
  );
}
