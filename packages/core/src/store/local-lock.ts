import type { StoreLock } from './store.js';

/**
 * Mutual exclusion inside this process: `lock(key, { ttlMs, waitMs })` as the Store interface wants it.
 * A holder that never releases loses the lock after `ttlMs` (by `clock`); waiters wake on release.
 */
export function createLocalLock(clock: () => number) {
  type Held = { expiresAt: number; waiters: (() => void)[] };
  const locks = new Map<string, Held>();

  /** The new holding, or undefined while someone else's has not run out. */
  const tryAcquire = (key: string, ttlMs: number): Held | undefined => {
    const held = locks.get(key);
    if (held && held.expiresAt > clock()) return undefined;
    const mine = { expiresAt: clock() + ttlMs, waiters: held?.waiters ?? [] };
    locks.set(key, mine);
    return mine;
  };

  return async (key: string, { ttlMs, waitMs }: { ttlMs: number; waitMs: number }) => {
    // Waiting is measured in real time: an injected test clock may stand still.
    const deadline = Date.now() + waitMs;
    let mine = tryAcquire(key, ttlMs);
    while (!mine) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 50));
        locks.get(key)?.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      mine = tryAcquire(key, ttlMs);
    }
    const holding = mine;
    const lock: StoreLock = {
      async release() {
        // Only our own holding: one that ran out and was taken by another caller is theirs to release.
        if (locks.get(key) !== holding) return;
        locks.delete(key);
        for (const wake of holding.waiters) wake();
      },
    };
    return lock;
  };
}
