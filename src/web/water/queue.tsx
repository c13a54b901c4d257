import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../app/api.js";
import { formatDateTime } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { type KeptAnswer, ownerKey, ownerOf } from "../app/kept-data.js";
import { useSession } from "../app/session.js";
import { problemText } from "../app/ui.js";
import {
  claimUnowned,
  flushQueue,
  keepQueue,
  newClientKey,
  type Queued,
  queueOnDevice,
  queueTally,
} from "./device-queue.js";

const NO_ENTRIES = { own: 0, otherUser: 0, otherOrganisation: 0 };

/**
 * Entries kept on the phone until the server has them: each gets its key and its owner (the
 * session's user and organisation) when entered, and is sent at once, and again whenever the link
 * comes back, under its owner's session only. `describe` says what the last one sent became.
 */
export function useQueue<T, R>(
  name: string,
  send: (items: Queued<T>[]) => Promise<R[]>,
  batchSize: number,
  describe: (last: R) => string,
  /**
   * Puts an entry the service refused, or the phone had no room for, back in the form, to be
   * corrected or saved again rather than typed again.
   */
  restore?: (refused: T) => void,
) {
  const { t } = useTranslation();
  const { session, can } = useSession();
  // Only a user who may record entries takes those an older version left without an owner: another
  // would have them refused, and a refused entry is dropped.
  const owner = can("water.measure") ? ownerOf(session) : null;
  // The session of the moment, for a flush begun by an event: a page stays open across a change
  // of organisation.
  const current = useRef(owner);
  current.current = owner;
  const [entries, setEntries] = useState(() =>
    owner ? queueTally(claimUnowned(queueOnDevice<T>(name), owner), owner) : NO_ENTRIES,
  );
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [sent, setSent] = useState(0);

  async function flush() {
    const by = current.current;
    if (!by) return;
    const result = await flushQueue(name, by, send, batchSize);
    setEntries(queueTally(queueOnDevice<T>(name), by));
    const last = result.sent.at(-1);
    if (result.refused) {
      setError(result.refused.problem);
      restore?.(result.refused.item.body);
    }
    if (result.offline) setStatus(t("measure.queued"));
    else if (last !== undefined) setStatus(describe(last));
    if (result.sent.length > 0) setSent((n) => n + result.sent.length);
  }

  const sessionOwner = ownerKey(owner);
  // biome-ignore lint/correctness/useExhaustiveDependencies: flush reads the queue from the device and the owner from current each time
  useEffect(() => {
    if (!owner) {
      setEntries(NO_ENTRIES);
      return;
    }
    const claimed = claimUnowned(queueOnDevice<T>(name), owner);
    keepQueue(name, claimed);
    const counted = queueTally(claimed, owner);
    setEntries(counted);
    const online = () => void flush();
    window.addEventListener("online", online);
    if (counted.own > 0) void flush();
    return () => window.removeEventListener("online", online);
  }, [sessionOwner]);

  return {
    status,
    error,
    /** The session's own entries waiting on the device. */
    pending: entries.own,
    /** Entries of another user, or of this one for another organisation, that wait here too. */
    waitingElsewhere: { otherUser: entries.otherUser, otherOrganisation: entries.otherOrganisation },
    /** How many entries the server has taken since the page opened: lists reload on a change. */
    sent,
    flush,
    fail: setError,
    say: (message: string | null) => {
      setError(null);
      setStatus(message);
    },
    async enqueue(body: T) {
      if (!owner) return;
      setError(null);
      setStatus(null);
      try {
        keepQueue(name, [...queueOnDevice<T>(name), { clientKey: newClientKey(), body, owner }]);
      } catch {
        // Not kept, so not taken: back in the form, with why.
        setError(new ApiProblem(0, "deviceFull", t("measure.deviceFull")));
        restore?.(body);
        return;
      }
      await flush();
    },
  };
}

/** What happened to the last entry, how many wait on the phone, and the server's refusal if any. */
export function QueueStatus({ queue }: { queue: ReturnType<typeof useQueue<never, never>> }) {
  const { t } = useTranslation();
  return (
    <>
      {queue.status && (
        <p className="notice" role="status">
          {queue.status}
        </p>
      )}
      {queue.pending > 0 && (
        <p className="notice">
          {t("measure.pending", { count: queue.pending })}{" "}
          <button type="button" className="link" onClick={() => void queue.flush()}>
            {t("measure.sendNow")}
          </button>
        </p>
      )}
      {queue.error && <p className="state-error">{problemText(queue.error, t)}</p>}
    </>
  );
}

/**
 * How many entries of someone else wait on this phone too, another user's or this user's for
 * another organisation (counted, never shown): so that nobody clears a phone taking it for empty.
 * Said above the page's form, which needs the service's lists, so also without a link.
 */
export function WaitingElsewhere({ queue }: { queue: ReturnType<typeof useQueue<never, never>> }) {
  const { t } = useTranslation();
  const { otherUser, otherOrganisation } = queue.waitingElsewhere;
  return (
    <>
      {otherUser > 0 && (
        <p className="notice waiting-elsewhere">{t("measure.waitingOtherUser", { count: otherUser })}</p>
      )}
      {otherOrganisation > 0 && (
        <p className="notice waiting-elsewhere">
          {t("measure.waitingOtherOrganisation", { count: otherOrganisation })}
        </p>
      )}
    </>
  );
}

/**
 * Said when a page's lists come from what the phone kept, no answer having come: as of when they
 * were last loaded (the oldest of them), so that a water master knows a user or an outlet added
 * since is not among them.
 */
export function KeptAsOf({ answers }: { answers: Pick<KeptAnswer<unknown>, "keptAt">[] }) {
  const { t } = useTranslation();
  const kept = answers.flatMap((a) => (a.keptAt === undefined ? [] : [a.keptAt]));
  if (kept.length === 0) return null;
  return (
    <p className="notice kept-as-of">
      {t("measure.keptLists", { at: formatDateTime(new Date(Math.min(...kept)), currentLocale()) })}
    </p>
  );
}
