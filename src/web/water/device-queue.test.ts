import { describe, expect, it } from "vitest";
import type { Owner } from "../app/kept-data.js";
import { claimUnowned, nextBatch, type Queued, queueTally } from "./device-queue.js";

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
