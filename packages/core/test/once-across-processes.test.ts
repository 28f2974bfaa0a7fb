import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  type MemoryStore,
  onceAcrossProcesses,
  type Store,
  type StoreLock,
  silentLogger,
} from '../src/index.js';

interface Shape {
  /** The store offers readOrLock (Redis, memory). */
  oneStep: boolean;
  /** Its locks offer setAndRelease (Redis). */
  setAndRelease: boolean;
}

/** One process's view of a store shared by several: every call it makes is logged in `calls`. */
function processStore(shared: MemoryStore, shape: Shape, faults: { look?: Error; save?: Error } = {}) {
  const calls: string[] = [];
  const wrap = (lock: StoreLock): StoreLock => ({
    release: async () => {
      calls.push('release');
      await lock.release();
    },
    ...(shape.setAndRelease
      ? {
          setAndRelease: async (key: string, value: string, ttlMs: number) => {
            calls.push('setAndRelease');
            if (faults.save) throw faults.save;
            await shared.set(key, value, ttlMs);
            await lock.release();
          },
        }
      : {}),
  });
  const store: Store = {
    get: async (key) => {
      calls.push('get');
      return shared.get(key);
    },
    set: async (key, value, ttlMs) => {
      calls.push('set');
      if (faults.save) throw faults.save;
      return shared.set(key, value, ttlMs);
    },
    delete: (key) => shared.delete(key),
    compareAndDelete: (key, expected) => shared.compareAndDelete(key, expected),
    lock: async (key, options) => {
      calls.push('lock');
      const lock = await shared.lock?.(key, options);
      return lock && wrap(lock);
    },
    ...(shape.oneStep
      ? {
          readOrLock: async (key: string, options: { ttlMs: number }) => {
            calls.push('readOrLock');
            if (faults.look) throw faults.look;
            const found = await shared.readOrLock?.(key, options);
            return found?.lock ? { lock: wrap(found.lock) } : (found ?? {});
          },
        }
      : {}),
  };
  return { store, calls };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The once-across-processes of a value "v<n>" under `key`, the way the code memo and the token cache use it. */
function once(store: Store, key: string, made: { count: number }, options: { produceMs?: number } = {}) {
  const decode = (raw: string | undefined) => (raw?.startsWith('v') ? raw : undefined);
  return onceAcrossProcesses({
    store,
    key,
    read: async () => decode(await store.get(key)),
    decode,
    produce: async (save) => {
      made.count++;
      const value = `v${made.count}`;
      await sleep(options.produceMs ?? 0);
      await save(value, 60_000);
      return value;
    },
    logger: silentLogger,
    pollMs: 5,
    sleep,
  });
}

const SHAPES: Shape[] = [
  { oneStep: true, setAndRelease: true },
  { oneStep: true, setAndRelease: false },
  { oneStep: false, setAndRelease: true },
  { oneStep: false, setAndRelease: false },
];

describe('onceAcrossProcesses', () => {
  it.each(SHAPES)('produces once for concurrent callers in several processes (%o)', async (shape) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 15 }),
        async (processes, callers, produceMs) => {
          const shared = createMemoryStore();
          const made = { count: 0 };
          const stores = Array.from({ length: processes }, () => processStore(shared, shape).store);
          const values = await Promise.all(
            stores.flatMap((store) =>
              Array.from({ length: callers }, () => once(store, 'k', made, { produceMs })),
            ),
          );
          expect(made.count).toBe(1);
          expect(new Set(values)).toEqual(new Set(['v1']));
          expect(await shared.get('k')).toBe('v1');
          // Every lock was given back: the next producer gets in at once.
          expect(await shared.lock?.('k:lock', { ttlMs: 1000, waitMs: 0 })).toBeDefined();
        },
      ),
      { numRuns: 15 },
    );
  });

  it('takes the lock with its first look at an empty key: one look, then one write-and-release', async () => {
    const made = { count: 0 };
    const both = processStore(createMemoryStore(), { oneStep: true, setAndRelease: true });
    expect(await once(both.store, 'k', made)).toBe('v1');
    expect(both.calls).toEqual(['readOrLock', 'setAndRelease']);

    const lookOnly = processStore(createMemoryStore(), { oneStep: true, setAndRelease: false });
    expect(await once(lookOnly.store, 'k', made)).toBe('v2');
    expect(lookOnly.calls).toEqual(['readOrLock', 'set', 'release']);

    const plain = processStore(createMemoryStore(), { oneStep: false, setAndRelease: false });
    expect(await once(plain.store, 'k', made)).toBe('v3');
    expect(plain.calls).toEqual(['get', 'lock', 'get', 'set', 'release']);
  });

  it('answers a stored value from the first look, without the lock', async () => {
    const shared = createMemoryStore();
    await shared.set('k', 'v7', 60_000);
    const { store, calls } = processStore(shared, { oneStep: true, setAndRelease: true });
    const made = { count: 0 };
    expect(await once(store, 'k', made)).toBe('v7');
    expect(made.count).toBe(0);
    expect(calls).toEqual(['readOrLock']);
  });

  it('produces again, under the lock, when the stored value does not decode (stale, or another login’s)', async () => {
    const shared = createMemoryStore();
    await shared.set('k', 'not ours', 60_000);
    const { store, calls } = processStore(shared, { oneStep: true, setAndRelease: true });
    const made = { count: 0 };
    expect(await once(store, 'k', made)).toBe('v1');
    expect(calls).toEqual(['readOrLock', 'lock', 'get', 'setAndRelease']);
    expect(await shared.get('k')).toBe('v1');
  });

  it('falls back to the plain read when the one-step look fails, and still produces once', async () => {
    const shared = createMemoryStore();
    const made = { count: 0 };
    const away = processStore(shared, { oneStep: true, setAndRelease: true }, { look: new Error('away') });
    const values = await Promise.all([once(away.store, 'k', made), once(away.store, 'k', made)]);
    expect(values).toEqual(['v1', 'v1']);
    expect(made.count).toBe(1);
    // Each caller's failed look was followed by its own plain read.
    const count = (call: string) => away.calls.filter((c) => c === call).length;
    expect(count('readOrLock')).toBe(2);
    expect(count('get')).toBeGreaterThanOrEqual(2);
  });

  it('gives the lock back when the write-and-release fails, and the failure reaches the producer', async () => {
    const shared = createMemoryStore();
    const failing = processStore(shared, { oneStep: true, setAndRelease: true }, { save: new Error('down') });
    const made = { count: 0 };
    await expect(once(failing.store, 'k', made)).rejects.toThrow('down');
    expect(failing.calls).toEqual(['readOrLock', 'setAndRelease', 'release']);
    // Not left held until its TTL: the next caller takes it at once.
    const next = processStore(shared, { oneStep: true, setAndRelease: true });
    expect(await once(next.store, 'k', made)).toBe('v2');
    expect(next.calls).toEqual(['readOrLock', 'setAndRelease']);
  });
});
