// Fails unless every named tier (Vitest project) ran tests and none failed or was skipped, from
// test-results/tiers.json written by test/support/tier-reporter.ts. Prints the closing line that
// CI reads: "N passed, N failed".
import { readFileSync } from "node:fs";

const [file, ...tiers] = process.argv.slice(2);
let counts = {};
try {
  counts = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.error(`no tier report at ${file}: ${error.message}`);
}
let ok = true;
let passed = 0;
let failed = 0;
for (const tier of tiers) {
  const c = counts[tier] ?? { passed: 0, failed: 0, skipped: 0 };
  passed += c.passed;
  failed += c.failed;
  const line = `${tier.padEnd(22)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
  if (c.passed === 0 || c.failed > 0 || c.skipped > 0) {
    ok = false;
    console.error(`TIER NOT GREEN: ${line}`);
  } else console.log(line);
}
if (!ok && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
