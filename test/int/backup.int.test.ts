import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../src/server/demo/seed.js";
import { backupDatabase, fingerprint, restoreDatabase } from "../../src/server/platform/backup.js";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import { type Database, rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { freshDatabaseConfig } from "../support/database.js";
import { temporaryFolder } from "../support/temporary-folders.js";

describe("backup and restore", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  async function fresh(): Promise<Database> {
    const { config, drop } = await freshDatabaseConfig();
    const database = await prepareDatabase(config);
    cleanup.push(async () => {
      await database.close();
      await drop();
    });
    return database;
  }

  it("restores identical data, table by table", async () => {
    const source = await fresh();
    await loadDemo(source);
    const file = path.join(temporaryFolder("aimak-backup-"), "aimak.backup.gz");
    const progress: string[] = [];
    await backupDatabase(source, file, (m) => progress.push(m));
    expect(progress.some((m) => m.startsWith("audit_event:"))).toBe(true);

    const target = await fresh();
    await restoreDatabase(target, file);
    const [before, after] = [await fingerprint(source), await fingerprint(target)];
    expect(after).toEqual(before);
    expect(before.app_user).not.toBe("empty");
    expect(before.audit_event).not.toBe("empty");
  });

  it("carries every row of a table longer than a page once, with a primary key or without, and a whole number beyond a double's precision exactly", async () => {
    const source = await fresh();
    await loadDemo(source);
    await withSystem(source, async (tx) => {
      // 2^53 + 1 tyiyn: read into JavaScript as a number, it would come back as 2^53.
      await tx.execute(sql`update billing_payment set amount_tyiyn = 9007199254740993
        where id = (select id from billing_payment order by id limit 1)`);
      // A page is 2,000 rows. The demo's gauge readings (a primary key) run to 5,857; 4,500
      // screening keys are added, a table without one, all of one organisation: nothing orders them.
      await tx.execute(sql`insert into person_shared_key (org_id, reason, pin, birth_date)
        select o.id, 'samePin', lpad(g::text, 14, '0'), date '1990-01-01' + g
        from (select id from organisation order by id limit 1) o, generate_series(1, 4500) g`);
    });
    const file = path.join(temporaryFolder("aimak-backup-"), "aimak.backup.gz");
    const progress: string[] = [];
    await backupDatabase(source, file, (m) => progress.push(m));
    expect(progress).toContain("gauge_reading: 4000/5857");
    expect(progress).toContain("person_shared_key: 2000/4500");
    expect(progress).toContain("person_shared_key: 4500/4500");

    const target = await fresh();
    await restoreDatabase(target, file);
    const restored = await withSystem(target, (tx) =>
      rows<{ pin: string; n: number }>(
        tx,
        sql`select pin, count(*)::int as n from person_shared_key group by pin order by pin`,
      ),
    );
    expect(restored).toHaveLength(4500);
    expect(restored.every((k) => k.n === 1)).toBe(true);
    const [largest] = await withSystem(target, (tx) =>
      rows<{ amount: string }>(tx, sql`select max(amount_tyiyn)::text as amount from billing_payment`),
    );
    expect(largest!.amount).toBe("9007199254740993");
    expect(await fingerprint(target)).toEqual(await fingerprint(source));
  });

  it("restores a backup written by JavaScript's JSON (as before 2026-12-07), and refuses a broken line, changing nothing", async () => {
    const source = await fresh();
    await loadDemo(source);
    const folder = temporaryFolder("aimak-backup-");
    const file = path.join(folder, "aimak.backup.gz");
    await backupDatabase(source, file);
    const lines = gunzipSync(readFileSync(file)).toString("utf8").split("\n");
    // Each row as JSON.stringify wrote it, without the spaces jsonb puts in.
    const compact = lines.map((l, i) => (i === 0 || l === "" ? l : JSON.stringify(JSON.parse(l))));
    expect(compact.slice(1, 3)).not.toEqual(lines.slice(1, 3));
    const older = path.join(folder, "older.backup.gz");
    writeFileSync(older, gzipSync(compact.join("\n")));
    const target = await fresh();
    await restoreDatabase(target, older);
    expect(await fingerprint(target)).toEqual(await fingerprint(source));

    const broken = path.join(folder, "broken.backup.gz");
    const last = lines.findLastIndex((l) => l !== "");
    writeFileSync(broken, gzipSync([...lines.slice(0, last), '{"t":"household"', ""].join("\n")));
    const empty = await fresh();
    const before = await fingerprint(empty);
    await expect(restoreDatabase(empty, broken)).rejects.toThrow(/backup.notABackup/);
    expect(await fingerprint(empty)).toEqual(before);
  });

  it("refuses to restore into a database in use, and changes nothing there", async () => {
    const source = await fresh();
    await loadDemo(source);
    const file = path.join(temporaryFolder("aimak-backup-"), "aimak.backup.gz");
    await backupDatabase(source, file);
    const before = await fingerprint(source);
    await expect(restoreDatabase(source, file)).rejects.toThrow(/backup.targetNotEmpty/);
    expect(await fingerprint(source)).toEqual(before);
  });
});
