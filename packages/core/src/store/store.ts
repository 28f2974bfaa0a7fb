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
}

export interface StoreLock {
  release(): Promise<void>;
}
