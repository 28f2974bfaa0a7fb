import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import { onceAcrossProcesses } from '../store/once.js';
import type { Store } from '../store/store.js';

export interface Fetched {
  value: string;
  /** Seconds, as the platform reports it. */
  expiresIn: number;
}

interface Cached {
  value: string;
  /** When to fetch a new one: the expiry less the margin. */
  refreshAt: number;
}

export interface CredentialCache {
  /** The cached value, or one fresh fetch shared by every concurrent caller (and every process, given a lock). */
  get(key: string, fetcher: () => Promise<Fetched>): Promise<string>;
  /** Drops the cached value only if it is still `failed`: a newer value fetched meanwhile is kept. */
  invalidate(key: string, failed: string): Promise<void>;
  /** Drops the cached value whatever it is (before a forced refresh). */
  forget(key: string): Promise<void>;
}

export interface CredentialCacheOptions {
  store: Store;
  clock: () => number;
  logger: Logger;
  /** Refresh this long before expiry; default 5 minutes (halved for short lifetimes). */
  marginMs?: number;
  /** How long the fetching process may hold the lock; default 15 s. */
  lockTtlMs?: number;
  /** How long a caller that cannot get the lock keeps polling the store before fetching anyway; default 15 s. */
  lockWaitMs?: number;
  /** Pause between polls of the store while another process holds the lock; default 100 ms. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Fingerprint of a secret for cache keys: two apps never share a token, and the secret never shows. */
export const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  const { store, clock, logger } = options;
  const margin = options.marginMs ?? 300_000;
  const inFlight = new Map<string, Promise<string>>();
  // A copy of what this process last read or wrote, so warm reads skip the store (and its JSON).
  const hot = new Map<string, Cached>();

  const read = async (key: string): Promise<string | undefined> => {
    const raw = await store.get(key);
    if (!raw) return undefined;
    try {
      const cached = JSON.parse(raw) as Cached;
      if (!(cached.refreshAt > clock())) return undefined;
      hot.set(key, cached);
      return cached.value;
    } catch {
      return undefined;
    }
  };

  const fetchAndStore = async (key: string, fetcher: () => Promise<Fetched>) => {
    const { value, expiresIn } = await fetcher();
    const lifetimeMs = Math.max(1, expiresIn) * 1000;
    // Short lifetimes keep at least half of their life usable.
    const cached: Cached = { value, refreshAt: clock() + lifetimeMs - Math.min(margin, lifetimeMs / 2) };
    hot.set(key, cached);
    try {
      await store.set(key, JSON.stringify(cached), lifetimeMs);
    } catch (error) {
      // The value is good; losing it would cost another upstream fetch (and quota) on the next call.
      logger.warn(`could not store ${key}; keeping it in this process only (${(error as Error)?.message})`);
    }
    return value;
  };

  const load = (key: string, fetcher: () => Promise<Fetched>): Promise<string> =>
    onceAcrossProcesses({
      store,
      key,
      read: () => read(key),
      produce: () => fetchAndStore(key, fetcher),
      logger,
      ...(options.lockTtlMs !== undefined ? { lockTtlMs: options.lockTtlMs } : {}),
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });

  return {
    get(key, fetcher) {
      const warm = hot.get(key);
      if (warm && warm.refreshAt > clock()) return Promise.resolve(warm.value);
      const running = inFlight.get(key);
      if (running) return running;
      const promise = load(key, fetcher).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    async invalidate(key, failed) {
      if (hot.get(key)?.value === failed) hot.delete(key);
      const raw = await store.get(key);
      if (!raw) return;
      try {
        if ((JSON.parse(raw) as Cached).value !== failed) return;
      } catch {}
      await store.delete(key);
    },
    async forget(key) {
      hot.delete(key);
      await store.delete(key);
    },
  };
}
