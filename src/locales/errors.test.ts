import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG_LOCALES as LOCALES } from "../domain/places/units.js";

const root = path.resolve(import.meta.dirname, "..");
const catalogs = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(import.meta.dirname, `${l}.json`), "utf8"))]),
);

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalog);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "web" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.includes(".test.") ? [full] : [];
  });
}

describe("error messages", () => {
  it("translates every error code the server and the domain can raise, in every language", () => {
    const codes = new Set<string>();
    for (const file of sourceFiles(root)) {
      for (const m of readFileSync(file, "utf8").matchAll(/new DomainError\(\s*"([\w.-]+)"/g))
        codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(10);
    const missing = [...codes].flatMap((code) =>
      LOCALES.filter((l) => typeof lookup(catalogs[l], `errors.${code}`) !== "string").map(
        (l) => `${l}: errors.${code}`,
      ),
    );
    expect(missing).toEqual([]);
  });
});
