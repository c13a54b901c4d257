import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { checkPin, parsePin, pinPrefixRange } from "./pin.js";

describe("PIN", () => {
  it("reads sex and birth date from the 14 digits", () => {
    expect(parsePin("21505198512345")).toEqual({ sex: "male", birthDate: "1985-05-15" });
    expect(parsePin("10102200000017")).toEqual({ sex: "female", birthDate: "2000-02-01" });
    expect(parsePin("02912199900001")).toEqual({ sex: null, birthDate: "1999-12-29" });
  });

  it("refuses what is not a PIN: wrong length, letters, a first digit above 2, an impossible date", () => {
    for (const bad of ["2150519851234", "215051985123456", "2150519851234a", "31505198512345"])
      expect(() => parsePin(bad)).toThrow(expect.objectContaining({ code: "pin.invalid" }));
    for (const bad of ["23002200012345", "22902200112345", "21513198512345", "20000198512345"])
      expect(() => parsePin(bad)).toThrow(expect.objectContaining({ code: "pin.invalidDate" }));
  });

  it("names each disagreement with the person's sex or birth date", () => {
    try {
      checkPin("21505198512345", { sex: "female", birthDate: "1985-05-16" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).fields.map((f) => f.code).sort()).toEqual([
        "pinBirthDateMismatch",
        "pinSexMismatch",
      ]);
      // Both days, so the message can say which two disagree.
      expect((e as DomainError).fields[0]).toMatchObject({
        code: "pinBirthDateMismatch",
        params: { pinDate: "1985-05-15", birthDate: "1985-05-16" },
      });
    }
    expect(checkPin("21505198512345", { sex: "male", birthDate: "1985-05-15" }).sex).toBe("male");
  });

  it("round-trips every valid date and sex", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1900-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }),
        fc.constantFrom("1", "2"),
        fc.integer({ min: 0, max: 99999 }),
        (date, sexDigit, serial) => {
          const iso = date.toISOString().slice(0, 10);
          const [y, m, d] = iso.split("-");
          const pin = `${sexDigit}${d}${m}${y}${String(serial).padStart(5, "0")}`;
          const facts = parsePin(pin);
          expect(facts.birthDate).toBe(iso);
          expect(facts.sex).toBe(sexDigit === "1" ? "female" : "male");
        },
      ),
    );
  });

  it("reads 6 to 13 leading digits as the range of PINs that start with them", () => {
    expect(pinPrefixRange("2110419720")).toEqual({ from: "2110419720", before: "2110419721" });
    expect(pinPrefixRange("2110419")).toEqual({ from: "2110419", before: "2110420" });
    expect(pinPrefixRange("0999999")).toEqual({ from: "0999999", before: "1000000" });
    expect(pinPrefixRange("999999")).toEqual({ from: "999999", before: null });
    for (const notAPrefix of ["21104", "21104197201234", "2110419a", " 211041", ""])
      expect(pinPrefixRange(notAPrefix)).toBeNull();
  });

  it("holds, in code-point order, exactly the PINs that start with the prefix", () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(..."0123456789"), { minLength: min, maxLength: max }).map((d) => d.join(""));
    fc.assert(
      fc.property(digits(6, 13), digits(14, 14), (prefix, pin) => {
        const range = pinPrefixRange(prefix)!;
        // Also a PIN that starts with the prefix, to test the inside of the range as often as the outside.
        for (const candidate of [pin, (prefix + pin).slice(0, 14)]) {
          const inside = candidate >= range.from && (range.before === null || candidate < range.before);
          expect(inside).toBe(candidate.startsWith(prefix));
        }
      }),
    );
  });
});
