// Billing benchmark on PostgreSQL: a season's billing run for 20,000 water users (per ha from
// contracts, per m³ from 6 measured deliveries each), the re-run that finds everything right, and
// payment entry (one at a time, as a cashier, and 8 at once), and the provider's home page. Each is set against an anchor in the
// same run: the plain INSERT … SELECT of as many rows as the run wrote, and as many single-row
// INSERT transactions as payments. Needs AIMAK_BENCH_PG_URL (a role that may create databases);
// the database is dropped afterwards. AIMAK_BENCH_BILLING_USERS changes the size,
// AIMAK_BENCH_BILLING_PAYMENTS the number of payments (0 leaves payment entry out).
import { sql } from "drizzle-orm";
import pg from "pg";
import { uuidv7 } from "uuidv7";
import { DEFAULT_TIME_ZONE } from "../src/domain/shared/local-time.js";
import { createUserAsSystem } from "../src/server/access/system-users.js";
import { recordPayment } from "../src/server/billing/payments.js";
import { debtors } from "../src/server/billing/reports.js";
import { runBilling } from "../src/server/billing/runs.js";
import { saveTariff } from "../src/server/billing/tariffs.js";
import { createOrganisation } from "../src/server/orgs/service.js";
import { prepareDatabase } from "../src/server/platform/bootstrap.js";
import type { RequestContext } from "../src/server/platform/context.js";
import { type Database, rows } from "../src/server/platform/db.js";
import { withSystem } from "../src/server/platform/transactions.js";
import { waterGlance } from "../src/server/water/glance.js";
import { seedSeason, seedWaterUsers } from "../test/support/billing-fixtures.js";
import { percentile } from "./lib/stats.js";

const USERS = Number(process.env.AIMAK_BENCH_BILLING_USERS ?? 20_000);
const PAYMENTS = Number(process.env.AIMAK_BENCH_BILLING_PAYMENTS ?? 2_000);
const CROPS = ["winter-wheat", "maize", "orchard", "potato"];
const system: RequestContext = { requestId: "bench", locale: "ky", client: "system", actor: null };
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;

const GLANCE_SAMPLES = 15;

/** How long each of `count` calls took, one after another. */
async function timings(count: number, work: () => Promise<unknown>): Promise<number[]> {
  const taken: number[] = [];
  for (let i = 0; i < count; i++) taken.push((await time(work))[1]);
  return taken;
}

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

async function seed(database: Database) {
  const { orgId, userId } = await withSystem(database, async (tx) => {
    const org = await createOrganisation(tx, system, {
      kind: "water-provider",
      providerType: "wua",
      name: { ky: "Бенч СПА" },
      adminUnitCode: "41703220000000",
    });
    const userId = await createUserAsSystem(tx, system, {
      orgId: org.id,
      username: `bench-accountant-${org.id.slice(0, 8)}`,
      displayName: "Бухгалтер",
      password: "bench-password-2026",
      locale: "ky",
      roles: ["accountant"],
    });
    return { orgId: org.id, userId };
  });
  const ctx: RequestContext = {
    requestId: "bench",
    locale: "ky",
    client: "api-token",
    actor: {
      userId,
      username: "bench",
      orgId,
      roles: ["accountant"],
      readOrgIds: [orgId],
      timeZone: DEFAULT_TIME_ZONE,
    },
  };
  const seasonId = await seedSeason(database, orgId, {
    name: "2026",
    year: 2026,
    startsOn: "2026-04-01",
    endsOn: "2026-10-31",
  });
  const days = ["2026-04-20", "2026-05-15", "2026-06-10", "2026-07-05", "2026-08-01", "2026-10-10"];
  for (let start = 0; start < USERS; start += 5_000) {
    const specs = Array.from({ length: Math.min(5_000, USERS - start) }, (_, i) => {
      const n = start + i;
      return {
        member: n % 5 !== 0,
        villageCode: `4170322000000${n % 4}`,
        areas: [
          { crop: CROPS[n % 4]!, areaHa: 0.5 + (n % 17) * 0.25 },
          { crop: CROPS[(n + 1) % 4]!, areaHa: 0.1 + (n % 7) * 0.1 },
        ],
        deliveries: days.map((day, d) => ({ day, volumeM3: 100 + ((n * 7 + d * 13) % 900) + 0.5 })),
      };
    });
    await seedWaterUsers(database, orgId, seasonId, specs, start + 1);
  }
  const gm = { payers: "all" as const, decisionBody: "general-meeting" as const, decidedOn: "2026-02-01" };
  const tariffs = [
    {
      kind: "area" as const,
      tariffClass: "standard",
      rateTyiyn: 50_000,
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
    },
    {
      kind: "area" as const,
      tariffClass: "standard",
      crop: "orchard",
      rateTyiyn: 80_000,
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
    },
    { kind: "volume" as const, rateTyiyn: 15, validFrom: "2026-04-01", validTo: "2026-09-30" },
    { kind: "volume" as const, rateTyiyn: 5, validFrom: "2026-10-01", validTo: "2026-12-31" },
  ];
  for (const t of tariffs) await saveTariff(database, ctx, { ...gm, ...t, decisionRef: "GM-2026-01" });
  await saveTariff(database, ctx, {
    ...gm,
    kind: "membership",
    payers: "members",
    rateTyiyn: 20_000,
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
    decisionRef: "GM-2026-01",
  });
  return { ctx, orgId, seasonId };
}

async function anchorInsertSelect(database: Database, runId: string) {
  return withSystem(database, async (tx) => {
    await tx.execute(sql`create temp table anchor_document (like billing_document) on commit drop`);
    await tx.execute(sql`create temp table anchor_posting (like billing_posting) on commit drop`);
    await tx.execute(sql`create temp table anchor_line (like billing_posting_line) on commit drop`);
    const t0 = performance.now();
    await tx.execute(sql`insert into anchor_document select * from billing_document where run_id = ${runId}`);
    await tx.execute(sql`insert into anchor_posting select p.* from billing_posting p
      join billing_document d on d.posting_id = p.id where d.run_id = ${runId}`);
    await tx.execute(sql`insert into anchor_line select l.* from billing_posting_line l
      join billing_document d on d.posting_id = l.posting_id where d.run_id = ${runId}`);
    return performance.now() - t0;
  });
}

async function anchorSingleInserts(database: Database, count: number, parallel: number) {
  // As the connection's own user: the service's roles may not create tables.
  await database.db.execute(
    sql`create table if not exists anchor_payment (id uuid primary key, org_id uuid, amount bigint, at timestamptz)`,
  );
  const one = () =>
    database.db.transaction((tx) =>
      tx.execute(sql`insert into anchor_payment values (${uuidv7()}, ${uuidv7()}, 100, now())`),
    );
  const [, elapsed] = await time(async () => {
    for (let i = 0; i < count; i += parallel)
      await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, one));
  });
  return elapsed;
}

async function payments(ctx: RequestContext, database: Database, userIds: string[], parallel: number) {
  const [, elapsed] = await time(async () => {
    for (let i = 0; i < PAYMENTS; i += parallel) {
      await Promise.all(
        Array.from({ length: Math.min(parallel, PAYMENTS - i) }, (_, k) =>
          recordPayment(database, ctx, {
            waterUserId: userIds[(i + k) % userIds.length]!,
            receivedOn: "2026-06-15",
            method: "cash",
            amountTyiyn: 10_000 + ((i + k) % 50) * 100,
            idempotencyKey: uuidv7(),
          }),
        ),
      );
    }
  });
  return elapsed;
}

export async function main() {
  const adminUrl = process.env.AIMAK_BENCH_PG_URL;
  if (!adminUrl) {
    console.log("skipped: set AIMAK_BENCH_PG_URL to a PostgreSQL role that may create databases");
    return;
  }
  const name = `aimak_bench_billing_${Date.now().toString(36)}`;
  const adminQuery = async (text: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(text).finally(() => admin.end());
  };
  await adminQuery(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await prepareDatabase({ kind: "postgres", url: url.toString() });
  try {
    const [{ ctx, seasonId }, seedMs] = await time(() => seed(database));
    console.log(
      `seeded ${USERS} water users, ${USERS * 2} contracted plots, ${USERS * 6} deliveries in ${ms(seedMs)}`,
    );
    // As the connection's own user, who owns the tables: ANALYZE skips tables a role does not own,
    // and under the system role it analysed nothing, so the run met a fresh load's missing statistics.
    await database.db.execute(sql`analyze`);

    const [run, runMs] = await time(() => runBilling(database, ctx, { seasonId, runOn: "2026-05-01" }));
    const [[written]] = await Promise.all([
      withSystem(database, (tx) =>
        rows<{ docs: number; lines: number }>(
          tx,
          sql`select count(*)::int as docs, (select count(*)::int from billing_posting_line) as lines from billing_document`,
        ),
      ),
    ]);
    const rowsWritten = written!.docs * 2 + written!.lines;
    const anchorMs = await anchorInsertSelect(database, run.id);
    console.log(
      `billing run: ${run.invoices} invoices (${rowsWritten} rows: documents, postings, lines) in ${ms(runMs)}; ` +
        `anchor INSERT … SELECT of the same rows ${ms(anchorMs)}; ratio ${(runMs / anchorMs).toFixed(1)}× (aim: < 5 s)`,
    );
    const [rerun, rerunMs] = await time(() => runBilling(database, ctx, { seasonId, runOn: "2026-05-02" }));
    console.log(
      `re-run, nothing to correct: ${rerun.unchanged} unchanged in ${ms(rerunMs)}; ratio ${(rerunMs / anchorMs).toFixed(1)}× the anchor`,
    );

    const userIds = (
      await withSystem(database, (tx) =>
        rows<{ id: string }>(tx, sql`select id from water_user order by number limit 5000`),
      )
    ).map((r) => r.id);
    for (const parallel of PAYMENTS > 0 ? [1, 8] : []) {
      const payMs = await payments(ctx, database, userIds, parallel);
      const anchor = await anchorSingleInserts(database, PAYMENTS, parallel);
      console.log(
        `payment entry, ${parallel} at a time: ${PAYMENTS} payments in ${ms(payMs)} = ${((PAYMENTS / payMs) * 1000).toFixed(0)}/s; ` +
          `anchor ${PAYMENTS} single-row INSERT transactions ${ms(anchor)}; ratio ${(payMs / anchor).toFixed(1)}×`,
      );
    }

    // The provider's home page as the accountant opens it (the billing figures included), against
    // the debtors' list, the heaviest of the reads it makes.
    const glance = await timings(GLANCE_SAMPLES, () => waterGlance(database, ctx, "2026-06-15"));
    const debtorsList = await timings(GLANCE_SAMPLES, () => debtors(database, ctx, { asOf: "2026-06-15" }));
    console.log(
      `home page at a glance (${USERS} users), ${GLANCE_SAMPLES} times: p50 ${ms(percentile(glance, 50))} / ` +
        `p95 ${ms(percentile(glance, 95))}; anchor: the debtors' list p50 ${ms(percentile(debtorsList, 50))} / ` +
        `p95 ${ms(percentile(debtorsList, 95))}; ratio ${(percentile(glance, 50) / percentile(debtorsList, 50)).toFixed(1)}× at p50`,
    );
  } finally {
    await database.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}
