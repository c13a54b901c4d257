import { and, desc, eq, getTableColumns, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { normalizePhone, smsSegments } from "../../domain/shared/phone.js";
import { gatewayWords, isTriedAgain, type SmsFailure } from "../../domain/shared/sms-failure.js";
import { asTypedOnPhones } from "../../domain/shared/uzbek-latin.js";
import { type AuditEntry, recordAudit, recordAudits } from "../audit/service.js";
import { type RequestContext, requireActor, systemContext } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { keysetPage } from "../platform/paging.js";
import { isUniqueViolation } from "../platform/pg-errors.js";
import { withSystem, withTenant } from "../platform/transactions.js";
import type { SendOutcome, SmsGateway } from "./gateway.js";
import { type SmsStatus, smsMessage } from "./tables.js";

/** Waits between attempts: a minute, then 5 and 30 minutes, 2 and 12 hours; then the message fails. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 720];
type SmsMessage = typeof smsMessage.$inferSelect;

/** A message left "sending" this long (the process died mid-send) is tried again. */
const STALE_SENDING_MINUTES = 10;
/** How long the worker's outcomes wait to be recorded together (see deliverDueMessages). */
const RECORD_OUTCOMES_WITHIN_MS = 1_000;
/** Messages claimed at once, and sent at once to the gateway (each waits for its answer). */
export const SMS_BATCH = 50;
const SENDS_AT_ONCE = 4;

export interface NewSms {
  to: string;
  body: string;
  locale: Locale;
  purpose: string;
  refEntity?: string;
  refId?: string;
  /** The same key twice queues one message (e.g. one reminder per invoice and day). */
  idempotencyKey?: string;
}

/** Queues a message in the caller's transaction: it is sent only if the change commits. */
export async function enqueueSms(tx: Tx, ctx: RequestContext, input: NewSms) {
  return (await enqueueSmsOnce(tx, ctx, input)).message;
}

/** The message an idempotency key already queued, if any. */
export async function queuedUnder(tx: Tx, orgId: string, idempotencyKey: string) {
  const [existing] = await tx
    .select()
    .from(smsMessage)
    .where(and(eq(smsMessage.orgId, orgId), eq(smsMessage.idempotencyKey, idempotencyKey)));
  return existing ?? null;
}

/** Queues a message, or finds the one its idempotency key already queued (`queuedBefore`). */
export async function enqueueSmsOnce(tx: Tx, ctx: RequestContext, input: NewSms) {
  const actor = requireActor(ctx);
  const toPhone = normalizePhone(input.to);
  const typed = input.body.trim();
  const body = input.locale === "uz-Latn" ? asTypedOnPhones(typed) : typed;
  if (!body) throw new DomainError("sms.emptyBody");
  if (input.idempotencyKey) {
    const existing = await queuedUnder(tx, actor.orgId, input.idempotencyKey);
    if (existing) return { message: existing, queuedBefore: true };
  }
  const id = uuidv7();
  const [created] = await tx
    .insert(smsMessage)
    .values({
      id,
      orgId: actor.orgId,
      toPhone,
      locale: input.locale,
      body,
      segments: smsSegments(body).segments,
      purpose: input.purpose,
      refEntity: input.refEntity ?? null,
      refId: input.refId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "sms",
    entityId: id,
    after: { ...created, body: undefined },
  });
  return { message: created!, queuedBefore: false };
}

export async function queueSms(database: Database, ctx: RequestContext, input: NewSms) {
  try {
    return await withTenant(database, requireActor(ctx), (tx) => enqueueSms(tx, ctx, input));
  } catch (error) {
    // Two requests with one idempotency key at once: the loser reads the winner's message.
    if (input.idempotencyKey && isUniqueViolation(error)) {
      return withTenant(database, requireActor(ctx), (tx) => enqueueSms(tx, ctx, input));
    }
    throw error;
  }
}

export async function listSms(
  database: Database,
  ctx: RequestContext,
  filter: { status?: SmsStatus; to?: string; beforeId?: string; limit: number },
) {
  const actor = requireActor(ctx);
  // A number written wrong is refused before anything is read.
  const toPhone = filter.to ? normalizePhone(filter.to) : null;
  return withTenant(database, actor, async (tx) => {
    const where: SQL[] = [eq(smsMessage.orgId, actor.orgId)];
    if (filter.status) where.push(eq(smsMessage.status, filter.status));
    if (toPhone) where.push(eq(smsMessage.toPhone, toPhone));
    if (filter.beforeId) where.push(lt(smsMessage.id, filter.beforeId));
    const items = await tx
      .select()
      .from(smsMessage)
      .where(and(...where))
      .orderBy(desc(smsMessage.id))
      .limit(filter.limit + 1);
    return keysetPage(items, filter.limit, (row) => row.id);
  });
}

/** Puts a failed or cancelled message back in the queue, now. */
export async function retrySms(database: Database, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const [before] = await tx.select().from(smsMessage).where(eq(smsMessage.id, id));
    if (!before) throw new DomainError("notFound.sms");
    if (!["failed", "cancelled"].includes(before.status))
      throw new DomainError("sms.notRetryable", { status: before.status });
    const [after] = await tx
      .update(smsMessage)
      .set({
        status: "queued",
        attempts: 0,
        nextAttemptAt: new Date(),
        failure: null,
        lastError: null,
        version: sql`${smsMessage.version} + 1`,
      })
      .where(eq(smsMessage.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      action: "retry",
      entity: "sms",
      entityId: id,
      // Why it had failed, which sending it again clears from the message.
      before: { status: before.status, failure: before.failure },
      after: { status: after!.status },
    });
    return after!;
  });
}

/**
 * Sends what is due, a batch at a time: claims messages in one short transaction (SKIP LOCKED, so
 * several workers never send one message twice), sends them outside any transaction, and records
 * the outcomes with their audit records. Returns how many were tried.
 */
export async function deliverDueMessages(
  database: Database,
  gateway: SmsGateway,
  now = new Date(),
  batch = SMS_BATCH,
) {
  const staleBefore = new Date(now.getTime() - STALE_SENDING_MINUTES * 60_000);
  const claimed = await withSystem(database, async (tx) => {
    const due = await tx
      .select({ id: smsMessage.id })
      .from(smsMessage)
      .where(
        or(
          and(eq(smsMessage.status, "queued"), lte(smsMessage.nextAttemptAt, now)),
          and(eq(smsMessage.status, "sending"), lte(smsMessage.updatedAt, staleBefore)),
        ),
      )
      .orderBy(smsMessage.nextAttemptAt)
      .limit(batch)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(smsMessage)
      .set({ status: "sending", attempts: sql`${smsMessage.attempts} + 1`, updatedAt: now })
      .where(
        inArray(
          smsMessage.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
  const ctx = systemContext(`sms-outbox-${uuidv7()}`);
  // Outcomes are recorded together, a second's sends at most: one transaction and one move of each
  // organisation's chain for many messages (a rotation's thousands go in batches), while a process
  // that dies leaves at most that second's sent messages "sending", to be picked up and sent again.
  let unrecorded: { message: SmsMessage; update: Outcome }[] = [];
  let firstUnrecordedAt = 0;
  const recordOutcomes = async () => {
    const outcomes = unrecorded;
    unrecorded = [];
    if (outcomes.length === 0) return;
    const claimedAs = new Map(outcomes.map(({ message }) => [message.id, message]));
    const column = <T>(pick: (update: Outcome) => T | undefined) =>
      sql.param(outcomes.map(({ update }) => pick(update) ?? null));
    // One statement for the second's outcomes, each message in its own terms.
    const told = sql`unnest(${sql.param(outcomes.map(({ message }) => message.id))}::uuid[],
        ${sql.param(outcomes.map(({ message }) => message.attempts))}::int[],
        ${column((u) => u.status)}::text[], ${column((u) => u.failure)}::text[],
        ${column((u) => u.lastError)}::text[], ${column((u) => u.gatewayId)}::text[],
        ${column((u) => u.nextAttemptAt?.toISOString())}::timestamptz[])
      as told(message_id, claim_attempts, told_status, told_failure, told_error, told_gateway_id, retry_at)`;
    // The message an outcome was told of, still at the attempt it was told of; and a change's stamp.
    const toldOfThisAttempt = and(
      eq(smsMessage.id, sql`told.message_id`),
      eq(smsMessage.attempts, sql`told.claim_attempts`),
    );
    const changed = { updatedAt: now, version: sql`${smsMessage.version} + 1` };
    await withSystem(database, async (tx) => {
      const decided = await tx
        .update(smsMessage)
        .set({
          status: sql`told.told_status`,
          failure: sql`told.told_failure`,
          lastError: sql`told.told_error`,
          gatewayId: sql`coalesce(told.told_gateway_id, ${smsMessage.gatewayId})`,
          sentAt: sql`case when told.told_status = 'sent' then ${now.toISOString()}::timestamptz else ${smsMessage.sentAt} end`,
          nextAttemptAt: sql`coalesce(told.retry_at, ${smsMessage.nextAttemptAt})`,
          ...changed,
        })
        .from(told)
        // Still this claim's: a delivery report that came first, or another worker's pickup of the
        // message as stale, decides instead.
        .where(and(toldOfThisAttempt, eq(smsMessage.status, "sending")))
        .returning(getTableColumns(smsMessage));
      // A report of this very attempt that came first decided the status, but only the gateway's
      // answer tells when it was sent and under which of the gateway's ids (its bill names them).
      const completed = await tx
        .update(smsMessage)
        .set({ sentAt: now, gatewayId: sql`told.told_gateway_id`, ...changed })
        .from(told)
        .where(
          and(
            toldOfThisAttempt,
            sql`told.told_status = 'sent'`,
            inArray(smsMessage.status, ["delivered", "failed"]),
            isNull(smsMessage.sentAt),
          ),
        )
        .returning(getTableColumns(smsMessage));
      await recordAudits(tx, ctx, [
        ...decided.map((after) => statusChange(claimedAs.get(after.id)!, after)),
        ...completed.map(
          (after): AuditEntry => ({
            orgId: after.orgId,
            action: "update",
            entity: "sms",
            entityId: after.id,
            before: { sentAt: null, gatewayId: null },
            after: { sentAt: after.sentAt, gatewayId: after.gatewayId },
          }),
        ),
      ]);
    });
  };
  // A few sends wait on the gateway at once: one at a time, a gateway's answer of a tenth of a
  // second held a rotation's schedule to 20,000 farmers for over half an hour.
  let next = 0;
  const sender = async () => {
    for (let message = claimed[next++]; message; message = claimed[next++]) {
      const outcome = await gateway.send({ to: message.toPhone, text: message.body, reference: message.id });
      if (unrecorded.length === 0) firstUnrecordedAt = performance.now();
      unrecorded.push({ message, update: outcomeUpdate(outcome, message.attempts, now) });
      if (performance.now() - firstUnrecordedAt >= RECORD_OUTCOMES_WITHIN_MS) await recordOutcomes();
    }
  };
  // A gateway that throws stops its sender only: what the others sent is recorded before the error
  // goes on, not sent again after the pickup of messages left "sending".
  const senders = await Promise.allSettled(
    Array.from({ length: Math.min(SENDS_AT_ONCE, claimed.length) }, sender),
  );
  await recordOutcomes();
  const failed = senders.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  return claimed.length;
}

/**
 * Sends everything due, batch after batch, until a batch comes back short of full (nothing more
 * is due) or the service stops: the worker's run every 15 seconds then sends a rotation's
 * thousands at once, rather than one batch a run.
 */
export async function deliverEverythingDue(database: Database, gateway: SmsGateway, signal: AbortSignal) {
  let sent = 0;
  for (let tried = SMS_BATCH; tried === SMS_BATCH && !signal.aborted; sent += tried) {
    tried = await deliverDueMessages(database, gateway);
  }
  return sent;
}

/** An attempt's outcome as its message records it (the send's time is the batch's `now`). */
interface Outcome {
  status: "sent" | "failed" | "queued";
  failure: SmsFailure | null;
  lastError: string | null;
  gatewayId?: string | null;
  nextAttemptAt?: Date;
}

/** What an attempt's outcome makes of its message, tried `attempts` times with this one. */
function outcomeUpdate(outcome: SendOutcome, attempts: number, now: Date): Outcome {
  if (outcome.kind === "accepted")
    return { status: "sent", gatewayId: outcome.gatewayId, failure: null, lastError: null };
  if (!isTriedAgain(outcome.failure) || attempts > RETRY_DELAYS_MINUTES.length)
    return { status: "failed", failure: outcome.failure, lastError: outcome.reason };
  return {
    status: "queued",
    failure: outcome.failure,
    lastError: outcome.reason,
    nextAttemptAt: new Date(now.getTime() + RETRY_DELAYS_MINUTES[attempts - 1]! * 60_000),
  };
}

/** A delivery report from the gateway: the message reached the phone, or it did not. */
export async function recordDeliveryReport(
  database: Database,
  report: { reference: string; status: "delivered" | "failed"; error?: string },
  requestId: string,
  now = new Date(),
) {
  return withSystem(database, async (tx) => {
    // A report of a message unknown or already final changes nothing, and records nothing.
    const [before] = await tx
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.id, report.reference), inArray(smsMessage.status, ["sent", "sending"])))
      .for("update");
    if (!before) return false;
    const [after] = await tx
      .update(smsMessage)
      .set(
        report.status === "delivered"
          ? { status: "delivered", deliveredAt: now, updatedAt: now }
          : {
              status: "failed",
              failure: "not-delivered",
              // Only the gateway's own words: the failure says "not delivered" in the reader's language.
              lastError: gatewayWords(report.error ?? "") || null,
              updatedAt: now,
            },
      )
      .where(eq(smsMessage.id, before.id))
      .returning();
    await recordAudit(tx, systemContext(requestId), statusChange(before, after!));
    return true;
  });
}

/**
 * A message's new status, as its organisation's trail records it: the status, the attempts and why the
 * last failed (not the number or text, which its creation recorded, nor the gateway's words). The
 * worker's claim (queued → sending) is not recorded: a step within one attempt that its outcome ends
 * (or, when the process died, the outcome of the message's pickup as stale), which would double the
 * records of every send and the waits on the organisation's chain. So `before` is the message as the
 * trail last saw it, queued, with the attempts before this one.
 */
function statusChange(before: SmsMessage, after: SmsMessage): AuditEntry {
  const recorded =
    before.status === "sending" ? { ...before, status: "queued", attempts: before.attempts - 1 } : before;
  return {
    orgId: after.orgId,
    action: "update",
    entity: "sms",
    entityId: after.id,
    before: { status: recorded.status, attempts: recorded.attempts, failure: recorded.failure },
    after: {
      status: after.status,
      attempts: after.attempts,
      failure: after.failure,
      ...(after.status === "queued" ? { nextAttemptAt: after.nextAttemptAt } : {}),
      ...(after.status === "sent" ? { gatewayId: after.gatewayId } : {}),
    },
  };
}
