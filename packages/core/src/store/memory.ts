import { WxConfigError } from '../errors/errors.js';
import { createLocalLock } from './local-lock.js';
import { lockKey } from './lock-key.js';
import type { Store } from './store.js';

export interface MemoryStoreOptions {
  clock?: () => number;
}

export interface MemoryStore extends Store {
  /** Entries held, expired ones not yet swept included. */
  readonly size: number;
}

const FIRST_SWEEP = 1024;

/**
 * A store inside this process (the default). Its lock serialises callers within the process. Expired entries
 * go when read and, for keys nobody reads again, in a sweep each time the map has doubled since the last one,
 * so it never holds more than about twice what is live (amortised O(1) per write).
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const clock = options.clock ?? Date.now;
  const values = new Map<string, { value: string; expiresAt: number }>();
  let sweepAt = FIRST_SWEEP;
  const sweep = () => {
    const now = clock();
    for (const [key, entry] of values) if (entry.expiresAt <= now) values.delete(key);
    sweepAt = Math.max(FIRST_SWEEP, values.size * 2);
  };
  const live = (key: string) => {
    const entry = values.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= clock()) {
      values.delete(key);
      return undefined;
    }
    return entry.value;
  };

  const lock = createLocalLock(clock);
  return {
    async get(key) {
      return live(key);
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new WxConfigError(`@wxkit/core memory store: ttlMs must be > 0 (got ${ttlMs})`);
      values.set(key, { value, expiresAt: clock() + ttlMs });
      if (values.size >= sweepAt) sweep();
    },
    async delete(key) {
      values.delete(key);
    },
    // Compare and delete run in one synchronous step, so nothing interleaves.
    async compareAndDelete(key, expected) {
      if (live(key) !== expected) return false;
      values.delete(key);
      return true;
    },
    lock,
    // The look and the lock run in one synchronous step (the lock is tried before its first await).
    async readOrLock(key, { ttlMs }) {
      const value = live(key);
      if (value !== undefined) return { value };
      const held = await lock(lockKey(key), { ttlMs, waitMs: 0 });
      return held ? { lock: held } : {};
    },
    get size() {
      return values.size;
    },
  };
}
