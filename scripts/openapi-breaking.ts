// Flags the changes between two versions of openapi.json that break a client built against the
// older one: a mirab's phone queues requests offline and sends them after the service has been
// upgraded, and an office's integration is rebuilt rarely. Run by CI against the last release
// (`v*` tag) or AIMAK_API_BASE; by hand: `npm run openapi:breaking -- <git ref>`.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** One change that breaks an older client: where (operation and place in the schema) and what. */
export interface BreakingChange {
  where: string;
  what: string;
}

const METHODS = ["get", "put", "post", "delete", "patch"];
const isObject = (value: Json | undefined): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A schema with its `$ref` followed inside its own document. */
function resolve(document: Document, schema: Schema | undefined): Schema {
  let found = schema ?? {};
  for (let hops = 0; typeof found.$ref === "string" && hops < 32; hops++) {
    const name = found.$ref.replace("#/components/schemas/", "");
    found = document.components?.schemas?.[name] ?? {};
  }
  return found;
}

/** The JSON types a schema admits, or null when it says nothing about them (any). */
function typesOf(schema: Schema): Set<string> | null {
  const type = schema.type;
  if (typeof type === "string") return new Set(type === "integer" ? ["integer"] : [type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === "string"));
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (!Array.isArray(union)) return null;
  const types = new Set<string>();
  for (const branch of union) {
    const inner = isObject(branch) ? typesOf(branch) : null;
    if (!inner) return null;
    for (const t of inner) types.add(t);
  }
  return types;
}

/** The branch of a nullable union that is not null, so both sides compare the value itself. */
function withoutNull(schema: Schema): Schema {
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(union)) {
    const rest = union.filter((b) => !(isObject(b) && b.type === "null"));
    if (rest.length === 1 && isObject(rest[0])) return rest[0];
  }
  return schema;
}

const required = (schema: Schema) =>
  new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : []);
const enumOf = (schema: Schema) =>
  Array.isArray(schema.enum) ? schema.enum.map((v) => JSON.stringify(v)) : null;

/**
 * Compares one schema of an older document with the newer one's at the same place. `side` says
 * which way the data goes: a response must still give an old client everything it read, in the
 * same type; a request must still take everything an old client sends.
 */
function compareSchema(
  oldDoc: Document,
  newDoc: Document,
  oldSchema: Schema | undefined,
  newSchema: Schema | undefined,
  side: "request" | "response",
  where: string,
  out: BreakingChange[],
  depth = 0,
): void {
  if (depth > 24) return;
  const before = resolve(oldDoc, oldSchema);
  const after = resolve(newDoc, newSchema);
  const beforeTypes = typesOf(before);
  const afterTypes = typesOf(after);
  if (beforeTypes && afterTypes) {
    // A response may not give a type the old client never saw (null included); a request may not
    // refuse a type the old client sends. Integers are numbers, not the other way round.
    const [given, taken] = side === "response" ? [afterTypes, beforeTypes] : [beforeTypes, afterTypes];
    const admits = (types: Set<string>, t: string) =>
      types.has(t) || (t === "integer" && types.has("number"));
    const strays = [...given].filter((t) => !admits(taken, t));
    if (strays.length)
      out.push({
        where,
        what:
          side === "response"
            ? `now answers ${strays.join(" or ")} (was ${[...beforeTypes].join(" or ")})`
            : `no longer takes ${strays.join(" or ")} (takes ${[...afterTypes].join(" or ")})`,
      });
  }
  const oldValues = enumOf(before);
  const newValues = enumOf(after);
  if (oldValues && newValues) {
    const [given, known] = side === "response" ? [newValues, oldValues] : [oldValues, newValues];
    const unknown = given.filter((v) => !known.includes(v));
    if (unknown.length)
      out.push({
        where,
        what:
          side === "response"
            ? `may answer values an old client does not know: ${unknown.join(", ")}`
            : `no longer takes ${unknown.join(", ")}`,
      });
  }
  if (side === "request") {
    for (const [bound, tighter] of [
      ["maximum", (a: number, b: number) => b < a],
      ["maxLength", (a: number, b: number) => b < a],
      ["maxItems", (a: number, b: number) => b < a],
      ["minimum", (a: number, b: number) => b > a],
      ["minLength", (a: number, b: number) => b > a],
    ] as const) {
      const a = before[bound];
      const b = after[bound];
      if (typeof b === "number" && (typeof a !== "number" || tighter(a, b)))
        out.push({ where, what: `${bound} is now ${b}${typeof a === "number" ? ` (was ${a})` : ""}` });
    }
  }
  const oldValue = withoutNull(before);
  const newValue = withoutNull(after);
  if (isObject(oldValue.properties) || isObject(newValue.properties)) {
    const oldProperties = isObject(oldValue.properties) ? oldValue.properties : {};
    const newProperties = isObject(newValue.properties) ? newValue.properties : {};
    const oldRequired = required(oldValue);
    const newRequired = required(newValue);
    for (const [name, property] of Object.entries(oldProperties)) {
      const next = newProperties[name];
      const at = `${where}.${name}`;
      if (next === undefined) {
        if (side === "response" || newValue.additionalProperties === false)
          out.push({ where: at, what: side === "response" ? "no longer answered" : "no longer taken" });
        continue;
      }
      if (side === "response" && oldRequired.has(name) && !newRequired.has(name))
        out.push({ where: at, what: "may now be absent" });
      if (isObject(property) && isObject(next))
        compareSchema(oldDoc, newDoc, property, next, side, at, out, depth + 1);
    }
    if (side === "request")
      for (const name of newRequired)
        if (!oldRequired.has(name)) out.push({ where: `${where}.${name}`, what: "now required" });
  }
  if (isObject(oldValue.items) && isObject(newValue.items))
    compareSchema(oldDoc, newDoc, oldValue.items, newValue.items, side, `${where}[]`, out, depth + 1);
}

const jsonSchemaOf = (content: Record<string, { schema?: Schema }> | undefined) =>
  content?.["application/json"]?.schema;

/** Every change from `oldDoc` to `newDoc` that breaks a client built against `oldDoc`. */
export function breakingChanges(oldDoc: Document, newDoc: Document): BreakingChange[] {
  const out: BreakingChange[] = [];
  for (const [url, oldItem] of Object.entries(oldDoc.paths ?? {})) {
    for (const method of METHODS) {
      const before = oldItem[method];
      if (!before) continue;
      const operation = `${method.toUpperCase()} ${url}`;
      const after = newDoc.paths?.[url]?.[method];
      if (!after) {
        out.push({ where: operation, what: "removed" });
        continue;
      }
      const oldParameters = new Map((before.parameters ?? []).map((p) => [`${p.in}:${p.name}`, p]));
      for (const parameter of after.parameters ?? []) {
        const at = `${operation} ${parameter.in} ${parameter.name}`;
        const old = oldParameters.get(`${parameter.in}:${parameter.name}`);
        if (!old) {
          if (parameter.required) out.push({ where: at, what: "new and required" });
          continue;
        }
        if (parameter.required && !old.required) out.push({ where: at, what: "now required" });
        compareSchema(oldDoc, newDoc, old.schema, parameter.schema, "request", at, out);
      }
      const oldBody = jsonSchemaOf(before.requestBody?.content);
      const newBody = jsonSchemaOf(after.requestBody?.content);
      if (newBody && !oldBody && after.requestBody?.required)
        out.push({ where: `${operation} body`, what: "new and required" });
      if (oldBody && newBody)
        compareSchema(oldDoc, newDoc, oldBody, newBody, "request", `${operation} body`, out);
      for (const [status, response] of Object.entries(before.responses ?? {})) {
        if (!status.startsWith("2")) continue;
        const next = after.responses?.[status];
        if (!next) {
          out.push({ where: `${operation} ${status}`, what: "no longer answered" });
          continue;
        }
        const oldAnswer = jsonSchemaOf(response.content);
        const newAnswer = jsonSchemaOf(next.content);
        if (oldAnswer && newAnswer)
          compareSchema(oldDoc, newDoc, oldAnswer, newAnswer, "response", `${operation} ${status}`, out);
      }
    }
  }
  return out;
}

/** The release the API is compared with: AIMAK_API_BASE, else the latest `v*` tag, else none. */
function baseRef(argument: string | undefined): string | null {
  if (argument) return argument;
  if (process.env.AIMAK_API_BASE) return process.env.AIMAK_API_BASE;
  try {
    return execFileSync("git", ["describe", "--tags", "--abbrev=0", "--match", "v*"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, "..");
  const ref = baseRef(process.argv[2]);
  if (!ref) {
    console.log("openapi.json: no released version (a v* tag or AIMAK_API_BASE) to compare with");
    process.exit(0);
  }
  let oldText: string;
  try {
    oldText = execFileSync("git", ["show", `${ref}:openapi.json`], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 << 20,
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    console.error(`openapi.json: cannot read it at ${ref}`);
    process.exit(2);
  }
  const old = JSON.parse(oldText) as Document;
  const current = JSON.parse(readFileSync(path.join(root, "openapi.json"), "utf8")) as Document;
  const changes = breakingChanges(old, current);
  console.log(`openapi.json against ${ref}: ${changes.length} change(s) that break an older client`);
  for (const change of changes) console.log(`  ${change.where}: ${change.what}`);
  // Flagged, not refused: a breaking change can be meant; AIMAK_API_STRICT=1 makes it fail.
  if (changes.length && process.env.AIMAK_API_STRICT === "1") process.exit(1);
}
