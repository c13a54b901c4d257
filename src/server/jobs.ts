import { purgeExpiredSessions } from "./access/auth.js";
import { httpGateway } from "./messaging/gateway.js";
import { deliverEverythingDue } from "./messaging/outbox.js";
import type { Config } from "./platform/config.js";
import type { Database } from "./platform/db.js";
import { everyWhile } from "./platform/periodic.js";
import { purgeExpiredAnswers } from "./platform/replay.js";
import { findSharedKeys } from "./registry/counted-twice.js";
import { countTodayEverywhere } from "./registry/day-counts.js";
import { refreshFlagsOfEveryOrganisation } from "./registry/flags.js";

/** The service's periodic jobs, by the name its log gives each. */
export const SERVICE_JOBS = {
  purge: "purge of expired sessions and answers",
  flags: "refreshing the derived vulnerability flags",
  dayCounts: "counting today's register",
  sharedKeys: "finding people counted by two municipalities",
  sms: "sms delivery",
} as const;
export type ServiceJob = keyof typeof SERVICE_JOBS;

const HOUR_MS = 3600_000;
/** How often each job runs: the SMS outbox every 15 seconds, the rest every hour. */
const EVERY_MS: Record<ServiceJob, number> = {
  purge: HOUR_MS,
  flags: HOUR_MS,
  dayCounts: HOUR_MS,
  sharedKeys: HOUR_MS,
  sms: 15_000,
};

export interface ServiceJobOptions {
  database: Database;
  config: Pick<Config, "sms">;
  /** A run that failed: the service logs it and goes on; the next run tries again. */
  onError: (job: ServiceJob, error: unknown) => void;
  /** A run starting, with the run itself (the service logs it at debug level). */
  onRun?: (job: ServiceJob, run: Promise<unknown>) => void;
  /** The clock the calendar jobs read (a day's flags, today's counts). */
  now?: () => Date;
  /** Other intervals than the service's, for a test that cannot wait an hour. */
  everyMs?: Partial<Record<ServiceJob, number>>;
}

/**
 * Starts the jobs the service runs every so often, as `aimak serve` does, each through everyWhile
 * (platform/periodic.ts): none is doubled while its last run is still going, and `stop` stops each
 * between its steps (organisations, municipalities) and waits for it, so the database can close.
 * At start the purge runs (`purged`, awaited before the service listens: no expired session is
 * let in), then the flag refresh, the day counts and the shared keys start in the background; the
 * SMS outbox is sent only when a gateway is configured, first 15 seconds after start.
 */
export function startServiceJobs(options: ServiceJobOptions) {
  const { database, config, onError, onRun, now = () => new Date() } = options;
  const every = (job: ServiceJob, run: (signal: AbortSignal) => Promise<unknown>) =>
    everyWhile(
      options.everyMs?.[job] ?? EVERY_MS[job],
      (signal) => {
        const running = run(signal);
        onRun?.(job, running);
        return running;
      },
      (error) => onError(job, error),
    );
  // Expired sessions and the answers kept for repeated requests go every hour, so the tables stay
  // small and no copy of an answer outlives its day.
  const purge = every("purge", () =>
    Promise.all([purgeExpiredSessions(database), purgeExpiredAnswers(database)]),
  );
  // Derived vulnerability flags follow the calendar too (a child turns 18, a widow turns 75): each
  // organisation's are refreshed on the first hourly run of its new day.
  const flagsRefreshed = new Map<string, string>();
  const flags = every("flags", (signal) =>
    refreshFlagsOfEveryOrganisation(database, flagsRefreshed, now(), signal),
  );
  // Today's register of every municipality is counted every hour, so an oblast's or the country's
  // summary reads kept counts instead of counting millions of people on request.
  const dayCounts = every("dayCounts", (signal) => countTodayEverywhere(database, now(), signal));
  // People counted by two municipalities are found over the whole country (seconds at national
  // scale), so an office's list reads the kept keys instead of comparing everyone on request.
  const sharedKeys = every("sharedKeys", () => findSharedKeys(database, now()));
  const gatewayUrl = config.sms.gatewayUrl;
  const sms = gatewayUrl
    ? every("sms", (signal) =>
        deliverEverythingDue(database, httpGateway(gatewayUrl, config.sms.gatewayToken), signal),
      )
    : null;
  // As the service always did: the flags and the counts start once the first purge is done.
  const purged = purge.runNow().then(() => {
    void flags.runNow();
    void dayCounts.runNow();
    void sharedKeys.runNow();
  });
  return {
    purged,
    purge,
    flags,
    dayCounts,
    sharedKeys,
    sms,
    /** Stops every job, each between its steps, and waits for the runs under way. */
    async stop() {
      await Promise.all([purge.stop(), flags.stop(), dayCounts.stop(), sharedKeys.stop(), sms?.stop()]);
    },
  };
}
