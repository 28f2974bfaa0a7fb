/**
 * Where tokens, tickets, code results and sessions live; @wxkit/redis implements it for several processes.
 * A store that cannot do what was asked rejects with WxStoreError; it never reports a write it did not make.
 */
export interface Store {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Deletes `key` only if it holds exactly `expected`, atomically (no write can land between the compare and
   * the delete); true when it deleted. This is how a rejected token is dropped without deleting the newer one
   * another process just saved.
   */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  /**
   * Optional mutual exclusion across every user of the store. Waits up to `waitMs` to acquire;
   * resolves undefined when it could not. The lock frees itself after `ttlMs` if never released.
   */
  lock?(key: string, options: { ttlMs: number; waitMs: number }): Promise<StoreLock | undefined>;
  /**
   * Optional, with `lock`: the value of `key`, or, when it holds none, the lock guarding it (`lockKey(key)`, as
   * `lock` takes it, without waiting), in one atomic step: one round trip where `get` then `lock` would be two,
   * and no write can land between the look and the lock. Resolves `{ value }` when the key holds one (no lock is
   * taken), `{ lock }` when it was empty and the lock was free, `{}` when it was empty and another holds the lock.
   */
  readOrLock?(key: string, options: { ttlMs: number }): Promise<ReadOrLock>;
}

/** What {@link Store.readOrLock} found: the value, or the lock, or neither (empty, and the lock held elsewhere). */
export type ReadOrLock = { value: string; lock?: undefined } | { value?: undefined; lock?: StoreLock };

export interface StoreLock {
  release(): Promise<void>;
  /**
   * Optional: `set(key, value, ttlMs)` and then `release()`, in one step (one round trip on Redis) when `key` is
   * the key this lock guards. Rejects as `set` does when the write could not be made; the lock is then still to
   * be released.
   */
  setAndRelease?(key: string, value: string, ttlMs: number): Promise<void>;
}
