/** The p-th percentile of measured times (nearest rank, the value below which p % of them fall). */
export const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** The median time (ms) of `repeats` runs of synchronous work, after one run to warm up. */
export function medianTime(run: () => void, repeats: number): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}
