import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ServiceJob, type ServiceJobOptions, startServiceJobs } from "../../src/server/jobs.js";
import { everyMunicipality } from "../../src/server/orgs/service.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { registerDayCount } from "../../src/server/registry/tables.js";
import { seedAimak, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";

// Three municipalities of Suzak district.
const MUNICIPALITIES = ["41703220870000", "41703220860000", "41703220850000"];

/** What the service's jobs did: the runs each started, how many at once at most, the failures. */
function watched() {
  const runs: { job: ServiceJob; result?: unknown }[] = [];
  const failures: { job: ServiceJob; error: unknown }[] = [];
  const inFlight = new Map<ServiceJob, number>();
  let mostAtOnce = 0;
  const options: Required<Pick<ServiceJobOptions, "onRun" | "onError">> = {
    onRun(job, run) {
      const entry: { job: ServiceJob; result?: unknown } = { job };
      runs.push(entry);
      inFlight.set(job, (inFlight.get(job) ?? 0) + 1);
      mostAtOnce = Math.max(mostAtOnce, inFlight.get(job)!);
      void run
        .then((result) => {
          entry.result = result;
        })
        .catch(() => {})
        .finally(() => inFlight.set(job, inFlight.get(job)! - 1));
    },
    onError: (job, error) => failures.push({ job, error }),
  };
  return {
    options,
    runs: (job: ServiceJob) => runs.filter((r) => r.job === job),
    failures,
    mostAtOnce: () => mostAtOnce,
  };
}

describe("the service's periodic jobs, as `aimak serve` starts them", () => {
  let t: TestApp;
  let municipalities: string[];
  const keptOn = async (day: string) =>
    (
      await withSystem(t.database, (tx) =>
        tx.select().from(registerDayCount).where(eq(registerDayCount.onDate, day)),
      )
    )
      .map((k) => k.orgId)
      .sort();

  beforeAll(async () => {
    t = await startTestApp();
    for (const code of MUNICIPALITIES) {
      await seedAimak(t.database, code, 1, "41703220000000");
      await seedOrganisation(t.database, { adminUnitCode: code, users: {} });
    }
    municipalities = (await withSystem(t.database, everyMunicipality)).map((m) => m.id).sort();
  });
  afterAll(() => t.close());

  /** The jobs as the service starts them, on a clock stopped at `at`. */
  const start = (at: string, options: Omit<ServiceJobOptions, "database" | "config" | "now">) =>
    startServiceJobs({ database: t.database, config: t.config, now: () => new Date(at), ...options });

  it("counts today's register of every municipality once started, in the municipality's own today", async () => {
    const seen = watched();
    // 20:00 in Greenwich is already the 11th in Bishkek (UTC+6).
    const jobs = start("2026-03-10T20:00:00Z", seen.options);
    await jobs.purged;
    // The pass started once the purge was done; asking for it now joins that run.
    await jobs.dayCounts.runNow();
    expect(seen.runs("dayCounts").map((r) => r.result)).toEqual([{ counted: municipalities.length }]);
    expect(await keptOn("2026-03-11")).toEqual(municipalities);
    expect(await keptOn("2026-03-10")).toEqual([]);
    // People counted by two municipalities are looked for in the same start (none here); the
    // start's run may be over already, and then this is a second.
    await jobs.sharedKeys.runNow();
    expect(seen.runs("sharedKeys").map((r) => r.result)).toContainEqual({ keys: 0 });
    await jobs.stop();
    expect(seen.failures).toEqual([]);
    // No gateway configured: no SMS job.
    expect(jobs.sms).toBeNull();
  });

  it("never runs the pass twice at once, however often it falls due", async () => {
    const seen = watched();
    // Due every millisecond: ticks come while a pass is still counting, and pass.
    const jobs = start("2026-05-01T06:00:00Z", { everyMs: { dayCounts: 1 }, ...seen.options });
    await jobs.purged;
    expect(jobs.dayCounts.runNow()).toBe(jobs.dayCounts.runNow());
    await vi.waitFor(() => expect(seen.runs("dayCounts").length).toBeGreaterThanOrEqual(4), {
      timeout: 20_000,
      interval: 5,
    });
    await jobs.stop();
    expect(seen.mostAtOnce()).toBe(1);
    // The first pass counted every municipality; the later ones found them kept.
    expect(await keptOn("2026-05-01")).toEqual(municipalities);
    expect(seen.failures).toEqual([]);
  });

  it("stops the pass between municipalities at shutdown and waits for it, then runs nothing more", async () => {
    const seen = watched();
    let stopped: Promise<void> | undefined;
    const jobs = start("2027-01-01T06:00:00Z", {
      everyMs: { dayCounts: 1, flags: 1, purge: 1 },
      onError: seen.options.onError,
      onRun(job, run) {
        seen.options.onRun(job, run);
        // Shutdown comes just as the pass has started (its run is under way once this returns).
        if (job === "dayCounts") queueMicrotask(() => (stopped = jobs.stop()));
      },
    });
    await jobs.purged;
    await vi.waitFor(() => expect(stopped).toBeDefined());
    await stopped;
    // Shutdown waited for the pass, which stopped before its first municipality.
    expect(seen.runs("dayCounts").map((r) => r.result)).toEqual([{ counted: 0 }]);
    expect(await keptOn("2027-01-01")).toEqual([]);
    // Stopped: neither a tick nor an ask starts another run.
    const before = seen.runs("dayCounts").length + seen.runs("purge").length + seen.runs("flags").length;
    await jobs.dayCounts.runNow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.runs("dayCounts").length + seen.runs("purge").length + seen.runs("flags").length).toBe(
      before,
    );
    expect(seen.failures).toEqual([]);
  });
});
