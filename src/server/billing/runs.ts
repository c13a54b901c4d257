import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { addDays, assertHappened } from "../../domain/billing/calendar.js";
import { type InstalmentPart, splitIntoInstalments } from "../../domain/billing/instalment.js";
import type { DocumentKind } from "../../domain/billing/invoice.js";
import {
  agreesByCode,
  type BillingLine,
  computeInvoiceLines,
  type Invoice,
  reconcileInvoices,
} from "../../domain/billing/invoice.js";
import {
  type Posting,
  placeInOpenPeriod,
  postCreditNote,
  postInvoice,
  postPenalty,
} from "../../domain/billing/ledger.js";
import { applyPayment } from "../../domain/billing/payment.js";
import { penaltyFor } from "../../domain/billing/penalty.js";
import { validateTariffs } from "../../domain/billing/tariff.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import {
  bulkInsert,
  type Database,
  ioTurn,
  jsonRecords,
  rows,
  statementChain,
  type Tx,
} from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { lockKey } from "../platform/transactions.js";
import { seasonContracts, seasonDeliveries, waterUsersByIds } from "../water/billing-facts.js";
import {
  accountingPeriods,
  advanceCounter,
  forBulkWork,
  openDocuments,
  savePostings,
  unappliedCredits,
  withBilling,
} from "./ledger.js";
import { billingAllocation, billingDocument, billingRun, type DocumentLine } from "./tables.js";
import { discountsInForce, loadSettings, loadTariffs, toDomainDiscount, toDomainTariff } from "./tariffs.js";

interface NewDocument {
  kind: DocumentKind;
  waterUserId: string;
  seasonId: string;
  lines: DocumentLine[];
  correctsId?: string;
  /** An instalment's own due day; otherwise the payment term from the day of issue. */
  dueOn?: string;
}

type DocumentRow = typeof billingDocument.$inferInsert;

/** Documents per chunk: the database writes one chunk while the service computes the next. */
const CHUNK = 2_500;

/**
 * Issues documents as they come, a chunk at a time. Each chunk's rows and postings (balanced, in
 * the open period that holds `place.date`) are built here and their statements chained one after
 * the other on the transaction's connection without the run waiting for them, so the database
 * writes a chunk while the run computes the next; numbers are given by the insert itself. `done`
 * waits for every write, then applies credit notes to what they correct and users' unused credit
 * to new debts.
 */
function documentWriter(
  tx: Tx,
  orgId: string,
  place: { date: string; periodId: string },
  dueDays: number,
  runId: string | null,
) {
  const buffer: NewDocument[] = [];
  const issued: DocumentRow[] = [];
  const writes = statementChain(tx);
  function flush() {
    if (buffer.length === 0) return;
    const chunk = buffer.splice(0);
    const rowsOut: DocumentRow[] = [];
    const postings: Posting[] = [];
    for (const [i, doc] of chunk.entries()) {
      const id = uuidv7();
      const postingId = uuidv7();
      const at = { id: postingId, date: place.date, periodId: place.periodId };
      const total = linesTotal(doc.lines);
      // `number` is the document's place in its chunk until the insert adds the series' last number.
      const invoice: Invoice = {
        id,
        kind: doc.kind === "penalty" ? "invoice" : doc.kind,
        number: i + 1,
        waterUserId: doc.waterUserId,
        seasonId: doc.seasonId,
        issuedOn: place.date,
        dueOn: doc.dueOn ?? addDays(place.date, dueDays),
        lines: doc.lines as BillingLine[],
        ...(doc.correctsId ? { correctsInvoiceId: doc.correctsId } : {}),
      };
      postings.push(
        doc.kind === "penalty"
          ? postPenalty({ id, waterUserId: doc.waterUserId, amountTyiyn: total }, at)
          : doc.kind === "credit-note"
            ? postCreditNote(invoice, at)
            : postInvoice(invoice, at),
      );
      rowsOut.push({
        id,
        orgId,
        kind: doc.kind,
        number: invoice.number,
        waterUserId: doc.waterUserId,
        seasonId: doc.seasonId,
        runId,
        issuedOn: invoice.issuedOn,
        dueOn: invoice.dueOn,
        totalTyiyn: total,
        lines: doc.lines,
        correctsId: doc.correctsId ?? null,
        postingId,
      });
    }
    issued.push(...rowsOut);
    const documents = numberedInsert(orgId, rowsOut);
    writes.add(async () => {
      await tx.execute(documents);
      await savePostings(tx, orgId, postings);
    });
  }
  return {
    async add(doc: NewDocument) {
      buffer.push(doc);
      if (buffer.length >= CHUNK) flush();
      if (buffer.length % 250 === 0) await ioTurn();
    },
    async done() {
      flush();
      await writes.done();
      await applyCredits(tx, orgId, [...new Set(issued.map((d) => d.waterUserId))], issued);
    },
  };
}

/**
 * The insert of a chunk of documents numbered by the statement itself: it advances the series by
 * the chunk's size and adds the number before it to each row's place in the chunk, so the rows
 * need no answer from the database before they are sent (chunks run in order on one connection).
 */
function numberedInsert(orgId: string, chunk: DocumentRow[]) {
  const { names, json } = jsonRecords(billingDocument, chunk);
  const values = names.map((n) =>
    n.value === "number" ? sql`counter.last - ${chunk.length} + r.number` : sql`r.${n}`,
  );
  return sql`with counter as (${advanceCounter(orgId, "document", chunk.length)})
        insert into billing_document (${sql.join(names, sql`, `)})
        select ${sql.join(values, sql`, `)}
        from counter, jsonb_populate_recordset(null::billing_document, ${json}::jsonb) r`;
}

/** Issues some documents at once (penalties). */
async function issueDocuments(
  tx: Tx,
  orgId: string,
  docs: readonly NewDocument[],
  place: { date: string; periodId: string },
  dueDays: number,
) {
  const writer = documentWriter(tx, orgId, place, dueDays, null);
  for (const doc of docs) await writer.add(doc);
  await writer.done();
}

/**
 * Unused credit (an advance, a credit note beyond what was owed) pays open debts, oldest first; a
 * credit note pays first the invoice it corrects.
 */
async function applyCredits(tx: Tx, orgId: string, waterUserIds: string[], issued: readonly DocumentRow[]) {
  const credits = await unappliedCredits(tx, orgId, waterUserIds);
  if (credits.length === 0) return;
  const withCredit = [...new Set(credits.map((c) => c.waterUserId))];
  const open = await openDocuments(tx, orgId, withCredit);
  const openByUser = new Map<string, typeof open>();
  for (const d of open) openByUser.set(d.waterUserId, [...(openByUser.get(d.waterUserId) ?? []), d]);
  const corrects = new Map(issued.filter((d) => d.correctsId).map((d) => [d.id!, d.correctsId!]));
  const allocations: (typeof billingAllocation.$inferInsert)[] = [];
  for (const credit of credits) {
    const userOpen = openByUser.get(credit.waterUserId) ?? [];
    if (userOpen.length === 0) continue;
    const target = corrects.get(credit.id);
    const named = target && userOpen.some((d) => d.invoiceId === target) ? [target] : [];
    const applied = applyPayment(userOpen, credit.leftTyiyn, { allocateTo: named });
    for (const a of applied.allocations) {
      allocations.push({
        id: uuidv7(),
        orgId,
        documentId: a.invoiceId,
        sourceKind: credit.kind,
        sourceId: credit.id,
        waterUserId: credit.waterUserId,
        amountTyiyn: a.amountTyiyn,
      });
      const doc = userOpen.find((d) => d.invoiceId === a.invoiceId)!;
      doc.outstandingTyiyn -= a.amountTyiyn;
    }
    openByUser.set(
      credit.waterUserId,
      userOpen.filter((d) => d.outstandingTyiyn > 0),
    );
  }
  await bulkInsert(tx, billingAllocation, allocations);
}

/** The day documents of a season are posted on: the run's day, kept inside the season's period. */
function seasonPlace(
  periods: Awaited<ReturnType<typeof accountingPeriods>>,
  seasonId: string,
  runOn: string,
) {
  const period = periods.find((p) => p.id === seasonId);
  if (!period) throw new DomainError("notFound.season");
  const wanted = runOn < period.from ? period.from : runOn > period.to ? period.to : runOn;
  if (!period.closed) return { date: wanted, periodId: period.id, season: period.season };
  // A closed season's corrections are dated into the next open period.
  const next = periods.find((p) => !p.closed && p.from > period.to);
  if (!next) throw new DomainError("billing.noOpenPeriod", { date: wanted });
  return { date: next.from > runOn ? next.from : runOn, periodId: next.id, season: period.season };
}

/**
 * Bills a season: every contract (per ha) and the measured deliveries (per m³) at the tariffs in
 * force, with each user's discounts. Idempotent: a user whose issued documents already say the
 * recomputed amounts gets nothing new; a difference is corrected by a credit note or a
 * supplementary invoice against the first invoice, never by editing it. All or nothing.
 */
export async function runBilling(
  database: Database,
  ctx: RequestContext,
  input: { seasonId: string; runOn: string },
) {
  const actor = requireActor(ctx);
  assertHappened(input.runOn, organisationToday(ctx), "runOn");
  return withBilling(database, ctx, async (tx, orgId) => {
    await lockKey(tx, `billing-run:${input.seasonId}`);
    await forBulkWork(tx);
    const periods = await accountingPeriods(tx, orgId);
    const place = seasonPlace(periods, input.seasonId, input.runOn);
    const { season } = place;
    const tariffs = (await loadTariffs(tx, orgId)).map(toDomainTariff);
    validateTariffs(tariffs);
    const settings = await loadSettings(tx, orgId);
    const contracts = await seasonContracts(tx, orgId, season.id);
    const deliveries = await seasonDeliveries(tx, orgId, season.startsOn, season.endsOn);
    const discounts = await discountsInForce(tx, orgId, season.startsOn, season.endsOn);
    const issued = await issuedByCode(tx, orgId, season.id);

    const deliveriesOf = groupByUser(deliveries);
    const discountsOf = groupByUser(discounts);
    const contractOf = new Map(contracts.map((c) => [c.waterUserId, c]));
    // Users who take water without a contract are billed per m³ as the register says they are.
    const uncontracted = [...deliveriesOf.keys()].filter((id) => !contractOf.has(id));
    for (const u of await waterUsersByIds(tx, orgId, uncontracted)) {
      contractOf.set(u.id, { waterUserId: u.id, member: u.member, tariffClass: "", areas: [] });
    }
    const users = [...new Set([...contractOf.keys(), ...issued.keys()])].sort();
    const seasonRange = { id: season.id, from: season.startsOn, to: season.endsOn };

    const plan = settings.instalments.find((p) => p.seasonId === season.id)?.parts;
    const runId = uuidv7();
    const writer = documentWriter(tx, orgId, place, settings.dueDays, runId);
    let netTyiyn = 0;
    const issue = (doc: NewDocument) => {
      netTyiyn += linesTotal(doc.lines);
      return writer.add(doc);
    };
    const counts = { invoices: 0, supplementary: 0, creditNotes: 0, unchanged: 0 };
    const toReconcile = new Map<string, BillingLine[]>();
    for (const waterUserId of users) {
      const contract = contractOf.get(waterUserId);
      const lines = contract
        ? computeInvoiceLines({
            contract: {
              waterUserId,
              member: contract.member,
              areas: contract.areas.map((a) => ({
                tariffClass: contract.tariffClass,
                crop: a.crop,
                areaHa: a.areaHa,
              })),
            },
            deliveries: deliveriesOf.get(waterUserId) ?? [],
            tariffs,
            discounts: (discountsOf.get(waterUserId) ?? []).map(toDomainDiscount),
            season: seasonRange,
          })
        : [];
      const before = issued.get(waterUserId);
      if (!before) {
        if (lines.length === 0) continue;
        for (const part of firstInvoices(lines, plan, place.date)) {
          await issue({ kind: "invoice", waterUserId, seasonId: season.id, ...part });
          counts.invoices++;
        }
      } else if (agreesByCode(before, lines)) counts.unchanged++;
      else toReconcile.set(waterUserId, lines);
    }
    // Only users whose sums differ have their documents read in full, to word the corrections.
    for (const [waterUserId, before] of groupByUser(
      await seasonDocuments(tx, orgId, season.id, [...toReconcile.keys()]),
    )) {
      const reconciled = reconcileInvoices(before, toReconcile.get(waterUserId)!);
      const first = before[0]!.id;
      if (reconciled.creditNote) {
        await issue({
          kind: "credit-note",
          waterUserId,
          seasonId: season.id,
          lines: reconciled.creditNote,
          correctsId: first,
        });
        counts.creditNotes++;
      }
      if (reconciled.supplementary) {
        await issue({
          kind: "supplementary",
          waterUserId,
          seasonId: season.id,
          lines: reconciled.supplementary,
          correctsId: first,
        });
        counts.supplementary++;
      }
    }

    await writer.done();
    const [run] = await tx
      .insert(billingRun)
      .values({
        id: runId,
        orgId,
        seasonId: season.id,
        runOn: input.runOn,
        ranBy: actor.userId,
        users: users.length,
        ...counts,
        netTyiyn,
      })
      .returning();
    await recordAudit(tx, ctx, { action: "create", entity: "billingRun", entityId: runId, after: run });
    return { ...run!, seasonName: season.name, postedOn: place.date };
  });
}

/**
 * What each user's issued documents of a season say, summed per line code, in one aggregate read:
 * a re-run compares these sums instead of reading every document's lines.
 */
async function issuedByCode(
  tx: Tx,
  orgId: string,
  seasonId: string,
): Promise<Map<string, Map<string, number>>> {
  const found = await rows<{ water_user_id: string; code: string; amount: string }>(
    tx,
    sql`select d.water_user_id, l->>'code' as code, sum((l->>'amountTyiyn')::bigint)::text as amount
        from billing_document d cross join lateral jsonb_array_elements(d.lines) l
        where d.org_id = ${orgId} and d.season_id = ${seasonId} and d.kind in ('invoice', 'supplementary', 'credit-note')
        group by 1, 2`,
  );
  const byUser = new Map<string, Map<string, number>>();
  for (const r of found) {
    const codes = byUser.get(r.water_user_id) ?? new Map<string, number>();
    codes.set(r.code, Number(r.amount));
    byUser.set(r.water_user_id, codes);
  }
  return byUser;
}

/** Some users' issued documents of a season, in the order of issue, as the domain knows them. */
async function seasonDocuments(
  tx: Tx,
  orgId: string,
  seasonId: string,
  waterUserIds: string[],
): Promise<Invoice[]> {
  if (waterUserIds.length === 0) return [];
  const found = await tx
    .select()
    .from(billingDocument)
    .where(
      and(
        eq(billingDocument.orgId, orgId),
        eq(billingDocument.seasonId, seasonId),
        inArray(billingDocument.kind, ["invoice", "supplementary", "credit-note"]),
        inArray(billingDocument.waterUserId, waterUserIds),
      ),
    )
    .orderBy(asc(billingDocument.number));
  return found.map((d) => ({
    id: d.id,
    kind: d.kind as Invoice["kind"],
    number: d.number,
    waterUserId: d.waterUserId,
    seasonId,
    issuedOn: d.issuedOn,
    dueOn: d.dueOn,
    lines: d.lines as BillingLine[],
  }));
}

/**
 * A user's first invoices of a season: one, or one per instalment of the season's plan, each due
 * on its day (or on the day of issue, when billing runs after it). An instalment that comes to
 * nothing on every line is not issued.
 */
function firstInvoices(lines: BillingLine[], plan: InstalmentPart[] | undefined, issuedOn: string) {
  if (!plan) return [{ lines }];
  return splitIntoInstalments(lines, plan)
    .map((part, k) => ({ lines: part, dueOn: plan[k]!.dueOn < issuedOn ? issuedOn : plan[k]!.dueOn }))
    .filter((part) => part.lines.some((l) => l.amountTyiyn !== 0));
}

const linesTotal = (lines: readonly DocumentLine[]) => lines.reduce((sum, l) => sum + l.amountTyiyn, 0);

function groupByUser<T extends { waterUserId: string }>(items: readonly T[]): Map<string, T[]> {
  const byUser = new Map<string, T[]>();
  for (const item of items) {
    const list = byUser.get(item.waterUserId);
    if (list) list.push(item);
    else byUser.set(item.waterUserId, [item]);
  }
  return byUser;
}

export function listRuns(database: Database, ctx: RequestContext) {
  return withBilling(database, ctx, (tx, orgId) =>
    tx
      .select()
      .from(billingRun)
      .where(eq(billingRun.orgId, orgId))
      .orderBy(desc(billingRun.createdAt))
      .limit(200),
  );
}

/**
 * Charges the late-payment penalty on overdue debts as of a day, by the WUA's rule: for each open
 * document, the penalty the rule gives minus what was already charged on it, so a repeat on the
 * same day charges nothing.
 */
export async function chargePenalties(database: Database, ctx: RequestContext, input: { asOf: string }) {
  // Days still to come have not made anything late yet.
  assertHappened(input.asOf, organisationToday(ctx), "asOf");
  return withBilling(database, ctx, async (tx, orgId) => {
    await lockKey(tx, `billing-penalties:${orgId}`);
    const settings = await loadSettings(tx, orgId);
    if (!settings.penaltyRule) throw new DomainError("billing.noPenaltyRule");
    const rule = settings.penaltyRule;
    // Simple interest: a penalty is never itself charged a penalty.
    const open = (await openDocuments(tx, orgId)).filter((d) => d.kind !== "penalty" && d.dueOn < input.asOf);
    const charged = await tx
      .select({ correctsId: billingDocument.correctsId, total: billingDocument.totalTyiyn })
      .from(billingDocument)
      .where(and(eq(billingDocument.orgId, orgId), eq(billingDocument.kind, "penalty")));
    const already = new Map<string, number>();
    for (const c of charged) already.set(c.correctsId!, (already.get(c.correctsId!) ?? 0) + c.total);
    const docs: NewDocument[] = [];
    for (const d of open) {
      const due = penaltyFor(d.outstandingTyiyn, d.dueOn, input.asOf, rule) - (already.get(d.invoiceId) ?? 0);
      if (due <= 0) continue;
      docs.push({
        kind: "penalty",
        waterUserId: d.waterUserId,
        seasonId: d.seasonId,
        correctsId: d.invoiceId,
        lines: [
          {
            code: `penalty:${d.invoiceId}`,
            kind: "penalty",
            params: {
              invoiceNumber: d.number,
              dueOn: d.dueOn,
              asOf: input.asOf,
              decisionRef: settings.penaltyDecisionRef ?? "",
            },
            amountTyiyn: due,
          },
        ],
      });
    }
    const periods = await accountingPeriods(tx, orgId);
    const place = placeInOpenPeriod(periods, input.asOf);
    await issueDocuments(tx, orgId, docs, place, settings.dueDays);
    const totalTyiynCharged = docs.reduce((s, d) => s + linesTotal(d.lines), 0);
    await recordAudit(tx, ctx, {
      action: "create",
      entity: "billingPenalties",
      entityId: orgId,
      after: { asOf: input.asOf, documents: docs.length, totalTyiyn: totalTyiynCharged },
    });
    return { documents: docs.length, totalTyiyn: totalTyiynCharged };
  });
}
