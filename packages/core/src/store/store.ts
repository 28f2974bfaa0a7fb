/** Where tokens, tickets, code results and sessions live; @wxkit/redis implements it for several processes. */
export interface Store {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional mutual exclusion across every user of the store. Waits up to `waitMs` to acquire;
   * resolves undefined when it could not. The lock frees itself after `ttlMs` if never released.
   */
  lock?(key: string, options: { ttlMs: number; waitMs: number }): Promise<StoreLock | undefined>;
}

export interface StoreLock {
  release(): Promise<void>;
}
