import { mkdirSync, writeFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

/**
 * Records, per Vitest project (= test tier), how many tests passed, failed or were skipped, in
 * test-results/tiers.json; .ci/check-tiers.mjs fails CI when a tier ran nothing or skipped tests.
 */
export default class TierReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const tiers: Record<string, { passed: number; failed: number; skipped: number }> = {};
    for (const module of testModules) {
      const name = module.project.name;
      const counts = tiers[name] ?? { passed: 0, failed: 0, skipped: 0 };
      tiers[name] = counts;
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) counts.failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/tiers.json", `${JSON.stringify(tiers, null, 2)}\n`);
  }
}
