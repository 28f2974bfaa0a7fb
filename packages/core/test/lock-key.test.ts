import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claim, createMemoryStore, lockedKey, lockKey, type Store } from '../src/index.js';

describe('the one lock-key convention', () => {
  it('reads back the key a lock guards, and no key from a name that is not a lock', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(lockedKey(lockKey(key))).toBe(key);
        if (!key.endsWith(':lock')) expect(lockedKey(key)).toBeUndefined();
      }),
    );
  });

  it('claims the lock of the key itself, so a claim and a once-across-processes on one key exclude each other', async () => {
    const store = createMemoryStore();
    const held = await claim(store, 'callback-done:m1', { ttlMs: 1000, waitMs: 0 });
    expect(held).toBeDefined();
    expect(await store.lock?.(lockKey('callback-done:m1'), { ttlMs: 1000, waitMs: 0 })).toBeUndefined();
    expect(await claim(store, 'callback-done:m1', { ttlMs: 1000, waitMs: 0 })).toBeUndefined();
    await held?.release();
    expect(await claim(store, 'callback-done:m1', { ttlMs: 1000, waitMs: 0 })).toBeDefined();
  });

  it('claims inside this process when the store has no lock', async () => {
    const { lock: _, ...bare } = createMemoryStore();
    const store: Store = bare;
    const first = await claim(store, 'k', { ttlMs: 1000, waitMs: 0 });
    expect(first).toBeDefined();
    expect(await claim(store, 'k', { ttlMs: 1000, waitMs: 0 })).toBeUndefined();
    await first?.release();
    const again = await claim(store, 'k', { ttlMs: 1000, waitMs: 0 });
    expect(again).toBeDefined();
    await again?.release();
  });
});
