import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Test tiers. Unit tests always run. Integration tests run on embedded PGlite always and on a
// PostgreSQL server when AIMAK_TEST_PG_URL is set; browser tests run when AIMAK_TEST_BROWSER=1.
// With AIMAK_TEST_ALL_TIERS=1 (set by .ci/run) a missing tier is an error, not a skip.
const pgUrl = process.env.AIMAK_TEST_PG_URL;
const browser = process.env.AIMAK_TEST_BROWSER === "1";
const requireAll = process.env.AIMAK_TEST_ALL_TIERS === "1";

if (requireAll && (!pgUrl || !browser)) {
  throw new Error(
    "AIMAK_TEST_ALL_TIERS=1 needs AIMAK_TEST_PG_URL (PostgreSQL tier) and AIMAK_TEST_BROWSER=1 (browser tier)",
  );
}

const shared = {
  env: { TZ: "UTC" },
  // A worker loads the service's modules once for all the files it runs, not once a file: loading
  // them (Fastify, the routes' schemas, pdfmake, exceljs) was about a third of the integration
  // tiers' CPU time on a 2-core machine (the PGlite tier alone: 841 s of CPU isolated, 580 s not,
  // 2026-12-06). Each file still has its own database, server and browser; between-files.ts undoes
  // what a file fakes.
  isolate: false,
  setupFiles: ["./test/support/between-files.ts"],
};
// Each database tier's files start from a database prepared once per run (see the file).
const globalSetup = ["./test/support/global-setup.ts"];

export default defineConfig({
  test: {
    // The tier reporter lets .ci/run prove that every tier ran (see .ci/check-tiers.mjs).
    reporters: ["default", "./test/support/tier-reporter.ts"],
    // A worker per core. Vitest 4 leaves one core out, which on CI's two is a single worker: the
    // whole suite ran one file at a time while its files wait much of the time on PostgreSQL, a
    // browser or a child process.
    maxWorkers: availableParallelism(),
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["src/**/*.test.ts", "bench/**/*.test.ts", "test/unit/**/*.test.ts"],
          exclude: ["src/**/*.int.test.ts", "node_modules/**"],
          // A guard against a hang, not a speed check (benchmarks measure speed): the property tests
          // and the synthetic register's take 5–9 s beside the other tiers and other work on two
          // cores, over Vitest's default of 5.
          testTimeout: 30_000,
          // A global a test stubs (the browser's localStorage) is restored after it, passed or not.
          unstubGlobals: true,
        },
      },
      {
        test: {
          ...shared,
          name: "integration-pglite",
          globalSetup,
          include: ["src/**/*.int.test.ts", "test/int/**/*.int.test.ts"],
          env: { ...shared.env, AIMAK_TEST_DB: "pglite" },
          testTimeout: 180_000, // several tests load the whole demo through the CLI: a minute on a busy machine
          hookTimeout: 120_000,
        },
      },
      ...(pgUrl
        ? [
            {
              test: {
                ...shared,
                name: "integration-postgres",
                globalSetup,
                include: ["src/**/*.int.test.ts", "test/int/**/*.int.test.ts"],
                // The embedded database's folder on disk, killed and started again: nothing of it
                // is PostgreSQL's, which keeps its data in its own server process.
                exclude: [...configDefaults.exclude, "test/int/embedded-crash.int.test.ts"],
                env: { ...shared.env, AIMAK_TEST_DB: "postgres", AIMAK_TEST_PG_URL: pgUrl },
                testTimeout: 180_000, // several tests load the whole demo through the CLI: a minute on a busy machine
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      ...(browser
        ? [
            {
              test: {
                ...shared,
                name: "browser",
                globalSetup,
                include: ["test/e2e/**/*.e2e.test.ts"],
                testTimeout: 120_000,
                hookTimeout: 300_000,
                // A page waited on (a catalog, a server's answer drawn) takes longer than expect.poll's
                // default second on a CI machine running every tier at once.
                expect: { poll: { timeout: 10_000 } },
                // Not limited to one file at a time: Vitest runs a project limited to one worker in
                // a group of its own after all the others, never beside them. Each file has its own
                // server, database and browser.
              },
            },
          ]
        : []),
    ],
  },
});
