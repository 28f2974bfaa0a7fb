import { randomBytes } from 'node:crypto';
import { createWeCom, lockKey, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { Redis } from 'ioredis';
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

/** A platform stub: a token, and the same member for every code. */
const platform = (async (url: string | URL | Request) => {
  const path = String(url);
  const answer = path.includes('/gettoken')
    ? { errcode: 0, errmsg: 'ok', access_token: 'A'.repeat(64), expires_in: 7200 }
    : { errcode: 0, errmsg: 'ok', userid: 'zhangsan', user_ticket: 'T'.repeat(40), expires_in: 1800 };
  return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
}) as typeof fetch;

/** Redis round trips under prefix `p` as MONITOR saw them: a MULTI…EXEC counts once, a script's own calls not. */
async function roundTrips(p: string, work: () => Promise<unknown>): Promise<string[]> {
  const monitor = await new Redis(REDIS_URL).monitor();
  const seen: string[] = [];
  let inMulti = false;
  const marker = `${p}marker`;
  let markerSeen = false;
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    const command = String(args[0]).toLowerCase();
    if (source === 'lua') return;
    if (command === 'multi') inMulti = true;
    else if (command === 'exec') inMulti = false;
    else if (args.includes(marker)) markerSeen = true;
    else if (!inMulti && args.some((a) => String(a).includes(p))) seen.push(command);
    if (command === 'multi') seen.push('multi');
  });
  const direct = new Redis(REDIS_URL);
  try {
    await work();
    // MONITOR lines arrive on their own connection, after the replies: wait for a marker sent last.
    await direct.get(marker);
    for (let i = 0; i < 200 && !markerSeen; i++) await new Promise((r) => setTimeout(r, 10));
    return seen;
  } finally {
    monitor.disconnect();
    direct.disconnect();
  }
}

/** The lock guarding `key` can be taken at once (and is given back). */
async function expectLockFree(store: RedisStore, key: string) {
  const lock = await store.lock?.(lockKey(key), { ttlMs: 10_000, waitMs: 0 });
  expect(lock).toBeDefined();
  await lock?.release();
}

describe('Redis store: one round trip where two would do', () => {
  it('reads or locks in one step: the value, else the lock, else nothing while another holds it', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    const first = await a.readOrLock?.('k', { ttlMs: 10_000 });
    expect(first?.lock).toBeDefined();
    expect(first?.value).toBeUndefined();
    expect(await b.readOrLock?.('k', { ttlMs: 10_000 })).toEqual({});
    await first?.lock?.setAndRelease?.('k', 'made', 60_000);
    expect(await b.readOrLock?.('k', { ttlMs: 10_000 })).toEqual({ value: 'made' });
    // The lock went with the write: another process takes it at once.
    await expectLockFree(b, 'k');
  });

  it('writes and releases in one step, and never releases a lock that ran out and was taken by another', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    const direct = new Redis(REDIS_URL);
    try {
      const mine = await a.readOrLock?.('k', { ttlMs: 10_000 });
      await direct.del(`${p}{k}:lock`);
      const theirs = await b.lock?.(lockKey('k'), { ttlMs: 10_000, waitMs: 0 });
      expect(theirs).toBeDefined();
      await mine?.lock?.setAndRelease?.('k', 'late but written', 60_000);
      expect(await b.get('k')).toBe('late but written');
      expect(await direct.exists(`${p}{k}:lock`)).toBe(1);
      await theirs?.release();
      expect(await direct.exists(`${p}{k}:lock`)).toBe(0);
    } finally {
      direct.disconnect();
    }
  });

  it('reads the scripts’ answers from a client that gives numbers as text (stringNumbers)', async () => {
    const p = prefix();
    const client = new Redis(REDIS_URL, { stringNumbers: true, enableOfflineQueue: false });
    await new Promise((resolve) => client.once('ready', resolve));
    const store = createRedisStore({ client, prefix: p, logger: silentLogger });
    try {
      const first = await store.readOrLock?.('k', { ttlMs: 10_000 });
      expect(first?.lock).toBeDefined();
      await first?.lock?.setAndRelease?.('k', 'v', 60_000);
      expect(await store.readOrLock?.('k', { ttlMs: 10_000 })).toEqual({ value: 'v' });
    } finally {
      await store.close();
      client.disconnect();
    }
  });

  it('writes a key other than the one its lock guards in two commands, and still releases the lock', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    const first = await a.readOrLock?.('k', { ttlMs: 10_000 });
    await first?.lock?.setAndRelease?.('other', 'v', 60_000);
    expect(await b.get('other')).toBe('v');
    expect(await b.get('k')).toBeUndefined();
    await expectLockFree(b, 'k');
  });

  it('runs its scripts on a server that does not hold them (restarted, failed over): the text goes once', async () => {
    const p = prefix();
    const a = open(p);
    const direct = new Redis(REDIS_URL);
    try {
      await direct.script('FLUSH');
      const seen = await roundTrips(p, async () => {
        const first = await a.readOrLock?.('k', { ttlMs: 10_000 });
        await first?.lock?.setAndRelease?.('k', 'v', 60_000);
        expect(await a.readOrLock?.('k', { ttlMs: 10_000 })).toEqual({ value: 'v' });
      });
      // Another test file may load a script again in between (the cache is the server's): the text goes at most
      // once per script, and every call goes by hash first.
      expect(seen.filter((c) => c === 'evalsha')).toHaveLength(3);
      expect(seen.filter((c) => c === 'eval').length).toBeLessThanOrEqual(2);
      expect(await direct.exists(`${p}{k}:lock`)).toBe(0);
    } finally {
      direct.disconnect();
    }
  });

  it('remembers a code exchange in two round trips (one look, one write-and-release); a repeat costs one', async () => {
    const p = prefix();
    const wecom = createWeCom({
      corpId: 'ww0123456789abcdef',
      corpSecret: 'secret-0123456789abcdefghijklmnopqrstuvwxyz',
      agentId: 1000002,
      fetch: platform,
      store: open(p),
      logger: silentLogger,
    });
    await wecom.getAccessToken();
    // Another code first: the server holds both scripts from then on (a fresh server answers NOSCRIPT once).
    await wecom.oauth.exchangeCode('CODE-0', { binding: 'another-login-that-got-its-code' });
    const login = { binding: 'the-login-that-got-this-code' };
    const first = await roundTrips(p, () => wecom.oauth.exchangeCode('CODE-1', login));
    expect(first).toEqual(['evalsha', 'evalsha']);
    // The same login again (a reload): answered by the look alone.
    const again = await roundTrips(p, () => wecom.oauth.exchangeCode('CODE-1', login));
    expect(again).toEqual(['evalsha']);
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
