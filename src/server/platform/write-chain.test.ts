import { describe, expect, it } from "vitest";
import { ioTurn, type Tx, writeChain } from "./db.js";

const connection = {} as Tx;
const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe("writes chained on a transaction's connection", () => {
  it("start only after what they follow, one at a time and in order, on that connection", async () => {
    const screening = deferred();
    const log: string[] = [];
    const writes = writeChain(connection, screening.promise);
    for (const name of ["households", "people", "members"])
      writes.add(async (tx) => {
        expect(tx).toBe(connection);
        log.push(`start ${name}`);
        await ioTurn();
        log.push(`end ${name}`);
      });
    await ioTurn();
    expect(log).toEqual([]);
    screening.resolve();
    await writes.done();
    expect(log).toEqual([
      "start households",
      "end households",
      "start people",
      "end people",
      "start members",
      "end members",
    ]);
  });

  it("skip the rest after a failure, which done reports (and nothing goes unhandled meanwhile)", async () => {
    const log: string[] = [];
    const writes = writeChain(connection);
    writes.add(async () => {
      throw new Error("duplicate key");
    });
    writes.add(async () => {
      log.push("ran");
    });
    for (let i = 0; i < 3; i++) await ioTurn();
    await expect(writes.done()).rejects.toThrow("duplicate key");
    expect(log).toEqual([]);
  });

  it("never start when what they follow fails, which is not left unhandled meanwhile", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const screening = deferred();
      const log: string[] = [];
      const writes = writeChain(connection, screening.promise);
      writes.add(async () => {
        log.push("ran");
      });
      screening.reject(new Error("screening failed"));
      // And a chain that nothing was added to yet, whose `after` fails before `done` is awaited.
      const failing = deferred();
      const idle = writeChain(connection, failing.promise);
      failing.reject(new Error("nothing added"));
      await new Promise((resolve) => setTimeout(resolve, 10));
      await expect(writes.done()).rejects.toThrow("screening failed");
      await expect(idle.done()).rejects.toThrow("nothing added");
      expect(log).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
