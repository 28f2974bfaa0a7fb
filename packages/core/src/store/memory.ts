import { WxConfigError } from '../errors/errors.js';
import { createLocalLock } from './local-lock.js';
import type { Store } from './store.js';

export interface MemoryStoreOptions {
  clock?: () => number;
}

/** A store inside this process (the default). Its lock serialises callers within the process. */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? Date.now;
  const values = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = values.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= clock()) {
      values.delete(key);
      return undefined;
    }
    return entry.value;
  };

  return {
    async get(key) {
      return live(key);
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new WxConfigError(`@wxkit/core memory store: ttlMs must be > 0 (got ${ttlMs})`);
      values.set(key, { value, expiresAt: clock() + ttlMs });
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
    lock: createLocalLock(clock),
  };
}
