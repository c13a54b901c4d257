/**
 * A job the service runs every so often (the hourly count of today's register): a run that is
 * still going when the next is due is not doubled, the next tick simply passes; `stop` cancels the
 * timer, tells the run under way to stop (its signal) and waits for it, so the database can close.
 */
export function everyWhile(
  intervalMs: number,
  run: (signal: AbortSignal) => Promise<unknown>,
  onError: (error: unknown) => void,
): { runNow: () => Promise<void>; stop: () => Promise<void> } {
  const stopping = new AbortController();
  let running: Promise<void> | null = null;
  const runNow = () => {
    if (running || stopping.signal.aborted) return running ?? Promise.resolve();
    running = run(stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => onError(error),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void runNow(), intervalMs);
  timer.unref();
  return {
    runNow,
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
