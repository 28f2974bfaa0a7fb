import { randomBytes } from 'node:crypto';
import { silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../../src/index.js';
import { surveyApp } from '../survey-app.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const stores: RedisStore[] = [];
const prefix = () => `wxkit-test:${randomBytes(6).toString('hex')}:`;
const open = (p: string, extra: Parameters<typeof createRedisStore>[0] = {}) => {
  const store = createRedisStore({ url: REDIS_URL, prefix: p, logger: silentLogger, ...extra });
  stores.push(store);
  return store;
};
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe('Redis store', () => {
  it('keeps values with a TTL and deletes them', async () => {
    const store = open(prefix());
    await store.set('a', '1', 200);
    expect(await store.get('a')).toBe('1');
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await store.set('b', '2', 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await store.get('b')).toBeUndefined();
  });

  it('lets one process hold a lock at a time and never releases a lock it no longer owns', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    const first = await a.lock?.('k:lock', { ttlMs: 150, waitMs: 0 });
    expect(first).toBeDefined();
    expect(await b.lock?.('k:lock', { ttlMs: 5000, waitMs: 0 })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    const second = await b.lock?.('k:lock', { ttlMs: 5000, waitMs: 0 });
    expect(second).toBeDefined();
    await first?.release();
    expect(await a.lock?.('k:lock', { ttlMs: 5000, waitMs: 0 })).toBeUndefined();
    const waiting = a.lock?.('k:lock', { ttlMs: 5000, waitMs: 2000 });
    await second?.release();
    expect(await waiting).toBeDefined();
  });

  it('makes four processes sharing Redis fetch one token and one ticket', async () => {
    const emu = await createEmulator();
    const p = prefix();
    const clients = Array.from({ length: 4 }, () => surveyApp(open(p), emu.fetch));
    await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: 50 }, () => c.jssdk.config({ url: 'http://localhost:3000/' })),
      ),
    );
    const stats = (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls['/cgi-bin/gettoken']).toBe(1);
    expect(stats.calls['/cgi-bin/get_jsapi_ticket']).toBe(1);
  });
});

describe('compareAndDelete on Redis', () => {
  it('deletes only the expected value, atomically: of many racing deletes one wins and a newer value stays', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    await a.set('k', 'old', 60_000);
    expect(await b.compareAndDelete('k', 'other')).toBe(false);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => a.compareAndDelete('k', 'old')),
      b.set('k', 'newer', 60_000).then(() => 'set'),
      ...Array.from({ length: 10 }, () => b.compareAndDelete('k', 'old')),
    ]);
    // Redis may order b's set before or after a's deletes; either way the newer value is never deleted.
    expect(results.filter((r) => r === true).length).toBeLessThanOrEqual(1);
    expect(await a.get('k')).toBe('newer');
    await a.set('j', 'once', 60_000);
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).compareAndDelete('j', 'once')),
    );
    expect(racing.filter(Boolean)).toHaveLength(1);
  });
});
