import { WxConfigError } from '../errors/errors.js';
import type { Store, StoreLock } from './store.js';

export interface MemoryStoreOptions {
  clock?: () => number;
}

/** A store inside this process (the default). Its lock serialises callers within the process. */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const clock = options.clock ?? Date.now;
  const values = new Map<string, { value: string; expiresAt: number }>();
  const locks = new Map<string, { expiresAt: number; waiters: (() => void)[] }>();

  const tryAcquire = (key: string, ttlMs: number): boolean => {
    const held = locks.get(key);
    if (held && held.expiresAt > clock()) return false;
    locks.set(key, { expiresAt: clock() + ttlMs, waiters: held?.waiters ?? [] });
    return true;
  };

  return {
    async get(key) {
      const entry = values.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= clock()) {
        values.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new WxConfigError(`@wxkit/core memory store: ttlMs must be > 0 (got ${ttlMs})`);
      values.set(key, { value, expiresAt: clock() + ttlMs });
    },
    async delete(key) {
      values.delete(key);
    },
    async lock(key, { ttlMs, waitMs }) {
      const deadline = Date.now() + waitMs;
      while (!tryAcquire(key, ttlMs)) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) return undefined;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(remaining, 50));
          locks.get(key)?.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      let released = false;
      const lock: StoreLock = {
        async release() {
          if (released) return;
          released = true;
          const held = locks.get(key);
          locks.delete(key);
          for (const wake of held?.waiters ?? []) wake();
        },
      };
      return lock;
    },
  };
}
