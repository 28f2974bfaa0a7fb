import { describe, expect, it } from 'vitest';
import { createMemoryStore, type Store, silentLogger } from '../src/index.js';
import { createCredentialCache } from '../src/token/cache.js';

/** A memory store whose next `get` waits until the test opens the gate: a reader overtaken by a delete. */
function gatedStore() {
  const inner = createMemoryStore();
  let gate: Promise<void> | undefined;
  let open: () => void = () => {};
  const log: string[] = [];
  const store: Store = {
    async get(key) {
      const waiting = gate;
      gate = undefined;
      const value = await inner.get(key);
      if (waiting) await waiting;
      log.push(`get:${value ? JSON.parse(value).value : '-'}`);
      return value;
    },
    set: (k, v, t) => {
      log.push(`set:${JSON.parse(v).value}`);
      return inner.set(k, v, t);
    },
    delete: (k) => {
      log.push('delete');
      return inner.delete(k);
    },
    compareAndDelete: async (k, expected) => {
      const done = await inner.compareAndDelete(k, expected);
      log.push(`cad:${done}`);
      return done;
    },
    ...(inner.lock ? { lock: inner.lock.bind(inner) } : {}),
  };
  return {
    store,
    log,
    /** The next get reads now but answers only when `release()` is called. */
    holdNextGet() {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
  };
}

const fetcher = () => {
  let n = 0;
  return async () => ({ value: `T${++n}`, expiresIn: 7200 });
};

describe('invalidating a rejected token', () => {
  it('a reader that read the dead token just before it was deleted cannot put it back for the retry', async () => {
    const { store, holdNextGet, release } = gatedStore();
    const cache = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    const fetch = fetcher();
    const warm = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    expect(await warm.get('k', fetch)).toBe('T1');
    // A reader on a cold cache reads T1 from the store; its answer arrives after the invalidation.
    holdNextGet();
    const reader = cache.get('k', fetch);
    await cache.invalidate('k', 'T1');
    release();
    await reader;
    const retry = await cache.get('k', fetch);
    expect(retry).not.toBe('T1');
    expect(retry).toBe('T2');
  });

  it('a retry that joins a load started before the rejection does not get the rejected value', async () => {
    const { store, holdNextGet, release } = gatedStore();
    const fetch = fetcher();
    const seeding = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    expect(await seeding.get('k', fetch)).toBe('T1');
    const cache = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    holdNextGet();
    const early = cache.get('k', fetch);
    await cache.invalidate('k', 'T1');
    const retry = cache.get('k', fetch);
    release();
    await early;
    expect(await retry).toBe('T2');
  });

  it('deletes the stored value only if it is still the rejected one (compare-and-delete)', async () => {
    const { store, log } = gatedStore();
    const fetch = fetcher();
    const a = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    const b = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    expect(await a.get('k', fetch)).toBe('T1');
    expect(await b.get('k', fetch)).toBe('T1');
    await a.invalidate('k', 'T1');
    expect(await a.get('k', fetch)).toBe('T2');
    // b learns late that T1 was rejected: T2, saved by a, stays.
    await b.invalidate('k', 'T1');
    expect(await b.get('k', fetch)).toBe('T2');
    expect(log.filter((l) => l === 'delete')).toEqual([]);
    expect(log.filter((l) => l.startsWith('set:'))).toEqual(['set:T1', 'set:T2']);
  });

  it('accepts the rejected value again when the platform itself hands it out fresh', async () => {
    const store = createMemoryStore();
    const cache = createCredentialCache({ store, clock: Date.now, logger: silentLogger });
    const same = async () => ({ value: 'SAME', expiresIn: 7200 });
    expect(await cache.get('k', same)).toBe('SAME');
    await cache.invalidate('k', 'SAME');
    expect(await cache.get('k', same)).toBe('SAME');
    expect(await cache.get('k', async () => ({ value: 'OTHER', expiresIn: 7200 }))).toBe('SAME');
  });

  it('keeps working when the store cannot be read or written (the hot value and the rejection list are in process)', async () => {
    const failing: Store = {
      get: async () => {
        throw Object.assign(new Error('Redis down'), { name: 'WxStoreError' });
      },
      set: async () => {
        throw Object.assign(new Error('Redis down'), { name: 'WxStoreError' });
      },
      delete: async () => {
        throw Object.assign(new Error('Redis down'), { name: 'WxStoreError' });
      },
      compareAndDelete: async () => {
        throw Object.assign(new Error('Redis down'), { name: 'WxStoreError' });
      },
    };
    const cache = createCredentialCache({ store: failing, clock: Date.now, logger: silentLogger });
    const fetch = fetcher();
    expect(await cache.get('k', fetch)).toBe('T1');
    expect(await cache.get('k', fetch)).toBe('T1');
    await cache.invalidate('k', 'T1');
    expect(await cache.get('k', fetch)).toBe('T2');
    await cache.forget('k');
    expect(await cache.get('k', fetch)).toBe('T3');
  });
});
