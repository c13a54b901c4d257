import { describe, expect, it, vi } from "vitest";
import { keepFor, keptFor, type Owner } from "../app/kept-data.js";
import {
  claimUnowned,
  keepQueue,
  nextBatch,
  type Queued,
  queueOnDevice,
  queueTally,
} from "./device-queue.js";

const aInWua: Owner = { userId: "mirab", orgId: "wua" };
const aInOther: Owner = { userId: "mirab", orgId: "other-wua" };
const bInWua: Owner = { userId: "director", orgId: "wua" };

const entry = (clientKey: string, owner?: Owner): Queued<{ levelM: number }> => ({
  clientKey,
  body: { levelM: 0.3 },
  ...(owner ? { owner } : {}),
});

describe("the entries a phone keeps until the server has them", () => {
  const queue = [
    entry("a1", aInWua),
    entry("b1", bInWua),
    entry("a2", aInOther),
    entry("a3", aInWua),
    entry("b2", bInWua),
  ];

  it("sends only the session's user's entries for its organisation, in the order entered", () => {
    expect(nextBatch(queue, aInWua, 100).map((e) => e.clientKey)).toEqual(["a1", "a3"]);
    expect(nextBatch(queue, bInWua, 100).map((e) => e.clientKey)).toEqual(["b1", "b2"]);
    expect(nextBatch(queue, aInOther, 100).map((e) => e.clientKey)).toEqual(["a2"]);
  });

  it("sends a batch at a time", () => {
    expect(nextBatch(queue, aInWua, 1).map((e) => e.clientKey)).toEqual(["a1"]);
  });

  it("sends nothing of another user's to a user who has none of their own", () => {
    expect(nextBatch(queue, { userId: "accountant", orgId: "wua" }, 100)).toEqual([]);
  });

  it("counts what waits for another user, and for the same user in another organisation", () => {
    expect(queueTally(queue, aInWua)).toEqual({ own: 2, otherUser: 2, otherOrganisation: 1 });
    expect(queueTally(queue, bInWua)).toEqual({ own: 2, otherUser: 3, otherOrganisation: 0 });
    expect(queueTally([], aInWua)).toEqual({ own: 0, otherUser: 0, otherOrganisation: 0 });
  });

  it("gives entries an older version queued without an owner to the one who claims them, and keeps every entry", () => {
    const old = [entry("old1"), entry("b1", bInWua), entry("old2")];
    const claimed = claimUnowned(old, aInWua);
    expect(claimed.map((e) => [e.clientKey, e.owner])).toEqual([
      ["old1", aInWua],
      ["b1", bInWua],
      ["old2", aInWua],
    ]);
    expect(nextBatch(claimed, aInWua, 100).map((e) => e.clientKey)).toEqual(["old1", "old2"]);
    // Claimed once, they stay the first claimant's: the next user does not take them over.
    expect(nextBatch(claimUnowned(claimed, bInWua), bInWua, 100).map((e) => e.clientKey)).toEqual(["b1"]);
  });

  it("counts unowned entries as no one's own before they are claimed", () => {
    expect(queueTally([entry("old1")], aInWua)).toEqual({ own: 0, otherUser: 1, otherOrganisation: 0 });
  });
});

describe("a phone whose storage is full", () => {
  it("makes room for an entry by forgetting the lists kept for the pages, and throws only if that is not enough", () => {
    const stored = new Map<string, string>();
    let room = 3;
    vi.stubGlobal("localStorage", {
      get length() {
        return stored.size;
      },
      key: (i: number) => [...stored.keys()][i] ?? null,
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (!stored.has(key) && stored.size >= room) throw new DOMException("full", "QuotaExceededError");
        stored.set(key, value);
      },
      removeItem: (key: string) => stored.delete(key),
    });
    const owner: Owner = { userId: "u1", orgId: "o1" };
    expect(keepFor(owner, "posts", ["ГП-1"])).toBe(true);
    expect(keepFor(owner, "outlets", ["В-1"])).toBe(true);
    expect(keepFor(owner, "seasons", ["2026"])).toBe(true);
    expect(keepFor(owner, "users", ["Асан"])).toBe(false);

    const reading: Queued<{ levelM: number }> = { clientKey: "k1", body: { levelM: 0.42 }, owner };
    keepQueue("readingsQueue", [reading]);
    expect(queueOnDevice("readingsQueue")).toEqual([reading]);
    expect(keptFor(owner, "posts", null)).toBeNull();

    room = 0;
    expect(() => keepQueue("deliveriesQueue", [reading])).toThrow(DOMException);
    expect(queueOnDevice("readingsQueue")).toEqual([reading]);
  });
});
