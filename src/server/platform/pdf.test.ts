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

  it("reads back a name the font sets with a ligature (fi), and every letter after it", async () => {
    // The test's organisations have random names: "Аймак mxafib4d0" once garbled a whole receipt.
    const pdf = await renderPdf({ content: [{ text: "Аймак mxafib4d0 Төлөм квитанциясы" }] });
    expect(pdfText(pdf)).toEqual(["Аймак mxafib4d0 Төлөм квитанциясы"]);
  });
});
