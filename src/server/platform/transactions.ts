import { sql } from "drizzle-orm";
import type { Actor } from "./context.js";
import type { Database, OpenTransaction, TransactionOptions, Tx } from "./db.js";

/**
 * Read-only transactions already in their actor's tenant, opened by the request's session lookup
 * (see authenticateSession) and waiting for the request's work. Keyed by the request's own actor
 * object, so a transaction serves only the request that opened it, once.
 */
const lentTransactions = new WeakMap<Actor, OpenTransaction>();

/** Hands the request's open tenant transaction to its first read-only withTenant. */
export function lendTransaction(actor: Actor, transaction: OpenTransaction) {
  lentTransactions.set(actor, transaction);
}

/** Rolls back the request's open transaction if its work never took it (an error, another path). */
export function abandonLentTransaction(actor: Actor) {
  lentTransactions.get(actor)?.abandon();
  lentTransactions.delete(actor);
}

/**
 * A step every writing transaction of a request runs first, keyed by the request's actor object
 * like the lent transactions: the request's claim of its Idempotency-Key, marked as done in the
 * transaction that does the change (platform/replay.ts).
 */
const firstWriteSteps = new WeakMap<Actor, (tx: Tx) => Promise<void>>();

export function beforeEachWrite(actor: Actor, step: (tx: Tx) => Promise<void>) {
  firstWriteSteps.set(actor, step);
}

/**
 * The two ways into the database. Both switch role inside the transaction, so row-level security
 * applies the same on PGlite (where the connection is a superuser) and on a PostgreSQL server.
 * A read-only one takes the transaction its request's session lookup opened, when there is one.
 */
export async function withTenant<T>(
  database: Database,
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  // The lent transaction reads at READ COMMITTED, so work that needs one snapshot opens its own.
  const lent = options?.readOnly && !options.snapshot ? lentTransactions.get(actor) : undefined;
  if (lent) {
    lentTransactions.delete(actor);
    return lent.run(work);
  }
  const step = options?.readOnly ? undefined : firstWriteSteps.get(actor);
  // set_config('role', …, true) is SET LOCAL ROLE; the values go in as literals (see idLiteral).
  return database.transaction(
    `select set_config('role', 'aimak_app', true),
      set_config('aimak.user_id', ${idLiteral(actor.userId)}, true),
      set_config('aimak.org_id', ${idLiteral(actor.orgId)}, true),
      set_config('aimak.read_org_ids', ${idLiteral(actor.readOrgIds.join(","))}, true),
      set_config('aimak.reads_every_org', '${actor.readsEveryOrganisation ? "on" : ""}', true)`,
    step
      ? async (tx) => {
          await step(tx);
          return work(tx);
        }
      : work,
    options,
  );
}

/**
 * The service's own work: log-in, sessions, CLI administration, backups, the periodic jobs. Never
 * for a request's data. Not bound by the statement timeout: a job's one statement may read the
 * whole country's register (finding the people counted twice, seconds warm, more after a restart).
 */
export async function withSystem<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return database.transaction("set local role aimak_system", work, { unbounded: true });
}

/**
 * A transaction's settings travel with its BEGIN as literals, so they are checked here to be
 * what they must be (UUIDs, comma-separated, or nothing) before any goes into SQL.
 */
function idLiteral(ids: string): string {
  if (!/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(,(?!$)|$))*$/i.test(ids))
    throw new Error("a transaction setting is not a list of UUIDs");
  return `'${ids}'`;
}

/**
 * One step of a tenant transaction that must touch another organisation's rows: the record of a
 * cross-organisation link in the other party's audit chain, or the link row a municipality decides
 * on. It runs as the system role and switches back, so it commits or rolls back with the request.
 * Keep such steps narrow: everything else in the transaction stays under the tenant's policies.
 */
export async function asSystemWithin<T>(tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  await tx.execute(sql`select set_config('role', 'aimak_system', true)`);
  const result = await work(tx);
  await tx.execute(sql`select set_config('role', 'aimak_app', true)`);
  return result;
}

/**
 * Serialises work on one key (a water user's account, a season's run, an outlet's user, a gauging
 * post) until the transaction ends.
 */
export async function lockKey(tx: Tx, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}
