import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../src/index.js';

describe('pooled random bytes (IVs, session ids, login nonces)', () => {
  it('hands out each value once: 20,000 draws across many refills are all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(pooledRandomBytes(12).toString('hex'));
    expect(seen.size).toBe(20_000);
  });

  it('gives copies: a value already handed out does not change when the pool refills', () => {
    const first = pooledRandomBytes(16);
    const kept = Buffer.from(first);
    for (let i = 0; i < 1000; i++) pooledRandomBytes(200);
    expect(first.equals(kept)).toBe(true);
  });

  it('is uniform enough that every byte value turns up (256 values over 64 KiB)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 256; i++) for (const b of pooledRandomBytes(256)) counts[b] = (counts[b] ?? 0) + 1;
    // 256 expected per value; a value missing entirely or drawn three times as often means a broken pool.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(400);
  });

  it('refuses a length outside 1-256 with what it takes', () => {
    for (const bad of [0, -1, 1.5, 257, Number.NaN])
      expect(() => pooledRandomBytes(bad)).toThrow(/length must be an integer from 1 to 256/);
  });
});
