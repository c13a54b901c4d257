import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pageAfterSwitch } from "./page-after-switch.js";

const SECTIONS = ["/", "/register", "/register/links", "/water", "/water/allocation", "/billing", "/users"];
const HOUSEHOLD = "3f1c2a9e-6b7d-4e21-9a0b-55c3d2e1f007";

describe("the page shown once the session acts for another organisation", () => {
  it("leaves a record of the organisation left for its section's list", () => {
    expect(pageAfterSwitch(`/register/households/${HOUSEHOLD}`, SECTIONS, SECTIONS)).toBe("/register");
    expect(pageAfterSwitch(`/water/allocation/${HOUSEHOLD}`, SECTIONS, SECTIONS)).toBe("/water/allocation");
    expect(pageAfterSwitch(`/water/users/${HOUSEHOLD.toUpperCase()}`, SECTIONS, SECTIONS)).toBe("/water");
  });

  it("keeps any other page of a section the new organisation shows", () => {
    expect(pageAfterSwitch("/register/summary", SECTIONS, SECTIONS)).toBe("/register/summary");
    expect(pageAfterSwitch("/register/links", SECTIONS, SECTIONS)).toBe("/register/links");
    expect(pageAfterSwitch("/water/users/new", SECTIONS, SECTIONS)).toBe("/water/users/new");
    // A section's own name is only a prefix of whole path segments.
    expect(pageAfterSwitch("/registered", SECTIONS, SECTIONS)).toBe("/");
  });

  it("goes home from a section the new organisation does not show", () => {
    const municipality = ["/", "/register", "/register/links", "/users"];
    expect(pageAfterSwitch("/billing/tariffs", SECTIONS, municipality)).toBe("/");
    expect(pageAfterSwitch(`/water/allocation/${HOUSEHOLD}`, SECTIONS, municipality)).toBe("/");
    expect(pageAfterSwitch("/register/links", SECTIONS, ["/", "/register"])).toBe("/");
    expect(pageAfterSwitch("/", SECTIONS, SECTIONS)).toBe("/");
  });

  it("always lands on a page the new organisation shows, naming no record, and stays there", () => {
    const segment = fc.oneof(
      fc.constantFrom("register", "water", "billing", "users", "links", "new"),
      fc.uuid(),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.subarray(SECTIONS), (segments, shown) => {
        const landing = pageAfterSwitch(`/${segments.join("/")}`, SECTIONS, ["/", ...shown]);
        expect(landing.split("/").some((s) => /^[0-9a-f-]{36}$/i.test(s))).toBe(false);
        const section = landing === "/" ? "/" : SECTIONS.filter((s) => landing.startsWith(s)).at(-1);
        expect(["/", ...shown]).toContain(section);
        // Reached, it stays: the shell waits for the address to be the landing before a page opens.
        expect(pageAfterSwitch(landing, SECTIONS, ["/", ...shown])).toBe(landing);
      }),
    );
  });
});
