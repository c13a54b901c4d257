import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, the same from src/server/platform (tsx) and dist/server/platform (built). */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const migrationsDir = path.join(packageRoot, "migrations");
export const webDistDir = path.join(packageRoot, "dist", "web");
export const localesDir = path.join(packageRoot, "src", "locales");

export function webIsBuilt(): boolean {
  return existsSync(path.join(webDistDir, "index.html"));
}
