import type { Logger } from '../logger.js';
import { lockKey } from './lock-key.js';
import type { Store, StoreLock } from './store.js';

export interface OnceOptions<T> {
  store: Store;
  /** What is produced; the lock is {@link lockKey}(key). */
  key: string;
  /** What is already in the store (undefined when nothing usable is). */
  read(): Promise<T | undefined>;
  /**
   * What a raw stored value means, by the same rule as `read` (undefined: not usable). With it, a store that reads
   * and locks in one step (`readOrLock`: one Redis round trip instead of read, lock and read again) takes the
   * first look; without it, or when that step fails, the first look is `read`.
   */
  decode?(raw: string): T | undefined;
  /**
   * Makes the value and puts it in the store under `key` with `save` (which writes and, where the store can,
   * releases the lock in the same step); runs at most once across processes while the lock holds. `save` rejects
   * as `Store.set` does.
   */
  produce(save: (value: string, ttlMs: number) => Promise<void>): Promise<T>;
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

/** The first look at the store: a usable value, or the lock (the key was empty when it was taken), or neither. */
async function firstLook<T>(
  options: OnceOptions<T>,
  lockTtlMs: number,
): Promise<{ value?: T; lock?: StoreLock }> {
  const { store, key, decode } = options;
  if (store.lock && store.readOrLock && decode) {
    try {
      const found = await store.readOrLock(key, { ttlMs: lockTtlMs });
      if (found.lock) return { lock: found.lock };
      const value = found.value === undefined ? undefined : decode(found.value);
      // Empty with the lock held elsewhere, or a value that is not usable (stale, not ours): the lock loop.
      return value === undefined ? {} : { value };
    } catch {
      // The store is away: the plain read below meets the same failure and reports it as every read does. Any
      // other failure (a Redis that refuses scripts, say) only costs the round trips saved, and the store counts
      // it (@wxkit/redis: wxkit.store.calls, op readOrLock, outcome reply_error).
    }
  }
  const value = await options.read();
  return value === undefined ? {} : { value };
}

/** `produce` under `lock`: its save writes and releases in one step where the lock can, else the lock is released after. */
async function holding<T>(
  store: Store,
  key: string,
  lock: StoreLock,
  produce: (save: (value: string, ttlMs: number) => Promise<void>) => Promise<T>,
): Promise<T> {
  let released = false;
  const save = async (value: string, ttlMs: number) => {
    if (!lock.setAndRelease || released) return store.set(key, value, ttlMs);
    await lock.setAndRelease(key, value, ttlMs);
    released = true;
  };
  try {
    return await produce(save);
  } finally {
    if (!released) await lock.release();
  }
}

/**
 * read → lock → read again → produce → release. Whoever cannot get the lock polls the store for what the
 * holder produces; past the deadline (a holder that died) it produces without the lock. A store without
 * `lock()` just produces (single-flight inside the process is the caller's job). With `decode` and a store that
 * has `readOrLock`, the first three steps are one when the key is empty: the lock taken together with the look
 * needs no second look, since nothing was stored in between.
 */
export async function onceAcrossProcesses<T>(options: OnceOptions<T>): Promise<T> {
  const { store, key, read, produce } = options;
  const lockTtlMs = options.lockTtlMs ?? 15_000;
  const first = await firstLook(options, lockTtlMs);
  if (first.value !== undefined) return first.value;
  const unlocked = (value: string, valueTtlMs: number) => store.set(key, value, valueTtlMs);
  if (first.lock) return holding(store, key, first.lock, produce);
  if (!store.lock) return produce(unlocked);
  const pollMs = options.pollMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  const deadline = performance.now() + (options.waitMs ?? 15_000);
  for (;;) {
    const lock = await store.lock(lockKey(key), { ttlMs: lockTtlMs, waitMs: pollMs });
    if (lock) return holding(store, key, lock, async (save) => (await read()) ?? (await produce(save)));
    const producedElsewhere = await read();
    if (producedElsewhere !== undefined) return producedElsewhere;
    if (performance.now() >= deadline) {
      options.logger.warn(`could not take the lock for ${key} in time; going ahead without it`);
      return produce(unlocked);
    }
    await sleep(pollMs);
  }
}
