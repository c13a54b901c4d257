import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../domain/shared/errors.js";
import type { Actor } from "./context.js";
import type { Database, Tx } from "./db.js";
import { requestReplay } from "./tables.js";
import { beforeEachWrite, withSystem, withTenant } from "./transactions.js";

/**
 * Repeating a request without doing it twice. A clerk on a slow link whose answer never came sends
 * the same form again; sent with the same `Idempotency-Key` header, a change (POST, PUT, PATCH,
 * DELETE) that was already made gets the first answer back (marked `Idempotent-Replayed: true`)
 * instead of registering a second household or birth, or refusing an edit as stale because its own
 * first sending moved the version on. The web app sends a key with every change (web/app/api.ts).
 *
 * A key belongs to its organisation and login and answers only the request it was first sent
 * with (another request under it is refused once that one is answered; before, it waits or takes
 * the claim over as a repeat does); it is kept for a day. The key is claimed before the handler runs and the answer stored
 * after: a success is kept, an error frees the key (nothing was written). The sending that holds
 * the claim marks it done inside its own write transaction, which locks the claim until it commits,
 * so a repeat that finds no answer knows which of three it is: the claim locked, or taken less
 * than ANSWERED_WITHIN ago, is a sending still being done or answering ("in progress"); an older
 * one marked done is a change made whose answer was lost (the service stopped before storing it:
 * "saved, reload to see it"); an older one not done is a sending that stopped before it wrote, and
 * the repeat takes the claim over and does the change. A sending whose claim was taken over from it
 * writes nothing.
 */
const IDEMPOTENCY_HEADER = "idempotency-key";
const REPLAYED_HEADER = "idempotent-replayed";
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;
const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const expired = lt(requestReplay.createdAt, sql`now() - interval '1 day'`);

/**
 * How long a claim without an answer is taken for a sending still at work. Every request writes
 * and answers within seconds of arriving (reading a large household book is the longest, under a
 * minute); a claim taken over early costs only the slow sending its answer, never a second change.
 */
const ANSWERED_WITHIN = "2 minutes";

/** Deletes the answers older than a day, of every organisation (the service does it every hour). */
export async function purgeExpiredAnswers(database: Database) {
  await withSystem(database, (tx) => tx.delete(requestReplay).where(expired));
}

/** One organisation's claim of one key. */
const claimOf = (orgId: string, key: string) =>
  and(eq(requestReplay.orgId, orgId), eq(requestReplay.key, key));

/** The claim as one sending holds it: rows another sending took over are not its own. */
const heldClaim = (claim: HeldClaim) =>
  and(claimOf(claim.actor.orgId, claim.key), eq(requestReplay.attempt, claim.attempt));

export interface HeldClaim {
  actor: Actor;
  key: string;
  attempt: string;
}

const claims = new WeakMap<FastifyRequest, HeldClaim>();

export function registerRequestReplay(app: FastifyInstance, database: Database) {
  app.addHook("preHandler", async (request, reply) => {
    const key = request.headers[IDEMPOTENCY_HEADER];
    const actor = request.ctx.actor;
    if (!CHANGES.has(request.method) || key === undefined || !actor) return;
    if (request.routeOptions.config.holdsSecret) return;
    if (typeof key !== "string" || !KEY.test(key)) throw new DomainError("validation.idempotencyKey");
    const claim = await claimKey(database, actor, key, fingerprintOf(request, actor));
    if (typeof claim === "object" && "attempt" in claim) {
      const held = { actor, key, attempt: claim.attempt };
      claims.set(request, held);
      holdClaim(held);
      return;
    }
    if (claim === "in-progress") throw new DomainError("conflict.requestInProgress");
    if (claim === "done-unanswered") throw new DomainError("conflict.requestDoneAnswerLost");
    if (claim === "other-request") throw new DomainError("conflict.requestKeyReused");
    return replay(reply, claim);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    // A JSON answer is kept as its text; an empty one (204) as nothing; a stream or file is not kept.
    const body =
      payload === undefined || payload === null ? "" : typeof payload === "string" ? payload : null;
    const kept = reply.statusCode < 300 && body !== null;
    try {
      await withTenant(database, claim.actor, (tx) =>
        kept
          ? tx
              .update(requestReplay)
              .set({
                status: reply.statusCode,
                contentType: (reply.getHeader("content-type") as string | undefined) ?? null,
                body,
              })
              .where(heldClaim(claim))
          : tx.delete(requestReplay).where(heldClaim(claim)),
      );
    } catch (error) {
      // The request itself is done and its answer goes out; only a repeat would now hear "in progress".
      request.log.error({ err: error }, "the answer of an idempotent request was not kept");
    }
    return payload;
  });
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}
type Claim = { attempt: string } | "in-progress" | "done-unanswered" | "other-request" | Answer;

async function claimKey(database: Database, actor: Actor, key: string, fingerprint: string): Promise<Claim> {
  return withTenant(database, actor, async (tx) => {
    // A key is kept for a day: an older claim of it (not purged yet) no longer counts.
    await tx.delete(requestReplay).where(and(claimOf(actor.orgId, key), expired));
    // Two requests with one key at once: the second insert waits for the first's claim to commit.
    const [claimed] = await tx
      .insert(requestReplay)
      .values({ orgId: actor.orgId, key, userId: actor.userId, fingerprint })
      .onConflictDoNothing()
      .returning({ attempt: requestReplay.attempt });
    if (claimed) return claimed;
    // Locked: the sending that holds it is in its write transaction right now.
    const [earlier] = await tx
      .select({
        userId: requestReplay.userId,
        fingerprint: requestReplay.fingerprint,
        status: requestReplay.status,
        contentType: requestReplay.contentType,
        body: requestReplay.body,
        done: sql<boolean>`${requestReplay.doneAt} is not null`,
        stale: sql<boolean>`${requestReplay.createdAt} < now() - ${ANSWERED_WITHIN}::interval`,
      })
      .from(requestReplay)
      .where(claimOf(actor.orgId, key))
      .for("update", { skipLocked: true });
    if (!earlier) return "in-progress";
    if (earlier.userId !== actor.userId) return "other-request";
    // Another request under the key is refused only once the key's first one is answered: the web
    // app sends a form corrected after a lost answer under the first sending's key, so that it is
    // written only if the first never was (an unanswered first is in progress, saved, or taken over).
    if (earlier.status !== null && earlier.body !== null)
      return earlier.fingerprint === fingerprint
        ? { status: earlier.status, contentType: earlier.contentType, body: earlier.body }
        : "other-request";
    if (!earlier.stale) return "in-progress";
    if (earlier.done) return "done-unanswered";
    const [takenOver] = await tx
      .update(requestReplay)
      .set({ attempt: sql`gen_random_uuid()`, createdAt: sql`now()`, fingerprint })
      .where(claimOf(actor.orgId, key))
      .returning({ attempt: requestReplay.attempt });
    return takenOver!;
  });
}

/** Makes every write transaction of the claim's request (its actor's) mark the claim done first. */
export function holdClaim(claim: HeldClaim) {
  beforeEachWrite(claim.actor, (tx) => markDone(tx, claim));
}

/**
 * The first step of each write transaction of a sending that holds a claim: the claim is marked
 * done in the transaction that makes the change, and stays locked until it commits. A claim
 * taken over meanwhile is no longer this sending's, which then writes nothing.
 */
async function markDone(tx: Tx, claim: HeldClaim) {
  const [marked] = await tx
    .update(requestReplay)
    .set({ doneAt: sql`now()` })
    .where(heldClaim(claim))
    .returning({ attempt: requestReplay.attempt });
  if (!marked) throw new DomainError("conflict.requestInProgress");
}

/** The method, the path with its query, and the body exactly as parsed (or its bytes, for a file). */
function fingerprintOf(request: FastifyRequest, actor: Actor): string {
  const hash = createHash("sha256").update(`${actor.userId} ${request.method} ${request.url}\n`);
  const body = request.body;
  if (Buffer.isBuffer(body) || typeof body === "string") hash.update(body);
  else hash.update(JSON.stringify(body ?? null));
  return hash.digest("base64url");
}

function replay(reply: FastifyReply, earlier: Answer) {
  reply.status(earlier.status).header(REPLAYED_HEADER, "true");
  if (earlier.contentType) reply.type(earlier.contentType);
  return reply.send(earlier.status === 204 ? undefined : earlier.body);
}
