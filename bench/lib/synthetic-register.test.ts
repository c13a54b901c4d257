import { describe, expect, it } from "vitest";
import { searchKey } from "../../src/domain/registry/names.js";
import { parsePin } from "../../src/domain/registry/pin.js";
import { syntheticHouseholds } from "./synthetic-register.js";

const take = (households: number, seed = 1) => [...syntheticHouseholds({ households, seed })];

describe("the synthetic household book", () => {
  it("is the same for the same seed and different for another", () => {
    expect(JSON.stringify(take(500))).toBe(JSON.stringify(take(500)));
    expect(JSON.stringify(take(500, 2))).not.toBe(JSON.stringify(take(500)));
  });

  it("gives PINs that agree with sex and birth date, unique across the book, about 3 % unknown", () => {
    const people = take(40_000).flatMap((h) => h.members.filter((p) => !p.duplicateOf));
    const pins = people.filter((p) => p.pin).map((p) => p.pin!);
    expect(new Set(pins).size).toBe(pins.length);
    for (const p of people.slice(0, 5_000).filter((x) => x.pin))
      expect(parsePin(p.pin!)).toEqual({ sex: p.sex, birthDate: p.birthDate });
    expect(1 - pins.length / people.length).toBeGreaterThan(0.02);
    expect(1 - pins.length / people.length).toBeLessThan(0.04);
  });

  it("has about 4.3 people per household, one head each, and names that repeat as real names do", () => {
    const book = take(40_000);
    const people = book.flatMap((h) => h.members);
    expect(people.length / book.length).toBeGreaterThan(4.1);
    expect(people.length / book.length).toBeLessThan(4.5);
    expect(book.every((h) => h.members.filter((p) => p.relation === "head").length === 1)).toBe(true);
    const counts = new Map<string, number>();
    for (const p of people) counts.set(searchKey(p.surname), (counts.get(searchKey(p.surname)) ?? 0) + 1);
    const top10 = [...counts.values()].sort((a, b) => b - a).slice(0, 10);
    expect(top10.reduce((a, b) => a + b, 0) / people.length).toBeGreaterThan(0.25);
    expect(people.some((p) => /[ңөү]/.test(p.givenName))).toBe(true);
  });

  it("injects probable duplicates at the asked rate, each naming whom it repeats", () => {
    const book = [...syntheticHouseholds({ households: 50_000, seed: 3, duplicateRate: 0.01 })];
    const duplicates = book.flatMap((h) => h.members).filter((p) => p.duplicateOf);
    expect(duplicates.length).toBeGreaterThan(350);
    expect(duplicates.length).toBeLessThan(650);
  });
});
