import { describe, expect, it } from "vitest";
import { readCadastralNumber } from "./cadastral-number.js";

describe("readCadastralNumber", () => {
  it("takes digits in groups joined by hyphens, a plot's code and a building's longer one", () => {
    expect(readCadastralNumber("1-02-03-0004-0005")).toBe("1-02-03-0004-0005");
    expect(readCadastralNumber("4-03-22-1000")).toBe("4-03-22-1000");
    expect(readCadastralNumber("1-02-03-0004-0005-01-002")).toBe("1-02-03-0004-0005-01-002");
  });

  it("writes harmless spacing and typed dashes away, one way for the form and the import", () => {
    expect(readCadastralNumber("  1-02-03-0004-0005 ")).toBe("1-02-03-0004-0005");
    expect(readCadastralNumber("1 - 02 -03- 0004 -\u00a00005")).toBe("1-02-03-0004-0005");
    expect(readCadastralNumber("1–02—03\u22120004\u20110005")).toBe("1-02-03-0004-0005");
  });

  it("reads a blank text as no number", () => {
    expect(readCadastralNumber("")).toBeNull();
    expect(readCadastralNumber("   ")).toBeNull();
    expect(readCadastralNumber(null)).toBeNull();
    expect(readCadastralNumber(undefined)).toBeNull();
  });

  it("refuses what is clearly no cadastral number: letters, other signs, an empty group, one group alone", () => {
    for (const text of [
      "abc",
      "1-02-03-0004-000A",
      "1-02-03-0004-0005а", // a Cyrillic letter
      "1/02/03/0004/0005",
      "1.02.03.0004.0005",
      "1--02-03",
      "-1-02-03",
      "1-02-03-",
      "1 02 03 0004 0005",
      "12345",
      "1-2-3-4-5-6-7-8-9",
      "1-0000002-03",
    ])
      expect(readCadastralNumber(text), text).toBe("invalid");
  });
});
