import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { assertMayHead, assertNotAfterToday, birthDay, membershipStart } from "./life-events.js";

const codeOf = (work: () => void) => {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};

describe("rules of the household's life events", () => {
  it("accepts today and earlier, refuses a day after today", () => {
    expect(codeOf(() => assertNotAfterToday("2026-11-30", "2026-11-30"))).toBeNull();
    expect(codeOf(() => assertNotAfterToday("2020-01-01", "2026-11-30"))).toBeNull();
    expect(codeOf(() => assertNotAfterToday("2026-12-01", "2026-11-30"))).toBe("registry.dateInFuture");
  });

  it("dates a birth on the child's birth date, the event's date only when none is known", () => {
    expect(birthDay("2026-10-01", "2026-11-01")).toBe("2026-10-01");
    expect(birthDay(null, "2026-11-01")).toBe("2026-11-01");
  });

  it("makes a member of a household from the day it was formed, or from birth when born later", () => {
    expect(membershipStart("2020-01-10", "1985-03-03")).toBe("2020-01-10");
    expect(membershipStart("2020-01-10", "2024-05-05")).toBe("2024-05-05");
    expect(membershipStart("2020-01-10", null)).toBe("2020-01-10");
  });

  it("refuses a head under 16 while someone of 16 or older is in the household", () => {
    const on = "2026-06-01";
    const baby = { birthDate: "2026-05-01" };
    const sixteenToday = { birthDate: "2010-06-01" };
    const fifteen = { birthDate: "2010-06-02" };
    expect(codeOf(() => assertMayHead(baby, [{ birthDate: "1980-01-01" }], on))).toBe(
      "registry.headTooYoung",
    );
    expect(codeOf(() => assertMayHead(fifteen, [sixteenToday], on))).toBe("registry.headTooYoung");
    expect(codeOf(() => assertMayHead(sixteenToday, [{ birthDate: "1980-01-01" }], on))).toBeNull();
  });

  it("lets the eldest of a household of children head it, and holds no unknown birth date against anyone", () => {
    const on = "2026-06-01";
    expect(
      codeOf(() => assertMayHead({ birthDate: "2012-01-01" }, [{ birthDate: "2015-01-01" }], on)),
    ).toBeNull();
    expect(codeOf(() => assertMayHead({ birthDate: null }, [{ birthDate: "1980-01-01" }], on))).toBeNull();
    expect(codeOf(() => assertMayHead({ birthDate: "2020-01-01" }, [{ birthDate: null }], on))).toBeNull();
  });
});
