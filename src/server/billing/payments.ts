import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { MAX_PAYMENT_TYIYN } from "../../domain/billing/bounds.js";
import { assertHappened } from "../../domain/billing/calendar.js";
import { postPayment, postReversal } from "../../domain/billing/ledger.js";
import { applyPayment, inKindValueTyiyn, type PaymentMethod } from "../../domain/billing/payment.js";
import { DomainError } from "../../domain/shared/errors.js";
import { displayNames } from "../access/users.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { bulkInsert, type Database, type Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { isUniqueViolation } from "../platform/pg-errors.js";
import { lockKey } from "../platform/transactions.js";
import { findWaterUsers, waterUsersByIds } from "../water/billing-facts.js";
import {
  balancesOf,
  loadPosting,
  openDocuments,
  placePosting,
  reserveNumbers,
  savePostings,
  withBilling,
} from "./ledger.js";
import { billingAllocation, billingPayment, type PaymentDetails, type PaymentMethodKind } from "./tables.js";
import { inKindRateOn, loadSettings } from "./tariffs.js";
import { withUserNames } from "./water-users.js";

export interface PaymentInput {
  waterUserId: string;
  receivedOn: string;
  method: PaymentMethodKind;
  /** Cash and bank: the amount. In kind: computed from the quantity at the council's rate. */
  amountTyiyn?: number;
  /** Cash: a paper receipt's number; a printed receipt is numbered by the system when absent. */
  receiptNumber?: string;
  reference?: string;
  commodity?: string;
  quantityKg?: number;
  /** Invoices the payer names; whatever is left goes to the oldest debt, then stays as an advance. */
  allocateTo?: string[];
  idempotencyKey: string;
}

/**
 * Records a payment once per idempotency key (a cashier's double click, a retried request, two
 * at once), posts it and applies it to open debts. The same key with different content is refused.
 */
export async function recordPayment(database: Database, ctx: RequestContext, input: PaymentInput) {
  // A payment dated ahead would also open next years' receipt series ("2098-000001").
  assertHappened(input.receivedOn, organisationToday(ctx), "receivedOn");
  try {
    return await withBilling(database, ctx, (tx, orgId) => insertPayment(tx, ctx, orgId, input));
  } catch (error) {
    // Two requests with one key in the same instant: the loser reads the winner's payment.
    if (isUniqueViolation(error))
      return withBilling(database, ctx, (tx, orgId) => insertPayment(tx, ctx, orgId, input));
    throw error;
  }
}

async function insertPayment(tx: Tx, ctx: RequestContext, orgId: string, input: PaymentInput) {
  const actor = requireActor(ctx);
  await lockKey(tx, `billing-user:${input.waterUserId}`);
  const [existing] = await tx
    .select()
    .from(billingPayment)
    .where(and(eq(billingPayment.orgId, orgId), eq(billingPayment.idempotencyKey, input.idempotencyKey)));
  if (existing) {
    const same =
      existing.waterUserId === input.waterUserId &&
      existing.method === input.method &&
      (input.amountTyiyn === undefined || existing.amountTyiyn === input.amountTyiyn);
    if (!same) throw new DomainError("conflict.idempotencyKey");
    return { payment: existing, allocations: await allocationsOf(tx, orgId, existing.id), repeated: true };
  }
  const [user] = await waterUsersByIds(tx, orgId, [input.waterUserId]);
  if (!user) throw new DomainError("notFound.waterUser");

  const { amountTyiyn, method, details } = await paymentMethod(tx, orgId, input);
  const id = uuidv7();
  const at = { id: uuidv7(), ...(await placePosting(tx, orgId, input.receivedOn)) };
  const posting = postPayment(
    { id, waterUserId: input.waterUserId, receivedOn: input.receivedOn, amountTyiyn, method },
    at,
  );
  const open = await openDocuments(tx, orgId, [input.waterUserId]);
  const applied = applyPayment(open, amountTyiyn, { allocateTo: input.allocateTo ?? [] });

  const [payment] = await tx
    .insert(billingPayment)
    .values({
      id,
      orgId,
      waterUserId: input.waterUserId,
      receivedOn: input.receivedOn,
      amountTyiyn,
      method: input.method,
      details,
      takenBy: actor.userId,
      // The cashier as the receipt names them, by name, not by login.
      takenByName: (await displayNames(tx, [actor.userId])).get(actor.userId) ?? actor.username,
      idempotencyKey: input.idempotencyKey,
      postingId: posting.id,
    })
    .returning();
  await savePostings(tx, orgId, [posting]);
  await bulkInsert(
    tx,
    billingAllocation,
    applied.allocations.map((a) => ({
      id: uuidv7(),
      orgId,
      documentId: a.invoiceId,
      sourceKind: "payment" as const,
      sourceId: id,
      waterUserId: input.waterUserId,
      amountTyiyn: a.amountTyiyn,
    })),
  );
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "billingPayment",
    entityId: id,
    after: { ...payment, allocations: applied },
  });
  return { payment: payment!, allocations: applied.allocations, repeated: false };
}

async function paymentMethod(tx: Tx, orgId: string, input: PaymentInput) {
  if (input.method === "in-kind") {
    // Goods paid are named and weighed: neither is taken as nothing (0 kg was refused as a payment
    // that is not positive, which named neither field).
    const { commodity, quantityKg } = input;
    if (!commodity?.trim() || quantityKg === undefined)
      throw new DomainError("validation.fields", {}, [
        ...(commodity?.trim() ? [] : [{ path: ["commodity"], code: "required" }]),
        ...(quantityKg === undefined ? [{ path: ["quantityKg"], code: "required" }] : []),
      ]);
    const settings = await loadSettings(tx, orgId);
    const rate = inKindRateOn(settings.inKindRates, commodity, input.receivedOn);
    if (!rate) throw new DomainError("billing.noInKindRate", { commodity, date: input.receivedOn });
    const value = inKindValueTyiyn(quantityKg, rate.rateTyiynPerKg);
    // Goods worth more than any payment may be (each bound alone lets the product past it).
    if (input.amountTyiyn === undefined && value > MAX_PAYMENT_TYIYN)
      throw new DomainError("validation.fields", {}, [{ path: ["quantityKg"], code: "moneyAboveMax" }]);
    const amountTyiyn = input.amountTyiyn ?? value;
    const method: PaymentMethod = {
      kind: "in-kind",
      commodity,
      quantityKg,
      rateTyiynPerKg: rate.rateTyiynPerKg,
      valuationDecisionRef: rate.decisionRef,
    };
    const details: PaymentDetails = {
      commodity,
      quantityKg,
      rateTyiynPerKg: rate.rateTyiynPerKg,
      valuationDecisionRef: rate.decisionRef,
    };
    return { amountTyiyn, method, details };
  }
  const amountTyiyn = input.amountTyiyn ?? 0;
  if (input.method === "bank") {
    const reference = input.reference?.trim() ?? "";
    if (!reference) throw new DomainError("billing.referenceRequired");
    return { amountTyiyn, method: { kind: "bank", reference } as PaymentMethod, details: { reference } };
  }
  const year = input.receivedOn.slice(0, 4);
  const receiptNumber =
    input.receiptNumber?.trim() ||
    `${year}-${String(await reserveNumbers(tx, orgId, `receipt:${year}`, 1)).padStart(6, "0")}`;
  return {
    amountTyiyn,
    method: { kind: "cash", receiptNumber } as PaymentMethod,
    details: { receiptNumber },
  };
}

async function allocationsOf(tx: Tx, orgId: string, paymentId: string) {
  return tx
    .select({ invoiceId: billingAllocation.documentId, amountTyiyn: billingAllocation.amountTyiyn })
    .from(billingAllocation)
    .where(
      and(
        eq(billingAllocation.orgId, orgId),
        eq(billingAllocation.sourceId, paymentId),
        isNull(billingAllocation.voidedAt),
      ),
    );
}

/**
 * Reverses a payment with its reason: the mirror posting (in the open period of the day), its
 * allocations voided so the invoices are owed again. Nothing is deleted.
 */
export function reversePayment(
  database: Database,
  ctx: RequestContext,
  id: string,
  input: { reason: string; version: number; reversedOn: string },
) {
  const actor = requireActor(ctx);
  return withBilling(database, ctx, async (tx, orgId) => {
    const [before] = await tx
      .select()
      .from(billingPayment)
      .where(and(eq(billingPayment.orgId, orgId), eq(billingPayment.id, id)));
    if (!before) throw new DomainError("notFound.payment");
    await lockKey(tx, `billing-user:${before.waterUserId}`);
    if (before.reversedAt) throw new DomainError("billing.alreadyReversed");
    const original = await loadPosting(tx, orgId, before.postingId);
    const reversal = postReversal(original, input.reason, {
      id: uuidv7(),
      ...(await placePosting(tx, orgId, input.reversedOn)),
    });
    const [after] = await tx
      .update(billingPayment)
      .set({
        reversedAt: new Date(),
        reversedBy: actor.userId,
        reversalReason: input.reason,
        reversalPostingId: reversal.id,
        version: sql`${billingPayment.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(billingPayment.id, id), eq(billingPayment.version, input.version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await savePostings(tx, orgId, [reversal]);
    await tx
      .update(billingAllocation)
      .set({ voidedAt: new Date() })
      .where(
        and(
          eq(billingAllocation.orgId, orgId),
          eq(billingAllocation.sourceId, id),
          isNull(billingAllocation.voidedAt),
        ),
      );
    await recordAudit(tx, ctx, { action: "reverse", entity: "billingPayment", entityId: id, before, after });
    return after!;
  });
}

/**
 * Payments by the day they were received, the newest first, and within a day the last entered
 * first (ids are time-ordered): a payment entered today for last week sits with last week's.
 * `before` is the last payment of the page read (`nextCursor`).
 */
export function listPayments(
  database: Database,
  ctx: RequestContext,
  query: { waterUserId?: string; before?: string; limit: number },
) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const found = await tx
      .select()
      .from(billingPayment)
      .where(
        and(
          eq(billingPayment.orgId, orgId),
          query.waterUserId ? eq(billingPayment.waterUserId, query.waterUserId) : undefined,
          // After the cursor's payment in the list's order: (day received, entry) below its own.
          query.before
            ? sql`(${billingPayment.receivedOn}, ${billingPayment.id}) < (select p.received_on, p.id
                from ${billingPayment} p where p.org_id = ${orgId} and p.id = ${query.before})`
            : undefined,
        ),
      )
      .orderBy(desc(billingPayment.receivedOn), desc(billingPayment.id))
      .limit(query.limit + 1);
    const more = found.length > query.limit;
    const items = await withUserNames(tx, orgId, more ? found.slice(0, query.limit) : found);
    return { items, nextCursor: more ? items.at(-1)!.id : null };
  });
}

/**
 * One of the provider's own payments. The organisation is named, not left to row-level security:
 * a district office reads every provider of its area, and a receipt by id must not show it theirs.
 */
export async function loadPayment(tx: Tx, orgId: string, id: string) {
  const [found] = await tx
    .select()
    .from(billingPayment)
    .where(and(eq(billingPayment.orgId, orgId), eq(billingPayment.id, id)));
  if (!found) throw new DomainError("notFound.payment");
  return (await withUserNames(tx, orgId, [found]))[0]!;
}

/** A cashier finds a user by number or name, and sees what they owe and their open invoices. */
export function cashierSearch(database: Database, ctx: RequestContext, q: string) {
  return withBilling(database, ctx, async (tx, orgId) => {
    const users = await findWaterUsers(tx, orgId, q, 20);
    const ids = users.map((u) => u.id);
    const balances = await balancesOf(tx, orgId, ids);
    const open = await openDocuments(tx, orgId, ids);
    return users.map((u) => ({
      id: u.id,
      number: u.number,
      displayName: u.displayName,
      villageCode: u.villageCode,
      balanceTyiyn: balances.get(u.id) ?? 0,
      openInvoices: open
        .filter((d) => d.waterUserId === u.id)
        .map((d) => ({
          id: d.invoiceId,
          number: d.number,
          dueOn: d.dueOn,
          outstandingTyiyn: d.outstandingTyiyn,
        })),
    }));
  });
}
