import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configVariables, loadConfig, REQUEST_STATEMENT_TIMEOUT_MS } from "./config.js";
import { packageRoot } from "./paths.js";

describe("the configuration", () => {
  it("is documented in the README's table, every variable the service reads", () => {
    const readme = readFileSync(path.join(packageRoot, "README.md"), "utf8");
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]));
    expect(configVariables.map((v) => v.name).filter((name) => !documented.has(name))).toEqual([]);
  });

  it("bounds a request's statements on a PostgreSQL server: 30 s unless configured, 0 for none, a bad value refused by name", () => {
    const server = { DATABASE_URL: "postgres://aimak@db/aimak" };
    expect(loadConfig(server).database).toEqual({
      kind: "postgres",
      url: server.DATABASE_URL,
      statementTimeoutMs: REQUEST_STATEMENT_TIMEOUT_MS,
    });
    expect(REQUEST_STATEMENT_TIMEOUT_MS).toBe(30_000);
    for (const [value, ms] of [
      ["5000", 5000],
      ["0", 0],
    ] as const)
      expect(loadConfig({ ...server, AIMAK_STATEMENT_TIMEOUT_MS: value }).database).toMatchObject({
        statementTimeoutMs: ms,
      });
    for (const bad of ["-1", "2.5", "soon"])
      expect(() => loadConfig({ ...server, AIMAK_STATEMENT_TIMEOUT_MS: bad })).toThrow(
        /AIMAK_STATEMENT_TIMEOUT_MS/,
      );
  });
});
