import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiProblem, type Session } from "./api.js";
import { answerOrKept, keptKey, keptKeysToForget, ownerOf } from "./kept-data.js";

const session = {
  user: { id: "u1", username: "mirab", displayName: "Асан Мирабов", locale: "ky" },
  organisations: [],
  activeOrgId: "o1",
  roles: ["water-master"],
  permissions: ["water.read", "water.measure"],
  csrfToken: null,
} as unknown as Session;

describe("what a device keeps for the pages of a user in an organisation", () => {
  it("belongs to the session's user and the organisation it acts for", () => {
    expect(ownerOf(session)).toEqual({ userId: "u1", orgId: "o1" });
    expect(ownerOf({ ...session, activeOrgId: null })).toBeNull();
    expect(ownerOf(null)).toBeNull();
  });

  it("is kept apart per user and per organisation", () => {
    const posts = keptKey({ userId: "u1", orgId: "o1" }, "posts");
    expect(posts).not.toBe(keptKey({ userId: "u2", orgId: "o1" }, "posts"));
    expect(posts).not.toBe(keptKey({ userId: "u1", orgId: "o2" }, "posts"));
  });

  it("is forgotten at a sign-out, with what older versions kept for anyone, but never a queue's entries", () => {
    const keys = [
      keptKey({ userId: "u1", orgId: "o1" }, "posts"),
      keptKey({ userId: "u2", orgId: "o2" }, "lastOutlet"),
      keptKey({ userId: "u1", orgId: "o1" }, "outletUsers"),
      keptKey({ userId: "u1", orgId: "o1" }, "outletUsers.keptAt"),
      "aimak.measure.posts",
      "aimak.measure.lastPost",
      "aimak.measure.lastOutlet",
      "aimak.measure.lastMethod",
      "aimak.measure.readingsQueue",
      "aimak.measure.deliveriesQueue",
      "aimak.locale",
      "aimak.session.signOutOwed",
    ];
    expect(keptKeysToForget(keys)).toEqual(keys.slice(0, 8));
  });
});

describe("a list the service answers, kept for when it does not", () => {
  const owner = { userId: "u1", orgId: "o1" };
  const keptAt = Date.parse("2026-06-01T03:00:00Z");
  const noLink = () => Promise.reject(new ApiProblem(0, "network", ""));
  let full = false;
  // How many entries the device has room for.
  let room = Number.POSITIVE_INFINITY;
  const stored = new Map<string, string>();
  beforeEach(() => {
    full = false;
    room = Number.POSITIVE_INFINITY;
    stored.clear();
    vi.stubGlobal("localStorage", {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (full || (!stored.has(key) && stored.size >= room))
          throw new DOMException("full", "QuotaExceededError");
        stored.set(key, value);
      },
      removeItem: (key: string) => stored.delete(key),
    });
  });

  it("gives the service's answer and keeps it; without an answer, the copy kept and when", async () => {
    expect(
      await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1"]), { now: () => keptAt }),
    ).toEqual({
      value: ["В-1"],
    });
    expect(await answerOrKept(owner, "outlets", noLink)).toEqual({ value: ["В-1"], keptAt });
    const down = () => Promise.reject(new ApiProblem(503, "unavailable", ""));
    expect(await answerOrKept(owner, "outlets", down)).toEqual({ value: ["В-1"], keptAt });
  });

  it("fresh answers replace the copy", async () => {
    await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1"]), { now: () => keptAt });
    await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1", "В-2"]), {
      now: () => keptAt + 60_000,
    });
    expect(await answerOrKept(owner, "outlets", noLink)).toEqual({
      value: ["В-1", "В-2"],
      keptAt: keptAt + 60_000,
    });
  });

  it("keeps nothing for another owner, and lets a refusal or a missing copy stand", async () => {
    await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1"]));
    await expect(answerOrKept({ userId: "u2", orgId: "o1" }, "outlets", noLink)).rejects.toThrow(ApiProblem);
    await expect(answerOrKept({ userId: "u1", orgId: "o2" }, "outlets", noLink)).rejects.toThrow(ApiProblem);
    const refused = () => Promise.reject(new ApiProblem(403, "auth.forbidden", ""));
    await expect(answerOrKept(owner, "outlets", refused)).rejects.toMatchObject({ status: 403 });
  });

  it("answers from the service when the device has no room for a copy, and drops the older copy", async () => {
    await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1"]), { now: () => keptAt });
    full = true;
    expect(await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1", "В-2"]))).toEqual({
      value: ["В-1", "В-2"],
    });
    // Not the copy of before, shown as if it were the answer that did not fit.
    await expect(answerOrKept(owner, "outlets", noLink)).rejects.toThrow(ApiProblem);
  });

  it("keeps a copy with its time or not at all, and reads one an older version kept apart from its time", async () => {
    // Room for one entry: the answer and its time go together.
    room = 1;
    await answerOrKept(owner, "outlets", () => Promise.resolve(["В-1"]), { now: () => keptAt });
    expect(await answerOrKept(owner, "outlets", noLink)).toEqual({ value: ["В-1"], keptAt });

    room = Number.POSITIVE_INFINITY;
    stored.clear();
    stored.set(keptKey(owner, "seasons"), JSON.stringify(["2026"]));
    stored.set(keptKey(owner, "seasons.keptAt"), JSON.stringify(keptAt));
    expect(await answerOrKept(owner, "seasons", noLink)).toEqual({ value: ["2026"], keptAt });
    // Kept again as this version keeps it, the older time is not left behind.
    await answerOrKept(owner, "seasons", () => Promise.resolve(["2027"]), { now: () => keptAt + 1 });
    expect([...stored.keys()]).toEqual([keptKey(owner, "seasons")]);
    expect(await answerOrKept(owner, "seasons", noLink)).toEqual({ value: ["2027"], keptAt: keptAt + 1 });
    // A value an older version kept without its time is not shown as if it had one.
    stored.set(keptKey(owner, "outletUsers"), JSON.stringify([]));
    await expect(answerOrKept(owner, "outletUsers", noLink)).rejects.toThrow(ApiProblem);
  });

  it("uses a copy only if it fits what is asked", async () => {
    const turnsOf = (outlet: string) => () => Promise.resolve({ outlet, turns: [`${outlet}: 3 h`] });
    await answerOrKept(owner, "recordedTurns", turnsOf("В-1"), { now: () => keptAt });
    const forOutlet = (outlet: string) => ({ fits: (copy: { outlet: string }) => copy.outlet === outlet });
    expect(await answerOrKept(owner, "recordedTurns", noLink, forOutlet("В-1"))).toEqual({
      value: { outlet: "В-1", turns: ["В-1: 3 h"] },
      keptAt,
    });
    await expect(answerOrKept(owner, "recordedTurns", noLink, forOutlet("В-2"))).rejects.toThrow(ApiProblem);
  });
});
