import { and, eq, inArray, sql } from "drizzle-orm";
import { addDays } from "../../domain/billing/calendar.js";
import {
  type AccountingPeriod,
  type Posting,
  placeInOpenPeriod,
  type TrialBalance,
  trialBalance,
} from "../../domain/billing/ledger.js";
import type { OpenInvoice } from "../../domain/billing/payment.js";
import { DomainError } from "../../domain/shared/errors.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, rows, type Tx } from "../platform/db.js";
import { withTenant } from "../platform/transactions.js";
import { type SeasonFact, seasonsOf } from "../water/billing-facts.js";
import { billingClosedPeriod, billingCounter, billingPosting, billingPostingLine } from "./tables.js";

/** A billing service call: the actor's tenant transaction. */
export function withBilling<T>(
  database: Database,
  ctx: RequestContext,
  work: (tx: Tx, orgId: string) => Promise<T>,
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) => work(tx, actor.orgId));
}

/**
 * The accounting periods are the seasons: a season's period runs from its first day to the day
 * before the next season starts (the last one has no end), so every day is in one period and a
 * payment between seasons has a home. A closed period is locked.
 */
export async function accountingPeriods(
  tx: Tx,
  orgId: string,
): Promise<(AccountingPeriod & { season: SeasonFact })[]> {
  const seasons = await seasonsOf(tx, orgId);
  const closed = new Set(
    (
      await tx
        .select({ id: billingClosedPeriod.periodId })
        .from(billingClosedPeriod)
        .where(eq(billingClosedPeriod.orgId, orgId))
    ).map((r) => r.id),
  );
  return seasons.map((s, i) => {
    const next = seasons[i + 1];
    return {
      id: s.id,
      from: s.startsOn,
      to: next ? addDays(next.startsOn, -1) : "9999-12-31",
      closed: closed.has(s.id),
      season: s,
    };
  });
}

/** Where a posting wanted on `date` goes (the next open period when its own is closed). */
export async function placePosting(tx: Tx, orgId: string, date: string) {
  return placeInOpenPeriod(await accountingPeriods(tx, orgId), date);
}

/** Writes postings with their lines, two statements for any number; the database checks each balances. */
export async function savePostings(tx: Tx, orgId: string, postings: readonly Posting[]) {
  await bulkInsert(
    tx,
    billingPosting,
    postings.map((p) => ({
      id: p.id,
      orgId,
      periodId: p.periodId,
      postedOn: p.date,
      sourceKind: p.source.kind,
      sourceId: p.source.id,
      reason: p.reason ?? null,
    })),
  );
  await bulkInsert(
    tx,
    billingPostingLine,
    postings.flatMap((p) =>
      p.lines.map((l, i) => ({
        id: lineId(p.id, i),
        orgId,
        postingId: p.id,
        account: l.account,
        waterUserId: l.account.startsWith("receivable:") ? l.account.slice("receivable:".length) : null,
        debitTyiyn: l.debitTyiyn,
        creditTyiyn: l.creditTyiyn,
      })),
    ),
  );
}

/** A line's id from its posting's (a uuidv7) and its index: unique, and ordered as written. */
function lineId(postingId: string, index: number): string {
  const suffix = index.toString(16).padStart(4, "0");
  return `${postingId.slice(0, 24)}${postingId.slice(24, 32)}${suffix}`;
}

/** A posting as the domain knows it, from its rows (for a reversal). */
export async function loadPosting(tx: Tx, orgId: string, postingId: string): Promise<Posting> {
  const [p] = await tx
    .select()
    .from(billingPosting)
    .where(and(eq(billingPosting.orgId, orgId), eq(billingPosting.id, postingId)));
  if (!p) throw new DomainError("notFound.posting");
  const lines = await tx
    .select()
    .from(billingPostingLine)
    .where(and(eq(billingPostingLine.orgId, orgId), eq(billingPostingLine.postingId, postingId)))
    .orderBy(billingPostingLine.id);
  return {
    id: p.id,
    date: p.postedOn,
    periodId: p.periodId,
    source: { kind: p.sourceKind, id: p.sourceId },
    ...(p.reason ? { reason: p.reason } : {}),
    lines: lines.map((l) => ({
      account: l.account as Posting["lines"][number]["account"],
      debitTyiyn: l.debitTyiyn,
      creditTyiyn: l.creditTyiyn,
    })),
  };
}

/**
 * A transaction that reads and writes tens of thousands of rows in a few statements: no JIT
 * (compiling took longer than any of its queries ran), and room to hash and sort in memory.
 */
export async function forBulkWork(tx: Tx) {
  await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
}

/**
 * The statement that advances a series by `count` numbers and returns its new `last`; the counter's
 * row stays locked until the transaction ends, so the numbers it gives are consecutive.
 */
export const advanceCounter = (orgId: string, series: string, count: number) =>
  sql`insert into billing_counter (org_id, series, last) values (${orgId}, ${series}, ${count})
      on conflict (org_id, series) do update set last = ${billingCounter.last} + ${count}
      returning last`;

/** Reserves `count` consecutive numbers of a series; returns the first. */
export async function reserveNumbers(tx: Tx, orgId: string, series: string, count: number): Promise<number> {
  const [row] = await rows<{ last: number }>(tx, advanceCounter(orgId, series, count));
  return row!.last - count + 1;
}

export interface OpenDocument extends OpenInvoice {
  kind: "invoice" | "supplementary" | "penalty";
  waterUserId: string;
  seasonId: string;
  totalTyiyn: number;
}

/** Invoices, supplementary invoices and penalties with something still owed, for some users or all. */
export async function openDocuments(
  tx: Tx,
  orgId: string,
  waterUserIds?: readonly string[],
): Promise<OpenDocument[]> {
  if (waterUserIds && waterUserIds.length === 0) return [];
  const found = await rows<{
    id: string;
    kind: OpenDocument["kind"];
    number: number;
    due_on: string;
    water_user_id: string;
    season_id: string;
    total_tyiyn: string;
    outstanding: string;
  }>(
    tx,
    sql`select * from (
          select d.id, d.kind, d.number, to_char(d.due_on, 'YYYY-MM-DD') as due_on, d.water_user_id, d.season_id, d.total_tyiyn,
            d.total_tyiyn - coalesce((select sum(a.amount_tyiyn) from billing_allocation a
              where a.org_id = ${orgId} and a.document_id = d.id and a.voided_at is null), 0) as outstanding
          from billing_document d
          where d.org_id = ${orgId} and d.kind in ('invoice', 'supplementary', 'penalty')
            ${waterUserIds ? sql`and d.water_user_id = any(${sql.param([...waterUserIds])}::uuid[])` : sql``}
        ) open where outstanding > 0
        order by due_on, number`,
  );
  return found.map((r) => ({
    invoiceId: r.id,
    kind: r.kind,
    number: r.number,
    dueOn: r.due_on,
    waterUserId: r.water_user_id,
    seasonId: r.season_id,
    totalTyiyn: Number(r.total_tyiyn),
    outstandingTyiyn: tyiynOfSum(r.outstanding),
  }));
}

/**
 * Money a user has paid or been credited that no invoice has used yet (advances, and credit notes
 * beyond what was still owed), per source, oldest first.
 */
export async function unappliedCredits(tx: Tx, orgId: string, waterUserIds?: readonly string[]) {
  if (waterUserIds && waterUserIds.length === 0) return [];
  const users = waterUserIds ? sql`and water_user_id = any(${sql.param([...waterUserIds])}::uuid[])` : sql``;
  const found = await rows<{
    kind: "payment" | "credit-note";
    id: string;
    water_user_id: string;
    left: string;
  }>(
    tx,
    sql`with sources as (
          select 'payment' as kind, id, water_user_id, amount_tyiyn as amount, created_at from billing_payment
            where org_id = ${orgId} and reversed_at is null ${users}
          union all
          select 'credit-note', id, water_user_id, -total_tyiyn, created_at from billing_document
            where org_id = ${orgId} and kind = 'credit-note' ${users})
        select s.kind, s.id, s.water_user_id, s.amount - coalesce(sum(a.amount_tyiyn), 0) as left
        from sources s left join billing_allocation a on a.source_id = s.id and a.voided_at is null and a.org_id = ${orgId}
        group by s.kind, s.id, s.water_user_id, s.amount, s.created_at
        having s.amount - coalesce(sum(a.amount_tyiyn), 0) > 0
        order by s.created_at, s.id`,
  );
  return found.map((r) => ({
    kind: r.kind,
    id: r.id,
    waterUserId: r.water_user_id,
    leftTyiyn: tyiynOfSum(r.left),
  }));
}

/** Debits and credits per account, for the whole ledger or one period. */
export async function loadTrialBalance(
  database: Database,
  ctx: RequestContext,
  periodId?: string,
): Promise<TrialBalance> {
  return withBilling(database, ctx, async (tx, orgId) => {
    // Another provider's season (a district office reads them all) is not one of this ledger's periods.
    if (periodId && !(await accountingPeriods(tx, orgId)).some((p) => p.id === periodId))
      throw new DomainError("notFound.season");
    const found = await rows<{ account: string; debit: string; credit: string }>(
      tx,
      sql`select l.account, sum(l.debit_tyiyn) as debit, sum(l.credit_tyiyn) as credit
          from billing_posting_line l
          ${periodId ? sql`join billing_posting p on p.org_id = ${orgId} and p.id = l.posting_id and p.period_id = ${periodId}` : sql``}
          where l.org_id = ${orgId}
          group by l.account`,
    );
    // Receivables are summed into one row per kind of account: the trial balance of a WUA has
    // thousands of users; their accounts are the debtors list.
    const posting = {
      id: "trial",
      date: "",
      periodId: "",
      source: { kind: "payment" as const, id: "" },
      lines: found.map((r) => ({
        account: (r.account.startsWith("receivable:")
          ? "receivable:*"
          : r.account) as Posting["lines"][number]["account"],
        debitTyiyn: tyiynOfSum(r.debit),
        creditTyiyn: tyiynOfSum(r.credit),
      })),
    };
    const balance = trialBalance([posting]);
    // Each account's sum may be safe while the accounts together are not.
    for (const total of [balance.totalDebitTyiyn, balance.totalCreditTyiyn])
      if (!Number.isSafeInteger(total)) throw new DomainError("billing.sumBeyondExact");
    return balance;
  });
}

/**
 * A sum the database made (numeric, so exact however large) as tyiyn. The bounds on what is entered
 * (domain/billing/bounds.ts) keep every real sum within a safe integer; one beyond it (an absurd
 * amount recorded before the bounds) is refused by name rather than answered inexactly or as a 500.
 */
export function tyiynOfSum(text: string | number): number {
  const exact = BigInt(text);
  if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new DomainError("billing.sumBeyondExact");
  return Number(exact);
}

/** A water user's balance: the sum of their receivable postings (positive: owes; negative: advance). */
export async function balancesOf(
  tx: Tx,
  orgId: string,
  waterUserIds: readonly string[],
): Promise<Map<string, number>> {
  if (waterUserIds.length === 0) return new Map();
  const found = await tx
    .select({
      waterUserId: billingPostingLine.waterUserId,
      balance: sql<string>`sum(${billingPostingLine.debitTyiyn} - ${billingPostingLine.creditTyiyn})`,
    })
    .from(billingPostingLine)
    .where(
      and(eq(billingPostingLine.orgId, orgId), inArray(billingPostingLine.waterUserId, [...waterUserIds])),
    )
    .groupBy(billingPostingLine.waterUserId);
  return new Map(found.map((r) => [r.waterUserId!, tyiynOfSum(r.balance)]));
}
