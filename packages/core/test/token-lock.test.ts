import { describe, expect, it } from 'vitest';
import { createMemoryStore, type Store } from '../src/index.js';
import { createCredentialCache } from '../src/token/cache.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const now = () => 1_700_000_000_000;

/** A store whose lock is always held by "another process" that may or may not finish its fetch. */
function lockedElsewhere(): Store & { lockCalls: number } {
  const inner = createMemoryStore({ clock: now });
  const store = {
    lockCalls: 0,
    get: inner.get,
    set: inner.set,
    delete: inner.delete,
    compareAndDelete: inner.compareAndDelete,
    async lock() {
      store.lockCalls++;
      return undefined;
    },
  };
  return store;
}

const entry = (value: string) => JSON.stringify({ value, refreshAt: now() + 3_600_000 });

describe('token cache across processes', () => {
  it('polls the store while another process holds the lock and takes the value it stored', async () => {
    const store = lockedElsewhere();
    const cache = createCredentialCache({ store, clock: now, logger: silent, pollMs: 1, lockWaitMs: 5_000 });
    let fetches = 0;
    const sleep = async () => {
      if (store.lockCalls === 3) await store.set('k', entry('FROM_OTHER'), 7_200_000);
    };
    const polling = createCredentialCache({ store, clock: now, logger: silent, pollMs: 1, sleep });
    expect(
      await polling.get('k', async () => {
        fetches++;
        return { value: 'MINE', expiresIn: 7200 };
      }),
    ).toBe('FROM_OTHER');
    expect(fetches).toBe(0);
    expect(store.lockCalls).toBeGreaterThanOrEqual(3);
    // Another client finds it in the store without touching the lock.
    const before = store.lockCalls;
    expect(await cache.get('k', async () => ({ value: 'MINE', expiresIn: 7200 }))).toBe('FROM_OTHER');
    expect(store.lockCalls).toBe(before);
  });

  it('fetches without the lock once the deadline passes (a holder that died)', async () => {
    const store = lockedElsewhere();
    const warnings: string[] = [];
    const logger = { ...silent, warn: (m: string) => warnings.push(m) };
    const cache = createCredentialCache({ store, clock: now, logger, pollMs: 1, lockWaitMs: 20 });
    expect(await cache.get('k', async () => ({ value: 'MINE', expiresIn: 7200 }))).toBe('MINE');
    expect(warnings.join()).toMatch(/could not take the lock/);
    expect(await store.get('k')).toContain('MINE');
  });

  it('re-reads the store after taking the lock instead of fetching again', async () => {
    const store = createMemoryStore({ clock: now });
    const held = await store.lock?.('k:lock', { ttlMs: 1000, waitMs: 0 });
    const cache = createCredentialCache({ store, clock: now, logger: silent, pollMs: 5 });
    let fetches = 0;
    const pending = cache.get('k', async () => {
      fetches++;
      return { value: 'MINE', expiresIn: 7200 };
    });
    await store.set('k', entry('HOLDERS'), 7_200_000);
    await held?.release();
    expect(await pending).toBe('HOLDERS');
    expect(fetches).toBe(0);
  });

  it('forgets a value on demand so the next read fetches', async () => {
    const store = createMemoryStore({ clock: now });
    const cache = createCredentialCache({ store, clock: now, logger: silent });
    let n = 0;
    const fetcher = async () => ({ value: `V${++n}`, expiresIn: 7200 });
    expect(await cache.get('k', fetcher)).toBe('V1');
    expect(await cache.get('k', fetcher)).toBe('V1');
    await cache.forget('k');
    expect(await cache.get('k', fetcher)).toBe('V2');
  });
});

describe('token cache when the store fails', () => {
  it('keeps a fetched token in the process when the store cannot save it', async () => {
    const inner = createMemoryStore({ clock: now });
    const store: Store = {
      get: inner.get,
      delete: inner.delete,
      compareAndDelete: inner.compareAndDelete,
      set: async () => {
        throw new Error('store down');
      },
    };
    const warnings: string[] = [];
    const cache = createCredentialCache({
      store,
      clock: now,
      logger: { ...silent, warn: (m) => warnings.push(m) },
    });
    let fetches = 0;
    const fetcher = async () => ({ value: `V${++fetches}`, expiresIn: 7200 });
    expect(await cache.get('k', fetcher)).toBe('V1');
    expect(await cache.get('k', fetcher)).toBe('V1');
    expect(fetches).toBe(1);
    expect(warnings.join()).toMatch(/could not store k/);
  });
});
