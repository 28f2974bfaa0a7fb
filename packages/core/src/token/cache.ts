import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
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
}

export interface CredentialCacheOptions {
  store: Store;
  clock: () => number;
  logger: Logger;
  /** Refresh this long before expiry; default 5 minutes (halved for short lifetimes). */
  marginMs?: number;
  lockTtlMs?: number;
  lockWaitMs?: number;
}

/** Fingerprint of a secret for cache keys: two apps never share a token, and the secret never shows. */
export const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  const { store, clock, logger } = options;
  const margin = options.marginMs ?? 300_000;
  const inFlight = new Map<string, Promise<string>>();

  const read = async (key: string): Promise<string | undefined> => {
    const raw = await store.get(key);
    if (!raw) return undefined;
    try {
      const cached = JSON.parse(raw) as Cached;
      return cached.refreshAt > clock() ? cached.value : undefined;
    } catch {
      return undefined;
    }
  };

  const fetchAndStore = async (key: string, fetcher: () => Promise<Fetched>) => {
    const { value, expiresIn } = await fetcher();
    const lifetimeMs = Math.max(1, expiresIn) * 1000;
    // Short lifetimes keep at least half of their life usable.
    const refreshAt = clock() + lifetimeMs - Math.min(margin, lifetimeMs / 2);
    const cached: Cached = { value, refreshAt };
    await store.set(key, JSON.stringify(cached), lifetimeMs);
    return value;
  };

  const load = async (key: string, fetcher: () => Promise<Fetched>): Promise<string> => {
    const cached = await read(key);
    if (cached) return cached;
    if (!store.lock) return fetchAndStore(key, fetcher);
    const lock = await store.lock(`${key}:lock`, {
      ttlMs: options.lockTtlMs ?? 15_000,
      waitMs: options.lockWaitMs ?? 15_000,
    });
    try {
      // Another process may have fetched while this one waited for the lock.
      const again = await read(key);
      if (again) return again;
      if (!lock) logger.warn(`could not take the lock for ${key} in time; fetching without it`);
      return await fetchAndStore(key, fetcher);
    } finally {
      await lock?.release();
    }
  };

  return {
    get(key, fetcher) {
      const running = inFlight.get(key);
      if (running) return running;
      const promise = load(key, fetcher).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    async invalidate(key, failed) {
      const raw = await store.get(key);
      if (!raw) return;
      try {
        if ((JSON.parse(raw) as Cached).value !== failed) return;
      } catch {}
      await store.delete(key);
    },
  };
}
