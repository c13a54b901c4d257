import { describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../src/server/platform/db.js";
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
});
