// The register bench's national database, which the backup bench reads too, and the psql both use
// for their COPY anchors.
import { spawnSync } from "node:child_process";
import pg from "pg";

/** Households in the register bench's database (AIMAK_BENCH_HOUSEHOLDS, default 1,500,000). */
export const REGISTER_HOUSEHOLDS = Number(process.env.AIMAK_BENCH_HOUSEHOLDS ?? 1_500_000);

/** The register bench's database beside `adminUrl`'s: its name, its address, and whether it exists. */
export async function registerDatabase(adminUrl: string) {
  const name = `aimak_bench_register_${REGISTER_HOUSEHOLDS}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  await admin.end();
  return { name, url: url.toString(), exists };
}

/** PostgreSQL 15's psql, or whichever is on the path; undefined without one. */
export const findPsql = () =>
  ["/usr/lib/postgresql/15/bin/psql", "psql"].find((p) => spawnSync(p, ["--version"]).status === 0);
