// Writes openapi.json from the routes' zod schemas. CI fails when the committed copy is stale
// (test/int/openapi.int.test.ts), so offline clients always have the contract they were built for.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { buildApp } from "../src/server/app.js";
import { loadConfig } from "../src/server/platform/config.js";
import { openDatabase } from "../src/server/platform/db.js";
import { packageRoot } from "../src/server/platform/paths.js";

export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({ AIMAK_LOG_LEVEL: "silent" });
  const database = await openDatabase({ kind: "pglite", dataDir: null });
  const app = await buildApp({ database, config });
  await app.ready();
  const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await database.close();
  return text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await generateOpenApi();
  writeFileSync(path.join(packageRoot, "openapi.json"), text);
  console.log("openapi.json written");
}
