import type { Logger } from '../logger.js';
import { lockKey } from './lock-key.js';
import type { Store, StoreLock } from './store.js';

export interface OnceOptions<T> {
  store: Store;
  /** What is produced; the lock is {@link lockKey}(key). */
  key: string;
  /** What is already in the store (undefined when nothing usable is). */
  read(): Promise<T | undefined>;
  /** Makes the value and puts it in the store; runs at most once across processes while the lock holds. */
  produce(): Promise<T>;
  logger: Logger;
  lockTtlMs?: number;
  /** How long to keep polling while another process holds the lock; default 15 s. */
  waitMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const claimedHere = new Set<string>();

/**
 * The lock guarding `key` ({@link lockKey}), across processes when the store has `lock()`, else inside this
 * process only; undefined while someone else holds it. The server kit claims a callback delivery with it.
 */
export async function claim(
  store: Store,
  key: string,
  options: { ttlMs: number; waitMs: number },
): Promise<StoreLock | undefined> {
  const name = lockKey(key);
  if (store.lock) return store.lock(name, options);
  if (claimedHere.has(name)) return undefined;
  claimedHere.add(name);
  return {
    async release() {
      claimedHere.delete(name);
    },
  };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * read → lock → read again → produce → release. Whoever cannot get the lock polls the store for what the
 * holder produces; past the deadline (a holder that died) it produces without the lock. A store without
 * `lock()` just produces (single-flight inside the process is the caller's job).
 */
export async function onceAcrossProcesses<T>(options: OnceOptions<T>): Promise<T> {
  const { store, key, read, produce } = options;
  const cached = await read();
  if (cached !== undefined) return cached;
  if (!store.lock) return produce();
  const pollMs = options.pollMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = performance.now() + (options.waitMs ?? 15_000);
  for (;;) {
    const lock = await store.lock(lockKey(key), { ttlMs: options.lockTtlMs ?? 15_000, waitMs: pollMs });
    if (lock) {
      try {
        return (await read()) ?? (await produce());
      } finally {
        await lock.release();
      }
    }
    const producedElsewhere = await read();
    if (producedElsewhere !== undefined) return producedElsewhere;
    if (performance.now() >= deadline) {
      options.logger.warn(`could not take the lock for ${key} in time; going ahead without it`);
      return produce();
    }
    await sleep(pollMs);
  }
}
