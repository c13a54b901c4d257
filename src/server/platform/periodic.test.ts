import { afterEach, describe, expect, it, vi } from "vitest";
import { everyWhile } from "./periodic.js";

describe("a job run every so often", () => {
  afterEach(() => vi.useRealTimers());

  it("never runs twice at once: a tick while a run is going passes", async () => {
    vi.useFakeTimers();
    let started = 0;
    let finish: () => void = () => {};
    const job = everyWhile(
      1000,
      () => {
        started++;
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(3000);
    expect(started).toBe(1);
    finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(2);
    finish();
    await job.stop();
  });

  it("on stop tells the run under way to stop, waits for it, and runs no more", async () => {
    vi.useFakeTimers();
    const seen: boolean[] = [];
    let runs = 0;
    const job = everyWhile(
      1000,
      async (signal) => {
        runs++;
        // A run that goes on until it is told to stop, as the count stops between municipalities.
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        seen.push(signal.aborted);
      },
      () => {},
    );
    const first = job.runNow();
    await job.stop();
    await first;
    expect(seen).toEqual([true]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
    await job.runNow();
    expect(runs).toBe(1);
  });

  it("hands a failed run to its error handler and runs again at the next tick", async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let runs = 0;
    const job = everyWhile(
      1000,
      async () => {
        runs++;
        throw new Error("database gone");
      },
      (error) => errors.push(error),
    );
    await job.runNow();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    expect(errors.map(String)).toEqual(["Error: database gone", "Error: database gone"]);
    await job.stop();
  });
});
