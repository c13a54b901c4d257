import { afterEach, describe, expect, it, vi } from "vitest";
import type { Session } from "./api.js";
import { keptSession, rememberedSession, rememberSession, sessionToKeep } from "./remembered-session.js";

const session: Session = {
  user: { id: "u1", username: "mirab", displayName: "Асан Мирабов", locale: "ky" },
  organisations: [
    {
      id: "o1",
      kind: "water-provider",
      name: { ky: "Ак-Суу СПА" },
      timeZone: "Asia/Bishkek",
      area: null,
      roles: ["water-master"],
    },
  ],
  activeOrgId: "o1",
  roles: ["water-master"],
  permissions: ["water.read", "water.measure"],
  csrfToken: "secret-token",
};

describe("the session a browser remembers for a start without a link", () => {
  it("keeps what the pages are drawn from and never the CSRF token", () => {
    const kept = sessionToKeep(session);
    expect(kept).not.toContain("secret-token");
    expect(kept).not.toContain("csrf");
    expect(keptSession(kept)).toEqual({ ...session, csrfToken: null });
  });

  it("starts from nothing when nothing, or nothing the pages could be drawn from, was kept", () => {
    expect(keptSession(null)).toBeNull();
    expect(keptSession("{not json")).toBeNull();
    expect(keptSession("null")).toBeNull();
    const { permissions: _p, ...olderShape } = session;
    expect(keptSession(JSON.stringify(olderShape))).toBeNull();
    expect(keptSession(JSON.stringify({ ...session, organisations: [{ id: "o1" }] }))).toBeNull();
  });

  afterEach(() => vi.unstubAllGlobals());

  it("keeps none on a phone whose storage is full, forgetting an older copy, and does not fail the page", () => {
    const stored = new Map<string, string>();
    let full = false;
    vi.stubGlobal("localStorage", {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => {
        if (full) throw new DOMException("full", "QuotaExceededError");
        stored.set(key, value);
      },
      removeItem: (key: string) => stored.delete(key),
    });
    rememberSession(session);
    expect(rememberedSession()).toEqual({ ...session, csrfToken: null });
    full = true;
    expect(() => rememberSession({ ...session, activeOrgId: null })).not.toThrow();
    expect(rememberedSession()).toBeNull();
  });
});
