import { ApiProblem, type Session } from "./api.js";

/**
 * Whom something kept on this device belongs to: the signed-in user and the organisation the
 * session acts for. A shared phone passes from one water master to the next, and from one
 * organisation to another: what the pages keep for working without a link is one user's, in one
 * organisation (the readings page's gauging posts), and so is what waits to be sent.
 */
export interface Owner {
  userId: string;
  orgId: string;
}

/** The session's owner; none before an organisation is chosen, when the water pages keep nothing. */
export function ownerOf(session: Session | null): Owner | null {
  return session?.activeOrgId ? { userId: session.user.id, orgId: session.activeOrgId } : null;
}

export const sameOwner = (a: Owner | undefined, b: Owner) => a?.userId === b.userId && a.orgId === b.orgId;

/** The owner as a page's load key: a page left open across a change of organisation loads again. */
export const ownerKey = (owner: Owner | null) => (owner ? `${owner.userId}/${owner.orgId}` : "");

/** A value this device keeps as JSON under `key`; the fallback for none, or for a damaged copy. */
export function readKept<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}
export function writeKept(key: string, value: unknown): void {
  localStorage.setItem(key, JSON.stringify(value));
}

const KEPT_PREFIX = "aimak.kept.";
/**
 * What older versions kept for the water pages for whoever was signed in (the posts, the last post,
 * outlet and method), now kept per owner: a sign-out forgets these too, so a shared phone stops
 * holding another organisation's posts.
 */
const KEPT_FOR_NO_ONE = new Set(
  ["posts", "lastPost", "lastOutlet", "lastMethod"].map((n) => `aimak.measure.${n}`),
);

export const keptKey = (owner: Owner, name: string) => `${KEPT_PREFIX}${owner.userId}.${owner.orgId}.${name}`;

/** What this device keeps for the session's owner under `name` (nothing without an owner). */
export function keptFor<T>(owner: Owner | null, name: string, fallback: T): T {
  return owner ? readKept(keptKey(owner, name), fallback) : fallback;
}
/**
 * Keeps a copy for the owner, if the device has room: a copy is loaded again with a link, while the
 * queues' entries are not, so one that does not fit is dropped (with any older one), never an error.
 */
export function keepFor(owner: Owner | null, name: string, value: unknown): boolean {
  if (!owner) return false;
  const key = keptKey(owner, name);
  try {
    writeKept(key, value);
    return true;
  } catch {
    localStorage.removeItem(key);
    return false;
  }
}

/** A list as the page has it: the service's answer, or, without one, the copy kept on the device. */
export interface KeptAnswer<T> {
  value: T;
  /** Only for a kept copy: when the service gave it. */
  keptAt?: number;
}

/**
 * The service's answer, kept for the owner under `name` for when none comes; without an answer (no
 * link, or the service down) the copy kept, saying when it was, if it `fits` what is asked (a list
 * kept for one outlet is not another's). A refusal stands: what the user may no longer read is not
 * shown from the device.
 */
export async function answerOrKept<T>(
  owner: Owner | null,
  name: string,
  load: () => Promise<T>,
  { now = Date.now, fits = () => true }: { now?: () => number; fits?: (kept: T) => boolean } = {},
): Promise<KeptAnswer<T>> {
  try {
    const value = await load();
    // The value and its time in one entry: a device with room for one but not the other keeps neither.
    if (keepFor(owner, name, { value, keptAt: now() } satisfies Required<KeptAnswer<T>>) && owner)
      localStorage.removeItem(keptKey(owner, `${name}.keptAt`));
    return { value };
  } catch (e) {
    const unanswered = e instanceof ApiProblem && (e.status === 0 || e.status >= 500);
    const kept = keptCopy<T>(owner, name);
    if (!unanswered || kept === null || !fits(kept.value)) throw e;
    return kept;
  }
}

/** The copy kept under `name`, with its time; one an older version kept, the two apart, read too. */
function keptCopy<T>(owner: Owner | null, name: string): Required<KeptAnswer<T>> | null {
  const kept = keptFor<unknown>(owner, name, null);
  if (typeof kept === "object" && kept !== null && "value" in kept && "keptAt" in kept)
    return typeof kept.keptAt === "number" ? { value: kept.value as T, keptAt: kept.keptAt } : null;
  const keptAt = keptFor<unknown>(owner, `${name}.keptAt`, null);
  return kept !== null && typeof keptAt === "number" ? { value: kept as T, keptAt } : null;
}

/**
 * The keys a sign-out forgets: everything kept for a user's pages. Never the queues' (`aimak.measure.
 * readingsQueue`, `…deliveriesQueue`): an entry the phone took waits there for its owner's next
 * sign-in, whoever signs in meanwhile.
 */
export function keptKeysToForget(keys: Iterable<string>): string[] {
  return [...keys].filter((k) => k.startsWith(KEPT_PREFIX) || KEPT_FOR_NO_ONE.has(k));
}

export function forgetKeptData(): void {
  const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? "");
  for (const key of keptKeysToForget(keys)) localStorage.removeItem(key);
}
