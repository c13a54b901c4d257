// `npm run bench [name…]`: runs every bench/*.bench.ts (or those whose name contains an argument).
// Each benchmark measures itself against its anchor in the same run and prints the ratio;
// BENCHMARKS.md records the latest figures with machine and date.
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(`date: ${new Date().toISOString()}`);
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ")}`);
  process.exit(2);
}
for (const file of files) {
  console.log(`\n## ${file}`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { main?: () => Promise<void> };
  if (typeof module.main !== "function") throw new Error(`${file} exports no main()`);
  await module.main();
}
