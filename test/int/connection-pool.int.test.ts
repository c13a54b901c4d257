import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { openDatabase, rows } from "../../src/server/platform/db.js";
import { toDomainError } from "../../src/server/platform/errors.js";
import { freshDatabaseConfig } from "../support/database.js";

describe("the service's database connections", () => {
  it("are kept however long the service is idle, so a quiet office's next request finds its connection ready", async () => {
    const { config, drop } = await freshDatabaseConfig();
    const database = await openDatabase(config);
    // The pool's timers (its idle timeout among them) run on a clock the test moves; its
    // connections' reads and writes do not.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const serverProcess = async () =>
        (await database.script<{ pid: number }>("select pg_backend_pid() as pid"))[0]!.pid;
      const before = await serverProcess();
      vi.advanceTimersByTime(60 * 60 * 1000);
      expect(await serverProcess()).toBe(before);
    } finally {
      vi.useRealTimers();
      await database.close();
      await drop();
    }
  });

  // Only a server has server processes to end (PGlite has none), so only its tier holds this test.
  if (process.env.AIMAK_TEST_DB === "postgres")
    it("outlive a server process ended between two statements: that work fails, the next finds another connection", async () => {
      const { config, drop } = await freshDatabaseConfig();
      if (config.kind !== "postgres") throw new Error("the postgres tier gave no server");
      const database = await openDatabase(config);
      const other = new pg.Client({ connectionString: config.url });
      await other.connect();
      try {
        const work = database.transaction("select 1", async (tx) => {
          const [{ pid }] = (await rows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`)) as [
            { pid: number },
          ];
          await other.query("select pg_terminate_backend($1)", [pid]);
          // The server process is gone, and its last word has reached the client, between two
          // statements of this work.
          while ((await other.query("select 1 from pg_stat_activity where pid = $1", [pid])).rowCount)
            await new Promise((resolve) => setTimeout(resolve, 10));
          await new Promise((resolve) => setTimeout(resolve, 50));
          await tx.execute(sql`select 1`);
        });
        // Said to the user as the database out of reach (503, try again), not as a fault of ours.
        await expect(work).rejects.toSatisfy((error) => toDomainError(error).code === "unavailable");
        expect(await database.script<{ answer: number }>("select 42 as answer")).toEqual([{ answer: 42 }]);
      } finally {
        await other.end();
        await database.close();
        await drop();
      }
    });
});
