import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiProblem } from "../app/api.js";
import { problemText } from "../app/ui.js";
import { flushQueue, newClientKey, type Queued, remember, remembered } from "./measurement-api.js";

/**
 * Entries kept on the phone until the server has them: each gets its key when entered, is sent at
 * once and again whenever the link comes back. `describe` says what the last one sent became.
 */
export function useQueue<T, R>(
  name: string,
  send: (items: Queued<T>[]) => Promise<R[]>,
  batchSize: number,
  describe: (last: R) => string,
  /** Puts an entry the service refused back in the form, to be corrected rather than typed again. */
  restore?: (refused: T) => void,
) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [pending, setPending] = useState(() => remembered<Queued<T>[]>(name, []).length);
  const [sent, setSent] = useState(0);

  async function flush() {
    const result = await flushQueue(name, send, batchSize);
    setPending(remembered<Queued<T>[]>(name, []).length);
    const last = result.sent.at(-1);
    if (result.refused) {
      setError(result.refused.problem);
      restore?.(result.refused.item.body);
    }
    if (result.offline) setStatus(t("measure.queued"));
    else if (last !== undefined) setStatus(describe(last));
    if (result.sent.length > 0) setSent((n) => n + result.sent.length);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: flush reads the queue from the device each time
  useEffect(() => {
    const online = () => void flush();
    window.addEventListener("online", online);
    if (remembered<Queued<T>[]>(name, []).length > 0) void flush();
    return () => window.removeEventListener("online", online);
  }, []);

  return {
    status,
    error,
    pending,
    /** How many entries the server has taken since the page opened: lists reload on a change. */
    sent,
    flush,
    fail: setError,
    say: (message: string | null) => {
      setError(null);
      setStatus(message);
    },
    async enqueue(body: T) {
      setError(null);
      setStatus(null);
      remember(name, [...remembered<Queued<T>[]>(name, []), { clientKey: newClientKey(), body }]);
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
