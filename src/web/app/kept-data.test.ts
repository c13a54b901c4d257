import { describe, expect, it } from "vitest";
import type { Session } from "./api.js";
import { keptKey, keptKeysToForget, ownerOf } from "./kept-data.js";

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
      "aimak.measure.posts",
      "aimak.measure.lastPost",
      "aimak.measure.lastOutlet",
      "aimak.measure.lastMethod",
      "aimak.measure.readingsQueue",
      "aimak.measure.deliveriesQueue",
      "aimak.locale",
      "aimak.session.signOutOwed",
    ];
    expect(keptKeysToForget(keys)).toEqual(keys.slice(0, 6));
  });
});
