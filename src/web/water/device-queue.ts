import { ApiProblem, FIRST_SENDING_SAVED, sendForOrganisation } from "../app/api.js";
import { forgetKeptData, type Owner, readKept, sameOwner, writeKept } from "../app/kept-data.js";

/**
 * An entry kept on the phone until the server has it (a reading, a turn). `owner` is who entered it
 * and for which organisation: the server records an entry as the sending session's user's, in its
 * organisation, so it is sent only under its owner's session acting for that organisation.
 */
export interface Queued<T> {
  clientKey: string;
  body: T;
  /** Absent in what a version before owners queued (see claimUnowned). */
  owner?: Owner;
}

/**
 * A key for a record entered on this device: the server records each key once, so the queue may
 * resend after a lost answer. getRandomValues works on plain http too, unlike randomUUID.
 */
export function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The key older versions kept their queues under, so that what they queued is found.
const queueKey = (name: string) => `aimak.measure.${name}`;
export const queueOnDevice = <T>(name: string) => readKept<Queued<T>[]>(queueKey(name), []);
/**
 * Stores a queue on the device. Its entries come first: on a phone whose storage is full, the copies
 * of lists kept for the pages (loaded again with a link) make room. Throws only if even that fails.
 */
export function keepQueue<T>(name: string, queue: Queued<T>[]) {
  try {
    writeKept(queueKey(name), queue);
  } catch {
    forgetKeptData();
    writeKept(queueKey(name), queue);
  }
}

/**
 * Entries queued before entries had owners become the owner's who is given them: the first
 * signed-in user who may record them and opens their page. Before, the queue was sent under
 * whoever opened it next, and on most phones that is the one water master who entered them; the
 * entries are never dropped, and one of a shared phone's users records them, as before.
 */
export function claimUnowned<T>(queue: Queued<T>[], owner: Owner): Queued<T>[] {
  return queue.map((entry) => (entry.owner ? entry : { ...entry, owner }));
}

/** What a flush sends next: the owner's entries only, in the order entered, up to a batch. */
export function nextBatch<T>(queue: Queued<T>[], owner: Owner, batchSize: number): Queued<T>[] {
  return queue.filter((entry) => sameOwner(entry.owner, owner)).slice(0, batchSize);
}

/**
 * How the device's entries stand for a session: the owner's own, and those waiting for someone
 * else, another user's, or this user's for another of their organisations (counted, never shown).
 */
export function queueTally<T>(queue: Queued<T>[], owner: Owner) {
  const tally = { own: 0, otherUser: 0, otherOrganisation: 0 };
  for (const entry of queue) {
    if (sameOwner(entry.owner, owner)) tally.own++;
    else if (entry.owner?.userId === owner.userId) tally.otherOrganisation++;
    else tally.otherUser++;
  }
  return tally;
}

interface Flushed<T, R> {
  sent: R[];
  refused: { item: Queued<T>; problem: ApiProblem } | null;
  offline: boolean;
}

/**
 * Sends the owner's entries waiting in a queue kept on the device; others' stay untouched. A
 * network failure keeps everything for the next try; the server's refusal of one record drops that
 * record and is returned, so one bad entry cannot block the rest forever. An organisation switch
 * waits for the flush, and a flush asked for during one sends nothing (see sendForOrganisation).
 */
export function flushQueue<T, R>(
  name: string,
  owner: Owner,
  send: (items: Queued<T>[]) => Promise<R[]>,
  batchSize: number,
): Promise<Flushed<T, R>> {
  return (
    sendForOrganisation(() => sendOwnersEntries(name, owner, send, batchSize)) ??
    Promise.resolve({ sent: [], refused: null, offline: false })
  );
}

async function sendOwnersEntries<T, R>(
  name: string,
  owner: Owner,
  send: (items: Queued<T>[]) => Promise<R[]>,
  batchSize: number,
): Promise<Flushed<T, R>> {
  const sent: R[] = [];
  // Read again after each answer: an entry made meanwhile joins the queue kept on the device.
  const dropFromQueue = (keys: Set<string>) =>
    keepQueue(
      name,
      queueOnDevice<T>(name).filter((q) => !keys.has(q.clientKey)),
    );
  for (;;) {
    const batch = nextBatch(queueOnDevice<T>(name), owner, batchSize);
    if (batch.length === 0) return { sent, refused: null, offline: false };
    try {
      sent.push(...(await send(batch)));
      dropFromQueue(new Set(batch.map((q) => q.clientKey)));
    } catch (e) {
      const problem = e instanceof ApiProblem ? e : new ApiProblem(0, "network", "");
      // No link, the server's fault, or the session ended (while the link was lost, or signed out
      // elsewhere): no refusal of the record, which waits with the rest, for the next sign-in if need be.
      const notRead = problem.status === 0 || problem.status >= 500;
      if (notRead || problem.status === 401 || problem.code === "auth.csrf")
        return { sent, refused: null, offline: true };
      // A batch grown since its answer was lost, whose first sending was saved: sent again under a
      // key of its own, the records already in are answered as duplicates by their client keys.
      if (FIRST_SENDING_SAVED.has(problem.code)) continue;
      // A refused batch names the record at fault (readings.<i>.…); without that, the first one.
      const index = Number(/^readings\.(\d+)\./.exec(problem.errors[0]?.path ?? "")?.[1] ?? 0);
      const item = batch[index]!;
      dropFromQueue(new Set([item.clientKey]));
      return { sent, refused: { item, problem }, offline: false };
    }
  }
}
