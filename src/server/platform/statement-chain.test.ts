import { describe, expect, it } from "vitest";
import { ioTurn, statementChain, type Tx } from "./db.js";

const connection = {} as Tx;

describe("statements chained on a transaction's connection", () => {
  it("start without the caller waiting, one at a time and in order, on that connection", async () => {
    const log: string[] = [];
    const writes = statementChain(connection);
    for (const name of ["households", "people", "members"])
      writes.add(async (tx) => {
        expect(tx).toBe(connection);
        log.push(`start ${name}`);
        await ioTurn();
        log.push(`end ${name}`);
      });
    await ioTurn();
    expect(log[0]).toBe("start households");
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

  it("skip the rest after a failure, which done reports, and which goes unhandled nowhere meanwhile", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const log: string[] = [];
      const writes = statementChain(connection);
      writes.add(async () => {
        throw new Error("duplicate key");
      });
      writes.add(async () => {
        log.push("ran");
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      await expect(writes.done()).rejects.toThrow("duplicate key");
      expect(log).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("say when each statement has run, failed or been skipped, without rejecting, so a caller keeps only a few ahead", async () => {
    const log: string[] = [];
    const writes = statementChain(connection);
    const first = writes.add(async () => {
      await ioTurn();
      log.push("first");
    });
    const failing = writes.add(async () => {
      throw new Error("duplicate key");
    });
    const skipped = writes.add(async () => {
      log.push("skipped ran");
    });
    await first;
    expect(log).toEqual(["first"]);
    await expect(failing).resolves.toBeUndefined();
    await expect(skipped).resolves.toBeUndefined();
    expect(log).toEqual(["first"]);
    await expect(writes.done()).rejects.toThrow("duplicate key");
  });
});
