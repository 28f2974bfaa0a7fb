import { scale } from './smoke.js';

/** Runs `fn` for about `ms` milliseconds, several times interleaved with the others, and returns ops/s (best round). */
export async function compare(
  cases: Record<string, () => unknown | Promise<unknown>>,
  ms = scale(400, 10),
  rounds = scale(5, 1),
): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(cases)) {
      let ops = 0;
      const start = performance.now();
      while (performance.now() - start < ms) {
        for (let i = 0; i < 200; i++) {
          const r = fn();
          if (r instanceof Promise) await r;
        }
        ops += 200;
      }
      const rate = ops / ((performance.now() - start) / 1000);
      best[name] = Math.max(best[name] ?? 0, rate);
    }
  }
  return best;
}

export const fmt = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));

/** The median of `values` (the mean of the middle two for an even count). */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
