import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../src/server/demo/seed.js";
import { backupDatabase, fingerprint, restoreDatabase } from "../../src/server/platform/backup.js";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import type { Database } from "../../src/server/platform/db.js";
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
