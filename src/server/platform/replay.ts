import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../../domain/shared/errors.js";
import type { Actor } from "./context.js";
import type { Database } from "./db.js";
import { requestReplay } from "./tables.js";
import { withSystem, withTenant } from "./transactions.js";

/**
 * Repeating a request without doing it twice. A clerk on a slow link whose answer never came sends
 * the same form again; sent with the same `Idempotency-Key` header, a change (POST, PUT, PATCH,
 * DELETE) that was already made gets the first answer back (marked `Idempotent-Replayed: true`)
 * instead of registering a second household or birth, or refusing an edit as stale because its own
 * first sending moved the version on. The web app sends a key with every change (web/app/api.ts).
 *
 * A key belongs to its organisation and login and answers only the request it was first sent
 * with; it is kept for a day. The key is claimed before the handler runs and the answer stored
 * after: a success is kept, an error frees the key (nothing was written), and a request whose
 * answer was never stored (the service stopped between the two) keeps answering "in progress"
 * until the day is over rather than risk doing it again.
 */
const IDEMPOTENCY_HEADER = "idempotency-key";
const REPLAYED_HEADER = "idempotent-replayed";
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;
const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const expired = lt(requestReplay.createdAt, sql`now() - interval '1 day'`);

/** Deletes the answers older than a day, of every organisation (the service does it every hour). */
export async function purgeExpiredAnswers(database: Database) {
  await withSystem(database, (tx) => tx.delete(requestReplay).where(expired));
}

/** One organisation's claim of one key. */
const claimOf = (orgId: string, key: string) =>
  and(eq(requestReplay.orgId, orgId), eq(requestReplay.key, key));

const claims = new WeakMap<FastifyRequest, { actor: Actor; key: string }>();

export function registerRequestReplay(app: FastifyInstance, database: Database) {
  app.addHook("preHandler", async (request, reply) => {
    const key = request.headers[IDEMPOTENCY_HEADER];
    const actor = request.ctx.actor;
    if (!CHANGES.has(request.method) || key === undefined || !actor) return;
    if (request.routeOptions.config.holdsSecret) return;
    if (typeof key !== "string" || !KEY.test(key)) throw new DomainError("validation.idempotencyKey");
    const claim = await claimKey(database, actor, key, fingerprintOf(request, actor));
    if (claim === "claimed") {
      claims.set(request, { actor, key });
      return;
    }
    if (claim === "in-progress") throw new DomainError("conflict.requestInProgress");
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
              .where(claimOf(claim.actor.orgId, claim.key))
          : tx.delete(requestReplay).where(claimOf(claim.actor.orgId, claim.key)),
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
type Claim = "claimed" | "in-progress" | "other-request" | Answer;

async function claimKey(database: Database, actor: Actor, key: string, fingerprint: string): Promise<Claim> {
  return withTenant(database, actor, async (tx) => {
    // A key is kept for a day: an older claim of it (not purged yet) no longer counts.
    await tx.delete(requestReplay).where(and(claimOf(actor.orgId, key), expired));
    // Two requests with one key at once: the second insert waits for the first's claim to commit.
    const inserted = await tx
      .insert(requestReplay)
      .values({ orgId: actor.orgId, key, userId: actor.userId, fingerprint })
      .onConflictDoNothing()
      .returning({ key: requestReplay.key });
    if (inserted.length > 0) return "claimed";
    const [earlier] = await tx.select().from(requestReplay).where(claimOf(actor.orgId, key));
    if (!earlier || earlier.userId !== actor.userId || earlier.fingerprint !== fingerprint)
      return "other-request";
    if (earlier.status === null || earlier.body === null) return "in-progress";
    return { status: earlier.status, contentType: earlier.contentType, body: earlier.body };
  });
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
