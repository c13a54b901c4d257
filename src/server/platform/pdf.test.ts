import { describe, expect, it } from "vitest";
import { pdfText } from "../../../test/support/pdf-text.js";
import { renderPdf } from "./pdf.js";

describe("renderPdf", () => {
  it("prints Uzbek Latin's oʻ and gʻ with the ‘ its font has, not a letter dropped", async () => {
    const pdf = await renderPdf({
      content: [{ text: "Oʻzbekcha" }, { table: { body: [["toʻlov", "gʻalla"]] } }],
    });
    const text = pdfText(pdf).join(" ");
    expect(text).toContain("O‘zbekcha");
    expect(text).toContain("to‘lov");
    expect(text).toContain("g‘alla");
  });
});
