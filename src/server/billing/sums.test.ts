import { describe, expect, it } from "vitest";
import { tyiynOfSum } from "./ledger.js";

describe("a sum the database made, as tyiyn", () => {
  it("is read exactly up to the largest safe integer", () => {
    expect(tyiynOfSum("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(tyiynOfSum("-120")).toBe(-120);
  });

  it("is refused by name beyond it, not answered inexactly", () => {
    expect(() => tyiynOfSum("9007199254740992")).toThrow(/billing.sumBeyondExact/);
    expect(() => tyiynOfSum("18014398509481982")).toThrow(/billing.sumBeyondExact/);
  });
});
