import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CERTIFICATE_PLACEHOLDERS,
  type CertificatePlaceholder,
  fillTemplate,
  parseTemplate,
  type TemplatePart,
  templateIssues,
} from "./certificate-template.js";

const values = Object.fromEntries(CERTIFICATE_PLACEHOLDERS.map((p) => [p, `<${p}>`])) as Record<
  CertificatePlaceholder,
  string
>;

const fill = (text: string, sex: "male" | "female" = "male") => {
  const parsed = parseTemplate(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return fillTemplate(parsed.parts, values, sex);
};

describe("certificate wording", () => {
  it("accepts every default wording of the country, in both languages", () => {
    // The defaults live with the server's reference data; read as the server reads them.
    const defaults = JSON.parse(
      readFileSync(new URL("../../server/registry/data/kg.json", import.meta.url), "utf8"),
    ) as { certificateTemplates: Record<string, Record<string, { title: string; body: string }>> };
    const texts = Object.values(defaults.certificateTemplates).flatMap((t) =>
      Object.values(t).flatMap((x) => [x.title, x.body]),
    );
    expect(texts.length).toBe(20);
    for (const text of texts) expect(parseTemplate(text), text).toMatchObject({ ok: true });
  });

  it("fills placeholders and chooses the form by the holder's sex", () => {
    const text = "Дана {holderName} в том, что {sex:он|она} {sex:зарегистрирован|зарегистрирована}.";
    expect(fill(text, "male")).toBe("Дана <holderName> в том, что он зарегистрирован.");
    expect(fill(text, "female")).toBe("Дана <holderName> в том, что она зарегистрирована.");
  });

  it("names an unknown placeholder and where it is", () => {
    expect(parseTemplate("Дана {holdrName}.")).toEqual({
      ok: false,
      issues: [{ code: "templateUnknownPlaceholder", at: 6, name: "holdrName" }],
    });
    expect(parseTemplate("{}")).toMatchObject({
      ok: false,
      issues: [{ code: "templateUnknownPlaceholder" }],
    });
  });

  it("names every mistake of a field at once, each where it stands, reading on past a stray brace", () => {
    expect(parseTemplate("Дана {foo} {holderNme}.")).toEqual({
      ok: false,
      issues: [
        { code: "templateUnknownPlaceholder", at: 6, name: "foo" },
        { code: "templateUnknownPlaceholder", at: 12, name: "holderNme" },
      ],
    });
    expect(parseTemplate("Справка {unknownThing} {sex:он} } {address {purpose} {адрес")).toEqual({
      ok: false,
      issues: [
        { code: "templateUnknownPlaceholder", at: 9, name: "unknownThing" },
        { code: "templateMalformedChoice", at: 24, choice: "{sex:он}" },
        { code: "templateUnmatchedClose", at: 33 },
        { code: "templateUnmatchedOpen", at: 35 },
        { code: "templateUnmatchedOpen", at: 54 },
      ],
    });
  });

  it("refuses a brace left open or closed without an opening one", () => {
    expect(parseTemplate("Дана {holderName")).toEqual({
      ok: false,
      issues: [{ code: "templateUnmatchedOpen", at: 6 }],
    });
    expect(parseTemplate("{address {purpose}")).toEqual({
      ok: false,
      issues: [{ code: "templateUnmatchedOpen", at: 1 }],
    });
    expect(parseTemplate("адрес} тут")).toEqual({
      ok: false,
      issues: [{ code: "templateUnmatchedClose", at: 6 }],
    });
  });

  it("refuses a choice that is not by sex or has other than two forms", () => {
    for (const choice of ["{sex:он}", "{sex:он|она|оно}", "{sex:|она}", "{age:юн|стар}", "{sex:}"])
      expect(parseTemplate(`Дана ${choice}.`), choice).toEqual({
        ok: false,
        issues: [{ code: "templateMalformedChoice", at: 6, choice }],
      });
  });

  const plain = fc.string().map((s) => s.replace(/[{}]/g, ""));
  const form = fc
    .string({ minLength: 1, maxLength: 12 })
    .map((s) => s.replace(/[{}|]/g, ""))
    .filter((s) => s.trim() !== "");
  const part: fc.Arbitrary<TemplatePart> = fc.oneof(
    plain.filter((s) => s !== "").map((text) => ({ kind: "text" as const, text })),
    fc.constantFrom(...CERTIFICATE_PLACEHOLDERS).map((name) => ({ kind: "value" as const, name })),
    fc.record({ kind: fc.constant("bySex" as const), male: form, female: form }),
  );
  const write = (p: TemplatePart) =>
    p.kind === "text" ? p.text : p.kind === "value" ? `{${p.name}}` : `{sex:${p.male}|${p.female}}`;

  it("reads back any wording written from valid parts, and fills it part by part", () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.constantFrom("male", "female"), (parts, sex) => {
        const text = parts.map(write).join("");
        const expected = parts
          .map((p) =>
            p.kind === "text" ? p.text : p.kind === "value" ? values[p.name] : p[sex as "male" | "female"],
          )
          .join("");
        expect(fill(text, sex as "male" | "female")).toBe(expected);
      }),
    );
  });

  it("refuses any wording with one brace more than it closes, or one closed without opening", () => {
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 6 }),
        fc.nat(),
        fc.constantFrom("{", "}"),
        (parts, cut, brace) => {
          const text = parts.map(write).join("");
          // Inserted between parts, so it cannot land inside a placeholder and close it.
          const boundaries = [
            0,
            ...parts.map(
              (_, i) =>
                parts
                  .slice(0, i + 1)
                  .map(write)
                  .join("").length,
            ),
          ];
          const at = boundaries[cut % boundaries.length]!;
          const result = parseTemplate(text.slice(0, at) + brace + text.slice(at));
          expect(result.ok).toBe(false);
        },
      ),
    );
  });

  it("names every mistake of every field of a wording, or none when all of it may be printed", () => {
    const sound = { title: "Справка", body: "Дана {holderName}" };
    expect(templateIssues({ ky: sound, ru: sound })).toEqual([]);
    const issues = templateIssues({
      ky: { title: "{title}", body: "{holderName} {sex:ал}" },
      ru: { title: "Справка", body: "Дана {holdrName} {адрес}" },
    });
    expect(issues).toEqual([
      { lang: "ky", field: "title", issue: { code: "templateUnknownPlaceholder", at: 1, name: "title" } },
      { lang: "ky", field: "body", issue: { code: "templateMalformedChoice", at: 14, choice: "{sex:ал}" } },
      { lang: "ru", field: "body", issue: { code: "templateUnknownPlaceholder", at: 6, name: "holdrName" } },
      { lang: "ru", field: "body", issue: { code: "templateUnknownPlaceholder", at: 18, name: "адрес" } },
    ]);
    // One language alone, as a paper in it needs.
    expect(templateIssues({ ky: sound, ru: { title: "{", body: "" } }, ["ky"])).toEqual([]);
  });
});
