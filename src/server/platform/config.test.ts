import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configVariables } from "./config.js";
import { packageRoot } from "./paths.js";

describe("the configuration", () => {
  it("is documented in the README's table, every variable the service reads", () => {
    const readme = readFileSync(path.join(packageRoot, "README.md"), "utf8");
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]));
    expect(configVariables.map((v) => v.name).filter((name) => !documented.has(name))).toEqual([]);
  });
});
