import fs, { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { openDatabase, processIdentity } from "../../src/server/platform/db.js";
import { preparedImage } from "../support/database.js";

// The embedded database's folder on disk: a commit synced before it answers, and a lock that a
// dead process's successor takes over. This file runs in the integration-pglite project
// only (vitest.config.ts leaves it out of integration-postgres): a PostgreSQL server keeps its
// data in its own process, which a killed Aimak does not touch, and its crash recovery is the
// server's own.

describe("the embedded database on disk", () => {
  it("syncs a write's commit to the disk before it answers", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "aimak-fsync-"));
    const image = preparedImage("pglite");
    const database = await openDatabase({ kind: "pglite", dataDir, ...(image ? { image } : {}) });
    try {
      const [settings] = await database.script<{ fsync: string; method: string }>(
        "select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method",
      );
      expect(settings).toEqual({ fsync: "on", method: "fsync" });
      await database.script("create table crash_probe (n int)");
      const fsyncs = vi.spyOn(fs, "fsyncSync");
      try {
        await database.script("insert into crash_probe values (1)");
        // The commit's WAL, at least, went to the disk (PGlite's own files have no fsync at all).
        expect(fsyncs).toHaveBeenCalled();
      } finally {
        fsyncs.mockRestore();
      }
    } finally {
      await database.close();
    }
  });

  it("takes over a lock whose pid now belongs to another process (a machine booted again after a power cut)", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "aimak-lock-"));
    const lockFile = path.join(dataDir, "aimak.lock");
    const image = preparedImage("pglite");
    const config = { kind: "pglite" as const, dataDir };
    // The lock names its owner so that another process of the same pid is told apart.
    const database = await openDatabase({ ...config, ...(image ? { image } : {}) });
    expect(JSON.parse(readFileSync(lockFile, "utf8"))).toEqual(processIdentity(process.pid));
    expect(processIdentity(process.pid)).toEqual({
      pid: process.pid,
      boot: expect.any(String),
      start: expect.stringMatching(/^\d+$/),
    });
    await database.close();
    // A live process (the test runner's parent) as the owner, in another boot: not the owner.
    const other = processIdentity(process.ppid);
    writeFileSync(lockFile, JSON.stringify({ ...other, boot: "a-boot-before-the-power-cut" }));
    await (await openDatabase(config)).close();
    // Or started at another time in this boot: not the owner either.
    writeFileSync(lockFile, JSON.stringify({ ...other, start: "1" }));
    await (await openDatabase(config)).close();
    // The same process still running is: refused.
    writeFileSync(lockFile, JSON.stringify(other));
    await expect(openDatabase(config)).rejects.toThrow(`in use by process ${process.ppid}`);
  });
});
