import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { breakingChanges } from "../../scripts/openapi-breaking.js";

type Doc = Parameters<typeof breakingChanges>[0];
const committed = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../openapi.json"), "utf8"),
) as Doc;

/** A document of one operation, `GET /api/things`, with the parts a test changes. */
function api(operation: Record<string, unknown>, schemas: Record<string, unknown> = {}): Doc {
  return {
    paths: { "/api/things": { get: operation } },
    components: { schemas },
  } as unknown as Doc;
}
const answers = (schema: unknown) => ({
  responses: { "200": { content: { "application/json": { schema } } } },
});
const takes = (schema: unknown) => ({
  requestBody: { required: true, content: { "application/json": { schema } } },
  responses: {},
});
const whatOf = (oldDoc: Doc, newDoc: Doc) =>
  breakingChanges(oldDoc, newDoc).map((c) => `${c.where}: ${c.what}`);

describe("breaking changes of the API document", () => {
  it("finds none between a document and itself", () => {
    expect(breakingChanges(committed, committed)).toEqual([]);
  });

  it("flags a list answered as an object (the duplicates' change of 2026-12-03)", () => {
    const person = { type: "object", properties: { id: { type: "string" } } };
    expect(
      whatOf(
        api(answers({ type: "array", items: person })),
        api(answers({ type: "object", properties: { groups: { type: "array", items: person } } })),
      ),
    ).toEqual(["GET /api/things 200: now answers object (was array)"]);
  });

  it("flags what an old client reads going away, becoming optional or nullable, or taking new values", () => {
    const before = {
      type: "object",
      required: ["id", "kind"],
      properties: {
        id: { type: "string" },
        kind: { type: "string", enum: ["birth", "death"] },
        name: { type: "string" },
        count: { type: "integer" },
      },
    };
    const after = {
      type: "object",
      required: ["kind"],
      properties: {
        id: { type: "string" },
        kind: { type: "string", enum: ["birth", "death", "merge"] },
        count: { anyOf: [{ type: "integer" }, { type: "null" }] },
      },
    };
    expect(whatOf(api(answers(before)), api(answers(after)))).toEqual([
      "GET /api/things 200.id: may now be absent",
      'GET /api/things 200.kind: may answer values an old client does not know: "merge"',
      "GET /api/things 200.name: no longer answered",
      "GET /api/things 200.count: now answers null (was integer)",
    ]);
  });

  it("lets a response grow: a new field, a field now always present, a narrower number", () => {
    const before = { type: "object", properties: { a: { type: "number" } } };
    const after = {
      type: "object",
      required: ["a", "b"],
      properties: { a: { type: "integer" }, b: { type: "string" } },
    };
    expect(whatOf(api(answers(before)), api(answers(after)))).toEqual([]);
  });

  it("flags what an old client sends being refused: new required fields and parameters, fewer values, tighter bounds", () => {
    const before = {
      parameters: [
        { in: "query", name: "sort", schema: { type: "string", enum: ["name", "number"] } },
        { in: "query", name: "limit", schema: { type: "integer", maximum: 200 } },
      ],
      ...takes({ type: "object", properties: { note: { type: "string", maxLength: 500 } } }),
    };
    const after = {
      parameters: [
        { in: "query", name: "sort", schema: { type: "string", enum: ["name"] } },
        { in: "query", name: "limit", required: true, schema: { type: "integer", maximum: 50 } },
        { in: "query", name: "scope", required: true, schema: { type: "string" } },
      ],
      ...takes({
        type: "object",
        required: ["reason"],
        properties: { note: { type: "string", maxLength: 100 }, reason: { type: "string" } },
      }),
    };
    expect(whatOf(api(before), api(after))).toEqual([
      'GET /api/things query sort: no longer takes "number"',
      "GET /api/things query limit: now required",
      "GET /api/things query limit: maximum is now 50 (was 200)",
      "GET /api/things query scope: new and required",
      "GET /api/things body.note: maxLength is now 100 (was 500)",
      "GET /api/things body.reason: now required",
    ]);
  });

  it("lets a request loosen: optional new fields, more values, wider bounds, a field dropped where extra fields pass", () => {
    const before = takes({
      type: "object",
      properties: {
        kind: { type: "string", enum: ["a"] },
        old: { type: "string" },
        n: { type: "integer", maximum: 5 },
      },
    });
    const after = takes({
      type: "object",
      properties: {
        kind: { type: "string", enum: ["a", "b"] },
        n: { type: "number", maximum: 9 },
        extra: { type: "string" },
      },
    });
    expect(whatOf(api(before), api(after))).toEqual([]);
    const strict = takes({
      type: "object",
      additionalProperties: false,
      properties: { kind: { type: "string" }, n: { type: "integer", maximum: 5 } },
    });
    expect(whatOf(api(before), api(strict))).toEqual(["GET /api/things body.old: no longer taken"]);
  });

  it("follows references to shared schemas on both sides, and flags a removed operation or success answer", () => {
    const shared = (type: string) => ({ Thing: { type: "object", properties: { id: { type } } } });
    const ref = answers({ $ref: "#/components/schemas/Thing" });
    expect(whatOf(api(ref, shared("string")), api(ref, shared("integer")))).toEqual([
      "GET /api/things 200.id: now answers integer (was string)",
    ]);
    expect(whatOf(api(ref, shared("string")), { paths: {} } as Doc)).toEqual(["GET /api/things: removed"]);
    expect(whatOf(api(ref, shared("string")), api({ responses: { "201": {} } }))).toEqual([
      "GET /api/things 200: no longer answered",
    ]);
  });
});
