import type { StoreLock } from './store.js';

/**
 * Mutual exclusion inside this process: `lock(key, { ttlMs, waitMs })` as the Store interface wants it.
 * A holder that never releases loses the lock after `ttlMs` (by `clock`); waiters wake on release.
 */
export function createLocalLock(clock: () => number) {
  const locks = new Map<string, { expiresAt: number; waiters: (() => void)[] }>();

  const tryAcquire = (key: string, ttlMs: number): boolean => {
    const held = locks.get(key);
    if (held && held.expiresAt > clock()) return false;
    locks.set(key, { expiresAt: clock() + ttlMs, waiters: held?.waiters ?? [] });
    return true;
  };

  return async (key: string, { ttlMs, waitMs }: { ttlMs: number; waitMs: number }) => {
    // Waiting is measured in real time: an injected test clock may stand still.
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
  };
}
