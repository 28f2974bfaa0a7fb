/**
 * Smoke mode (`WXKIT_BENCH_SMOKE=1`, or `npm run bench -- --smoke`): every bench runs with tiny counts, so a
 * bench that no longer runs fails `npm test` (bench/smoke.test.ts). Its figures mean nothing then.
 */
export const SMOKE = process.env['WXKIT_BENCH_SMOKE'] === '1';

/** The full count, or the tiny one in smoke mode. */
export const scale = (full: number, smoke: number): number => (SMOKE ? smoke : full);
