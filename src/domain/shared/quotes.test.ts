import { describe, expect, it } from "vitest";
import { forQuoting } from "./quotes.js";

describe("a name as a message quotes it", () => {
  it("gives up the quotation marks a whole name is written with, so a message quotes it once", () => {
    expect(forQuoting("«Үй-бүлөгө көмөк»", "ky")).toBe("Үй-бүлөгө көмөк");
    expect(forQuoting(" «Многодетная семья» ", "ru")).toBe("Многодетная семья");
    expect(forQuoting("“Family aid”", "en")).toBe("Family aid");
    expect(forQuoting("„Помощь“", "ru")).toBe("Помощь");
    expect(forQuoting('"Жардам"', "ky")).toBe("Жардам");
  });

  it("leaves a name with no quotation marks as written", () => {
    expect(forQuoting("Көп балалуу үй-бүлө", "ky")).toBe("Көп балалуу үй-бүлө");
    expect(forQuoting("«", "ru")).toBe("«");
    expect(forQuoting('"', "en")).toBe('"');
  });

  it("nests a quoted part of a name in the language's inner marks, as the message quotes the whole", () => {
    expect(forQuoting("«Береке» программасы", "ky")).toBe("„Береке“ программасы");
    expect(forQuoting("Программа «Береке»", "ru")).toBe("Программа „Береке“");
    expect(forQuoting('Программа "Береке" и «Ырыс»', "ru")).toBe("Программа „Береке“ и „Ырыс“");
    expect(forQuoting("“Bereke” programme", "en")).toBe("‘Bereke’ programme");
    expect(forQuoting("«Bereke» programme", "en")).toBe("‘Bereke’ programme");
    expect(forQuoting("«Береке» и «Ырыс»", "ru")).toBe("„Береке“ и „Ырыс“");
  });
});
