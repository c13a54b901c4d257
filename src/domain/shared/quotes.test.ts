import { describe, expect, it } from "vitest";
import { unquoted } from "./quotes.js";

describe("a name as a message quotes it", () => {
  it("gives up the quotation marks a whole name is written with, so a message quotes it once", () => {
    expect(unquoted("«Үй-бүлөгө көмөк»")).toBe("Үй-бүлөгө көмөк");
    expect(unquoted(" «Многодетная семья» ")).toBe("Многодетная семья");
    expect(unquoted("“Family aid”")).toBe("Family aid");
    expect(unquoted("„Помощь“")).toBe("Помощь");
    expect(unquoted('"Жардам"')).toBe("Жардам");
  });

  it("leaves a name that is not quoted as a whole as written", () => {
    expect(unquoted("Көп балалуу үй-бүлө")).toBe("Көп балалуу үй-бүлө");
    expect(unquoted("«Береке» программасы")).toBe("«Береке» программасы");
    expect(unquoted("Программа «Береке»")).toBe("Программа «Береке»");
    expect(unquoted("«")).toBe("«");
    expect(unquoted('"')).toBe('"');
  });
});
