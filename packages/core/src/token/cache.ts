import { createHash } from 'node:crypto';
import { storeCondition } from '../log-once.js';
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
  /** When it was fetched from the platform (absent in values cached by older versions). */
  fetchedAt?: number;
}

/** What the cache holds for a key, without the value: for health answers. */
export interface CachedState {
  fetchedAt: number | undefined;
  refreshAt: number;
}

export interface CredentialCache {
  /** The cached value, or one fresh fetch shared by every concurrent caller (and every process, given a lock). */
  get(key: string, fetcher: () => Promise<Fetched>): Promise<string>;
  /**
   * The platform rejected `failed`: this process stops using it at once (it is remembered as rejected, so no
   * read of the store or of a load already under way brings it back), and the store drops it only if it still
   * holds it (compare-and-delete: a newer value saved meanwhile by another process is kept).
   */
  invalidate(key: string, failed: string): Promise<void>;
  /** Drops the cached value whatever it is (before a forced refresh). */
  forget(key: string): Promise<void>;
  /** When the value under `key` was fetched and is due for refresh (this process's copy, else the store's). */
  peek(key: string): Promise<CachedState | undefined>;
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
  /** How long this process refuses a rejected value it finds in the store or in a load; default 60 s. */
  rejectedMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Fingerprint of a secret for cache keys: two apps never share a token, and the secret never shows. */
export const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

// Rejected values remembered per key; a credential is rejected a few times a day, so this stays tiny.
const MAX_REJECTED_PER_KEY = 8;

const parse = (raw: string | undefined): Cached | undefined => {
  if (!raw) return undefined;
  try {
    const cached = JSON.parse(raw) as Cached;
    return typeof cached?.value === 'string' && typeof cached.refreshAt === 'number' ? cached : undefined;
  } catch {
    return undefined;
  }
};

export function createCredentialCache(options: CredentialCacheOptions): CredentialCache {
  const { store, clock, logger } = options;
  const margin = options.marginMs ?? 300_000;
  const rejectedMs = options.rejectedMs ?? 60_000;
  const inFlight = new Map<string, Promise<string>>();
  // A copy of what this process last read or wrote, so warm reads skip the store (and its JSON).
  const hot = new Map<string, Cached>();
  const rejected = new Map<string, Map<string, number>>();

  const isRejected = (key: string, value: string) => {
    const values = rejected.get(key);
    const until = values?.get(value);
    if (until === undefined) return false;
    if (until > clock()) return true;
    values?.delete(value);
    return false;
  };
  const reject = (key: string, value: string) => {
    const values = rejected.get(key) ?? new Map<string, number>();
    values.delete(value);
    values.set(value, clock() + rejectedMs);
    while (values.size > MAX_REJECTED_PER_KEY) values.delete(values.keys().next().value as string);
    rejected.set(key, values);
  };

  /** A stored credential still fresh and not rejected (kept hot in this process), else undefined. */
  const usable = (key: string, raw: string | undefined): string | undefined => {
    const cached = parse(raw);
    if (!cached || !(cached.refreshAt > clock()) || isRejected(key, cached.value)) return undefined;
    hot.set(key, cached);
    return cached.value;
  };

  const read = async (key: string): Promise<string | undefined> => {
    let raw: string | undefined;
    try {
      raw = await store.get(key);
    } catch (error) {
      // The store is away (the Redis store warns once per outage): fetch, and keep the value in this process.
      logger.debug(`could not read ${key} from the store (${(error as Error)?.message})`);
      return undefined;
    }
    return usable(key, raw);
  };

  const fetchAndStore = async (
    key: string,
    fetcher: () => Promise<Fetched>,
    save: (value: string, ttlMs: number) => Promise<void>,
  ) => {
    const { value, expiresIn } = await fetcher();
    // Straight from the platform: current, even if it was rejected before (WeCom hands back the same token
    // within its life, so a 40014 for another reason must not lock the app out of its only token).
    rejected.get(key)?.delete(value);
    const lifetimeMs = Math.max(1, expiresIn) * 1000;
    // Short lifetimes keep at least half of their life usable.
    const now = clock();
    const cached: Cached = {
      value,
      refreshAt: now + lifetimeMs - Math.min(margin, lifetimeMs / 2),
      fetchedAt: now,
    };
    hot.set(key, cached);
    try {
      await save(JSON.stringify(cached), lifetimeMs);
      storeCondition(store, { logger }).resolve();
    } catch (error) {
      // The value is good; losing it would cost another upstream fetch (and quota) on the next call.
      storeCondition(store, { logger }).report(
        `could not store ${key}; keeping it in this process only (${(error as Error)?.message})`,
      );
    }
    return value;
  };

  const load = (key: string, fetcher: () => Promise<Fetched>): Promise<string> =>
    onceAcrossProcesses({
      store,
      key,
      read: () => read(key),
      decode: (raw) => usable(key, raw),
      produce: (save) => fetchAndStore(key, fetcher, save),
      logger,
      ...(options.lockTtlMs !== undefined ? { lockTtlMs: options.lockTtlMs } : {}),
      ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });

  const shared = (key: string, fetcher: () => Promise<Fetched>) => {
    const running = inFlight.get(key);
    if (running) return running;
    const promise: Promise<string> = load(key, fetcher).finally(() => {
      if (inFlight.get(key) === promise) inFlight.delete(key);
    });
    inFlight.set(key, promise);
    return promise;
  };

  const cold = async (key: string, fetcher: () => Promise<Fetched>) => {
    for (let round = 0; ; round++) {
      const running = shared(key, fetcher);
      const value = await running;
      // A load that read the store before the value was rejected must not hand it to a retry; the next round
      // reads again (the rejected value is skipped) or fetches. Bounded: a fetched value is never refused.
      if (round >= 2 || !isRejected(key, value)) return value;
      if (inFlight.get(key) === running) inFlight.delete(key);
    }
  };

  return {
    get(key, fetcher) {
      const warm = hot.get(key);
      if (warm && warm.refreshAt > clock() && !isRejected(key, warm.value))
        return Promise.resolve(warm.value);
      return cold(key, fetcher);
    },
    async invalidate(key, failed) {
      reject(key, failed);
      if (hot.get(key)?.value === failed) hot.delete(key);
      try {
        const raw = await store.get(key);
        if (raw === undefined || parse(raw)?.value !== failed) return;
        await store.compareAndDelete(key, raw);
      } catch (error) {
        logger.warn(
          `could not drop the rejected ${key} from the store; this process will not use it again (${(error as Error)?.message})`,
        );
      }
    },
    async peek(key) {
      const cached = hot.get(key) ?? parse(await store.get(key));
      return cached && { fetchedAt: cached.fetchedAt, refreshAt: cached.refreshAt };
    },
    async forget(key) {
      hot.delete(key);
      try {
        await store.delete(key);
      } catch (error) {
        logger.warn(`could not delete ${key} from the store (${(error as Error)?.message})`);
      }
    },
  };
}
