import { describe, expect, it } from 'vitest';
import { newNonce } from '../src/login-state.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

describe('the state nonce of a login', () => {
  it('is 24 letters and digits, and two are never the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const nonce = newNonce();
      expect(nonce).toMatch(/^[A-Za-z0-9]{24}$/);
      seen.add(nonce);
    }
    expect(seen.size).toBe(2000);
  });

  it('draws every character equally often (a byte modulo 62 would favour the first eight)', () => {
    // 256 = 4 × 62 + 8: with `byte % 62`, A–H come up 5/256 of the time and the others 4/256, a share of 15.6%
    // for A–H instead of 8/62 = 12.9%. Over 120,000 characters the standard deviation of that share is 0.1%.
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < 5000; i++)
      for (const ch of newNonce()) {
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
        total++;
      }
    const firstEight = [...ALPHANUMERIC.slice(0, 8)].reduce((sum, ch) => sum + (counts.get(ch) ?? 0), 0);
    expect(firstEight / total).toBeCloseTo(8 / 62, 2);
    expect(counts.size).toBe(62);
  });
});
