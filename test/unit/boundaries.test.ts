import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The house rules of ARCHITECTURE.md, checked by a test rather than by hope.
const src = path.resolve(import.meta.dirname, "../../src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => (m[1] ?? m[2])!);
}

const rel = (file: string) => path.relative(src, file);

describe("module boundaries", () => {
  it("keeps the domain pure: no server, web, cli, database, HTTP or file system", () => {
    const forbidden =
      /^(node:|fs$|path$|http|https$|pg$|drizzle|@electric-sql|fastify|@fastify|react|argon2|pino)/;
    const offences = files(path.join(src, "domain"))
      .filter((f) => !/\.test\.tsx?$/.test(f))
      .flatMap((f) =>
        imports(f)
          .filter((i) => forbidden.test(i) || /\/(server|web|cli)\//.test(path.resolve(path.dirname(f), i)))
          .map((i) => `${rel(f)} imports ${i}`),
      );
    expect(offences).toEqual([]);
  });

  it("keeps the web app off the server and the CLI", () => {
    const offences = files(path.join(src, "web")).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith(".") && /\/src\/(server|cli)\//.test(path.resolve(path.dirname(f), i)))
        .map((i) => `${rel(f)} imports ${i}`),
    );
    expect(offences).toEqual([]);
  });

  it("lets an area reach another area's tables only through that area's service", () => {
    // tables.ts files may reference each other for foreign keys; services and routes may not.
    const offences = files(path.join(src, "server"))
      .filter((f) => !f.endsWith("tables.ts") && !/\.test\.ts$/.test(f))
      .flatMap((f) => {
        const area = rel(f).split(path.sep)[1];
        return imports(f)
          .filter((i) => i.endsWith("/tables.js"))
          .filter((i) => {
            const target = path
              .relative(path.join(src, "server"), path.resolve(path.dirname(f), i))
              .split(path.sep)[0];
            return target !== area && !ALLOWED_TABLE_READS.has(`${area}->${target}`);
          })
          .map((i) => `${rel(f)} imports ${i}`);
      });
    expect(offences).toEqual([]);
  });
});

/**
 * Documented exceptions: joins that would otherwise cost a round trip per row.
 * access->orgs: the session view names the organisations a user belongs to.
 * orgs->places: checking that served villages exist. cli/demo are tools, not areas.
 * demo->water: the billing demo writes a minimal water register when the water demo has none.
 */
const ALLOWED_TABLE_READS = new Set(["access->orgs", "orgs->places", "demo->orgs", "demo->water"]);
