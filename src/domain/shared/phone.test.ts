import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePhone, phoneOfField, smsSegments } from "./phone.js";

describe("phone numbers", () => {
  it("reads the ways people write Kyrgyz mobiles", () => {
    for (const written of [
      "0555 12 34 56",
      "555123456",
      "996555123456",
      "+996 (555) 12-34-56",
      "00996555123456",
    ]) {
      expect(normalizePhone(written)).toBe("+996555123456");
    }
    expect(normalizePhone("93 123 4567", "TJ")).toBe("+992931234567");
  });

  it("refuses what is not a phone number", () => {
    // A Kyrgyz or Tajik number a digit short or long, with its country code written.
    for (const bad of [
      "",
      "abc",
      "12",
      "+996 555 12 34 56 78 90 12",
      "+9965551234",
      "+99655512345678",
      "+99293123456",
    ]) {
      expect(() => normalizePhone(bad)).toThrow(/phone.invalid/);
    }
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[5-9]\d{8}$/), (national) => {
        const once = normalizePhone(national);
        expect(normalizePhone(once)).toBe(once);
      }),
    );
  });
});

describe("SMS segments", () => {
  it("counts Latin text in 160/153 septets and Cyrillic in 70/67 characters", () => {
    expect(smsSegments("Turn at 06:00")).toEqual({ encoding: "gsm7", segments: 1 });
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "gsm7", segments: 2 });
    expect(smsSegments("Сугаруу кезегиңиз: 12.07, 06:00–09:30")).toEqual({ encoding: "ucs2", segments: 1 });
    expect(smsSegments("ө".repeat(71))).toEqual({ encoding: "ucs2", segments: 2 });
  });
});

describe("a phone field", () => {
  it("is none when left empty, E.164 when a number, and refused otherwise, as forms and imports take it", () => {
    expect([null, undefined, "", "   "].map(phoneOfField)).toEqual([null, null, null, null]);
    expect(phoneOfField("0555 40 40 40")).toBe("+996555404040");
    expect(["abc", "12"].map(phoneOfField)).toEqual(["invalid", "invalid"]);
  });
});
