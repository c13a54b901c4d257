import { createReadStream, createWriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { type SQL, sql } from "drizzle-orm";
import { DomainError } from "../../domain/shared/errors.js";
import { type Database, rows, type Tx } from "./db.js";
import { withSystem } from "./transactions.js";

/**
 * A logical backup: one JSON line per row, gzipped, tables in foreign-key order. The same file
 * restores into PGlite or PostgreSQL (a village's laptop database can move to a server), and
 * every value round-trips exactly because rows travel as PostgreSQL's own jsonb.
 */
const FORMAT = "aimak-backup";
const PAGE = 2000;
const REFERENCE_TABLES = new Set(["admin_unit", "admin_unit_version"]);
/** A row's line: its table's name, then the row as JSON (a backup's writer puts nothing else there). */
const ROW_LINE = /^\{"t":"([a-z_][a-z0-9_]*)","r":(\{.*\})\}$/;
/** Filled by triggers from other tables (the name-word dictionary and index from people), so rebuilt by the restore, not carried. */
const DERIVED_TABLES = new Set(["name_token", "person_name_word"]);

export type Progress = (message: string) => void;

interface Header {
  format: typeof FORMAT;
  formatVersion: 1;
  createdAt: string;
  migrations: number;
  tables: { name: string; rows: number }[];
}

export async function backupDatabase(database: Database, file: string, progress: Progress = () => {}) {
  await withSystem(database, async (tx) => {
    // One snapshot for the whole file, so a backup taken while people work is consistent.
    await tx.execute(sql`set transaction isolation level repeatable read, read only`);
    const tables = (await tablesInOrder(tx)).filter((name) => !DERIVED_TABLES.has(name));
    const counts: Header["tables"] = [];
    for (const name of tables) {
      const [c] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(name)}`);
      counts.push({ name, rows: c!.n });
    }
    const header: Header = {
      format: FORMAT,
      formatVersion: 1,
      createdAt: new Date().toISOString(),
      migrations: await migrationCount(tx),
      tables: counts,
    };
    const lines = async function* () {
      yield `${JSON.stringify(header)}\n`;
      for (const { name, rows: total } of counts) {
        // A cursor reads the table once, a page at a time. Pages of LIMIT/OFFSET each stepped over
        // every row before them, so a table's backup grew with the square of its rows (a national
        // register's households alone took over 20 minutes, 24 s this way); and a table without a
        // primary key (ordered by its first column) had no order that fixed where a page ended.
        // Each row comes as jsonb's own text and is written as it is: read into JavaScript, a whole
        // number beyond a double's precision changed.
        await tx.execute(sql`declare backup_rows no scroll cursor for ${await rowsInKeyOrder(tx, name)}`);
        const line = `{"t":${JSON.stringify(name)},"r":`;
        for (let done = 0; done < total; ) {
          const page = await rows<{ r: string }>(
            tx,
            sql`fetch forward ${sql.raw(String(PAGE))} from backup_rows`,
          );
          if (page.length === 0) break;
          done += page.length;
          yield page.map((p) => `${line}${p.r}}\n`).join("");
          progress(`${name}: ${done}/${total}`);
        }
        await tx.execute(sql`close backup_rows`);
      }
    };
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file));
  });
}

/** Restores a backup into a migrated, empty database, in one transaction: all of it or nothing. */
export async function restoreDatabase(database: Database, file: string, progress: Progress = () => {}) {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const lines = input[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = JSON.parse(first.done ? "{}" : first.value) as Partial<Header>;
  if (header.format !== FORMAT) throw new DomainError("backup.notABackup");
  await withSystem(database, async (tx) => {
    const migrations = await migrationCount(tx);
    if (header.migrations !== migrations) {
      throw new DomainError("backup.schemaMismatch", {
        backup: header.migrations ?? 0,
        database: migrations,
      });
    }
    // Reference data loaded at start-up is replaced by the backup's own copy; anything else in
    // the target means it is in use, and a restore would mix two databases.
    for (const name of (await tablesInOrder(tx)).reverse()) {
      const [count] = await rows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from ${sql.identifier(name)}`,
      );
      if (count!.n === 0) continue;
      if (!REFERENCE_TABLES.has(name)) throw new DomainError("backup.targetNotEmpty", { table: name });
      await tx.execute(sql`delete from ${sql.identifier(name)}`);
    }
    const columnsOf = new Map<string, SQL>();
    let batch: string[] = [];
    let table = "";
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const columns = columnsOf.get(table) ?? (await writableColumns(tx, table));
      columnsOf.set(table, columns);
      await tx.execute(
        sql`insert into ${sql.identifier(table)} (${columns}) select ${columns} from jsonb_populate_recordset(null::${sql.identifier(table)}, ${`[${batch.join(",")}]`}::jsonb)`,
      );
      done += batch.length;
      progress(`${table}: ${done} rows`);
      batch = [];
    };
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      if (!line) continue;
      // The row goes to the database as the text it was written in (see backupDatabase).
      const row = ROW_LINE.exec(line);
      if (!row) throw new DomainError("backup.notABackup");
      const [, t, r] = row as unknown as [string, string, string];
      if (t !== table) {
        await flush();
        table = t;
        done = 0;
      }
      batch.push(r);
      if (batch.length >= 1000) await flush();
    }
    await flush();
  });
}

/** A digest of every table's contents, to check that a restore gave back identical data. */
export async function fingerprint(database: Database): Promise<Record<string, string>> {
  return withSystem(database, async (tx) => {
    const out: Record<string, string> = {};
    for (const name of await tablesInOrder(tx)) {
      const [row] = await rows<{ d: string | null }>(
        tx,
        sql`select md5(string_agg(to_jsonb(t)::text, E'\n' order by to_jsonb(t)::text)) as d from ${sql.identifier(name)} t`,
      );
      out[name] = row!.d ?? "empty";
    }
    return out;
  });
}

/** The columns a restore writes: generated columns (a person's name words) are computed again. */
async function writableColumns(tx: Tx, table: string): Promise<SQL> {
  const columns = await rows<{ name: string }>(
    tx,
    sql`select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = ${table} and is_generated = 'NEVER'
        order by ordinal_position`,
  );
  return sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
}

/** Application tables, parents before children (by foreign keys). */
async function tablesInOrder(tx: Tx): Promise<string[]> {
  const tables = await rows<{ name: string }>(
    tx,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const edges = await rows<{ child: string; parent: string }>(
    tx,
    sql`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const names = tables.map((t) => t.name);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.includes(name) || visiting.has(name)) return;
    visiting.add(name);
    for (const e of edges) if (e.child === name && e.parent !== name) visit(e.parent);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

/**
 * What a backup reads of a table: each row as jsonb's text (`r`), in the order of its primary key
 * (a table without one by its first column), so the same database gives the same file.
 */
export async function rowsInKeyOrder(tx: Tx, table: string): Promise<SQL> {
  const cols = await rows<{ col: string }>(
    tx,
    sql`select a.attname as col from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
        where i.indrelid = ${table}::regclass and i.indisprimary order by a.attnum`,
  );
  const order =
    cols.length === 0
      ? sql.raw("1")
      : sql.join(
          cols.map((c) => sql.identifier(c.col)),
          sql.raw(", "),
        );
  return sql`select to_jsonb(t)::text as r from ${sql.identifier(table)} t order by ${order}`;
}

async function migrationCount(tx: Tx): Promise<number> {
  const [row] = await rows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row!.n;
}
