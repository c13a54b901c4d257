import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE } from "../../src/domain/shared/local-time.js";
import type { Actor } from "../../src/server/platform/context.js";
import type { Tx } from "../../src/server/platform/db.js";
import { withTenant } from "../../src/server/platform/transactions.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { seedWuaWithSeason } from "../support/wua-fixtures.js";

/**
 * What the database itself guarantees of the ledger, whatever the service does: every posting
 * balances at commit (checked once per transaction for all its postings), a line joins only a
 * posting of its own transaction, and nothing is changed or deleted.
 */
describe("the ledger's guarantees in the database", () => {
  let t: TestApp;
  let orgId: string;
  let periodId: string;
  let actor: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    const w = await seedWuaWithSeason(t, { accountant: ["accountant"] });
    orgId = w.org.id;
    periodId = w.seasonId;
    const user = w.users.accountant;
    actor = {
      userId: user.id,
      username: user.username,
      orgId,
      roles: ["accountant"],
      readOrgIds: [orgId],
      timeZone: DEFAULT_TIME_ZONE,
    };
  });
  afterAll(() => t.close());

  const posting = async (tx: Tx, createdAt?: string) => {
    const id = uuidv7();
    await tx.execute(sql`insert into billing_posting (id, org_id, period_id, posted_on, source_kind, source_id, created_at)
      values (${id}, ${orgId}, ${periodId}, '2026-05-01', 'payment', ${uuidv7()}, ${createdAt ? sql`${createdAt}::timestamptz` : sql`now()`})`);
    return id;
  };
  const line = (tx: Tx, postingId: string, account: string, debit: number, credit: number) =>
    tx.execute(sql`insert into billing_posting_line (id, org_id, posting_id, account, debit_tyiyn, credit_tyiyn)
      values (${uuidv7()}, ${orgId}, ${postingId}, ${account}, ${debit}, ${credit})`);
  const balanced = async (tx: Tx, id: string, amount = 100) => {
    await line(tx, id, "cash", amount, 0);
    await line(tx, id, "revenue:area", 0, amount);
  };
  const inTx = (work: (tx: Tx) => Promise<unknown>) => withTenant(t.database, actor, work);
  /** The database's message, under the query builder's "Failed query" wrapper. */
  const failure = (attempt: Promise<unknown>) =>
    attempt.then(
      () => "committed",
      (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`,
    );
  const countOf = async (id: string) =>
    inTx(async (tx) => {
      const r = (await tx.execute(
        sql`select count(*)::int as n from billing_posting where id = ${id}`,
      )) as unknown as {
        rows: { n: number }[];
      };
      return r.rows[0]!.n;
    });

  it("commits balanced postings, lines written in any number of statements", async () => {
    let ids: string[] = [];
    await inTx(async (tx) => {
      ids = [await posting(tx), await posting(tx), await posting(tx)];
      for (const id of ids) await balanced(tx, id);
      // A fourth whose lines come in two statements, after the others.
      const split = await posting(tx);
      await line(tx, split, "cash", 70, 0);
      await line(tx, split, "revenue:volume", 0, 30);
      await line(tx, split, "revenue:area", 0, 40);
      ids.push(split);
    });
    for (const id of ids) expect(await countOf(id)).toBe(1);
  });

  it("refuses at commit a transaction with one unbalanced posting among balanced ones", async () => {
    let bad = "";
    const attempt = inTx(async (tx) => {
      for (let i = 0; i < 5; i++) await balanced(tx, await posting(tx));
      bad = await posting(tx);
      await line(tx, bad, "cash", 100, 0);
      await line(tx, bad, "revenue:area", 0, 99);
    });
    expect(await failure(attempt)).toMatch(/billing\.unbalancedPosting/);
    expect(await countOf(bad)).toBe(0);
  });

  it("refuses a posting without lines", async () => {
    expect(await failure(inTx((tx) => posting(tx)))).toMatch(/billing\.unbalancedPosting/);
  });

  it("checks again what is written after a check in the same transaction", async () => {
    const attempt = inTx(async (tx) => {
      await balanced(tx, await posting(tx));
      await tx.execute(sql`set constraints all immediate`);
      await tx.execute(sql`set constraints all deferred`);
      const late = await posting(tx);
      await line(tx, late, "cash", 5, 0);
    });
    expect(await failure(attempt)).toMatch(/billing\.unbalancedPosting/);
  });

  it("checks a posting with another creation time (a restore) on its own", async () => {
    expect(
      await failure(
        inTx(async (tx) => {
          const restored = await posting(tx, "2026-01-02T03:04:05Z");
          await line(tx, restored, "cash", 100, 0);
        }),
      ),
    ).toMatch(/billing\.unbalancedPosting/);
    let ok = "";
    await inTx(async (tx) => {
      ok = await posting(tx, "2026-01-02T03:04:05Z");
      await balanced(tx, ok);
    });
    expect(await countOf(ok)).toBe(1);
  });

  it("lets a line join only a posting of its own transaction, and changes nothing once written", async () => {
    let old = "";
    await inTx(async (tx) => {
      old = await posting(tx);
      await balanced(tx, old);
    });
    expect(await failure(inTx((tx) => balanced(tx, old, 50)))).toMatch(/earlier transaction/);
    expect(await failure(inTx((tx) => balanced(tx, uuidv7(), 50)))).toMatch(/earlier transaction/);
    expect(
      await failure(
        inTx((tx) =>
          tx.execute(
            sql`update billing_posting_line set debit_tyiyn = 1 where posting_id = ${old} and debit_tyiyn > 0`,
          ),
        ),
      ),
    ).toMatch(/billing\.appendOnly/);
    expect(
      await failure(inTx((tx) => tx.execute(sql`delete from billing_posting where id = ${old}`))),
    ).toMatch(/billing\.appendOnly/);
  });
});
