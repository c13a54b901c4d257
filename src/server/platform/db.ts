import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { Config } from "./config.js";

/** The one database handle of the service: Drizzle over embedded PGlite or a PostgreSQL pool. */
export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** Runs a query that must answer quickly; throws when the database is unreachable. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(config: Config["database"]): Promise<Database> {
  if (config.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on("error", () => {});
    const db = drizzlePg(pool) as unknown as Db;
    return {
      kind: "postgres",
      db,
      ping: (timeoutMs = 2000) => withTimeout(db.execute(sql`select 1`), timeoutMs),
      close: () => pool.end(),
    };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(client) as unknown as Db;
  let closed = false;
  return {
    kind: "pglite",
    db,
    ping: async (timeoutMs = 2000) => {
      if (closed) throw new Error("database closed");
      await withTimeout(db.execute(sql`select 1`), timeoutMs);
    },
    close: async () => {
      closed = true;
      await client.close();
    },
  };
}

/** Rows of a raw query, the same shape on PGlite and node-postgres. */
export async function rows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      promise,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
