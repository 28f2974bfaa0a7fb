import { randomBytes } from 'node:crypto';
import { createWeCom, isWxStoreError, type Logger, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { DEMO_WECOM } from '@wxkit/test-support';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore, type RedisStoreOptions } from '../../src/index.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { surveyApp } from '../survey-app.js';

const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const target = { host: REDIS.hostname, port: Number(REDIS.port || 6379) };
const prefix = () => `wxkit-test:${randomBytes(6).toString('hex')}:`;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

async function proxied(extra: RedisStoreOptions = {}) {
  const proxy = await startTcpProxy(target);
  const logs: string[] = [];
  const logger: Logger = {
    ...silentLogger,
    warn: (m) => logs.push(`warn:${m}`),
    error: (m) => logs.push(`error:${m}`),
  };
  const p = extra.prefix ?? prefix();
  const store = createRedisStore({
    url: `redis://127.0.0.1:${proxy.port}`,
    prefix: p,
    logger,
    // Generous: the machine running the tests may be busy, and a slow answer would open the breaker.
    commandTimeoutMs: 1000,
    probeMs: 50,
    ...extra,
  });
  // Reads Redis itself, around the proxy: what really is stored.
  const direct = new Redis(REDIS.href);
  cleanup.push(
    () => proxy.close(),
    () => store.close(),
    () => direct.quit(),
  );
  const stored = (key: string) => direct.get(`${p}{${key}}`);
  return { proxy, store, logs, stored, prefix: p };
}

/** Waits (polling, no fixed sleep) until the store's breaker has closed again. */
async function recovered(store: RedisStore) {
  for (let i = 0; i < 200 && store.down; i++) await new Promise((r) => setTimeout(r, 25));
  expect(store.down).toBe(false);
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('Redis stopped (connections dropped, new ones refused)', () => {
  it('rejects set, delete and compareAndDelete with WxStoreError, and none of them happens', async () => {
    const { proxy, store, stored } = await proxied();
    await store.set('session', 'S1', 60_000);
    proxy.kill();
    expect(isWxStoreError(await rejection(store.set('session', 'S2', 60_000)))).toBe(true);
    expect(isWxStoreError(await rejection(store.set('created', 'C1', 60_000)))).toBe(true);
    expect(isWxStoreError(await rejection(store.delete('session')))).toBe(true);
    expect(isWxStoreError(await rejection(store.compareAndDelete('session', 'S1')))).toBe(true);
    proxy.restore();
    await recovered(store);
    expect(await stored('session')).toBe('S1');
    expect(await stored('created')).toBeNull();
  });

  it('rejects readOrLock with WxStoreError (core then reads and locks the plain way), and locks inside the process', async () => {
    const { proxy, store } = await proxied();
    proxy.kill();
    expect(
      isWxStoreError(await rejection(store.readOrLock?.('code:x', { ttlMs: 10_000 }) ?? Promise.resolve())),
    ).toBe(true);
    // The in-process lock is core's createLocalLock (its release rules are tested with the memory store's).
    const first = await store.lock?.('code:x:lock', { ttlMs: 10_000, waitMs: 0 });
    expect(first).toBeDefined();
    expect(await store.lock?.('code:x:lock', { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();
    await first?.release();
    const second = await store.lock?.('code:x:lock', { ttlMs: 10_000, waitMs: 0 });
    expect(second).toBeDefined();
    await second?.release();
    proxy.restore();
    await recovered(store);
  });

  it('serves a value this process saw while it lives, and rejects a read it cannot answer', async () => {
    const { proxy, store } = await proxied();
    await store.set('seen', 'V', 60_000);
    await store.set('short', 'X', 30);
    proxy.kill();
    expect(await store.get('seen')).toBe('V');
    await new Promise((r) => setTimeout(r, 60));
    expect(isWxStoreError(await rejection(store.get('short')))).toBe(true);
    expect(isWxStoreError(await rejection(store.get('never-seen')))).toBe(true);
  });

  it('a logout that fails during the outage says so, and a logout that succeeded is never undone on recovery', async () => {
    const { proxy, store, stored } = await proxied();
    await store.set('sess:a', 'A', 60_000);
    await store.set('sess:b', 'B', 60_000);
    await store.delete('sess:a');
    proxy.kill();
    expect(isWxStoreError(await rejection(store.delete('sess:b')))).toBe(true);
    proxy.restore();
    await recovered(store);
    expect(await stored('sess:a')).toBeNull();
    expect(await store.get('sess:a')).toBeUndefined();
    expect(await stored('sess:b')).toBe('B');
    await store.delete('sess:b');
    expect(await stored('sess:b')).toBeNull();
  });

  it('logs the outage once at error and the recovery at warn, and works again without a restart', async () => {
    const { proxy, store, logs, stored } = await proxied();
    await store.set('k', '1', 60_000);
    proxy.kill();
    for (let i = 0; i < 5; i++) await rejection(store.set('k', `x${i}`, 60_000));
    expect(logs.filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(logs.find((l) => l.startsWith('error:'))).toContain(
      `Redis unreachable at redis://127.0.0.1:${proxy.port}`,
    );
    proxy.restore();
    await recovered(store);
    expect(logs.filter((l) => l.startsWith('warn:'))).toEqual([
      expect.stringMatching(/Redis is back after \d+ ms/),
    ]);
    await store.set('k', '2', 60_000);
    expect(await stored('k')).toBe('2');
  });
});

describe('Redis stalled (connections open, nothing answered)', () => {
  it('opens the breaker on the first timeout, so later calls fail at once instead of each waiting', async () => {
    const { proxy, store } = await proxied();
    await store.set('k', 'V', 60_000);
    proxy.blackhole();
    const first = await rejection(store.set('k', 'W', 60_000));
    expect(isWxStoreError(first) && (first as Error).message).toMatch(/no answer within 1000 ms/);
    expect(store.down).toBe(true);
    // 100 calls one after another while Redis still says nothing: at 1 s each this would outlast the test.
    for (let i = 0; i < 100; i++) {
      expect(isWxStoreError(await rejection(store.set(`k${i}`, 'W', 60_000)))).toBe(true);
      expect(await store.get('k')).toBe('V');
    }
    proxy.restore();
    await recovered(store);
  });

  it('after the stall, answers from Redis again (not from its in-process copy), on a fresh connection', async () => {
    const { proxy, store, stored } = await proxied();
    await store.set('k', 'before', 60_000);
    proxy.blackhole();
    // Reported as failed = not known to be done. TCP may still deliver a command sent before the stall once
    // it ends (as a real network would), so the caller must treat it as "maybe": retry or answer 503.
    expect(isWxStoreError(await rejection(store.set('k', 'during', 60_000)))).toBe(true);
    proxy.restore();
    await recovered(store);
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.get('k')).toBe(await stored('k'));
    await store.set('k', 'after', 60_000);
    expect(await stored('k')).toBe('after');
    expect(await store.get('k')).toBe('after');
  });
});

describe('a lock Redis took for a caller that was told the call failed', () => {
  it('is given back once Redis answers again, not held for its whole TTL', async () => {
    const client = new Redis(REDIS.href, { enableOfflineQueue: false });
    const direct = new Redis(REDIS.href);
    cleanup.push(
      async () => client.disconnect(),
      () => direct.quit(),
    );
    await new Promise((resolve) => client.once('ready', resolve));
    // Redis runs the script, but its answer arrives after the store stopped waiting (a slow network, a stall).
    let late = false;
    const evalsha = client.evalsha.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { evalsha: typeof evalsha }).evalsha = async (...args) => {
      try {
        return await evalsha(...args);
      } finally {
        if (late) await new Promise((r) => setTimeout(r, 2500));
      }
    };
    const p = prefix();
    const store = createRedisStore({
      client,
      prefix: p,
      logger: silentLogger,
      // Generous, as above: only the late call may time out, not the first one on a busy machine.
      commandTimeoutMs: 1000,
      probeMs: 50,
    });
    cleanup.push(() => store.close());
    // The scripts are loaded first, so the late call is the script itself, not a NOSCRIPT answer.
    await (await store.readOrLock?.('warm', { ttlMs: 1000 }))?.lock?.release();
    late = true;
    expect(
      isWxStoreError(await rejection(store.readOrLock?.('code:y', { ttlMs: 60_000 }) ?? Promise.resolve())),
    ).toBe(true);
    late = false;
    expect(await direct.exists(`${p}{code:y}:lock`)).toBe(1);
    await recovered(store);
    for (let i = 0; i < 100 && (await direct.exists(`${p}{code:y}:lock`)); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await direct.exists(`${p}{code:y}:lock`)).toBe(0);
  });
});

describe('writes under load while Redis is stopped, stalled and restored', () => {
  it('loses no write it reported as done, and keeps the in-process copy bounded', async () => {
    const { proxy, store, stored } = await proxied({ shadowMax: 50 });
    const done: string[] = [];
    let failed = 0;
    let n = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const key = `w${n++}`;
        try {
          await store.set(key, key, 120_000);
          done.push(key);
        } catch (error) {
          if (!isWxStoreError(error)) throw error;
          failed++;
          await new Promise((r) => setTimeout(r, 2));
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    const phase = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await phase(150);
    proxy.kill();
    await phase(300);
    proxy.restore();
    await recovered(store);
    await phase(150);
    proxy.blackhole();
    await phase(1500);
    proxy.restore();
    await recovered(store);
    await phase(150);
    running = false;
    await Promise.all(workers);
    expect(failed).toBeGreaterThan(0);
    const lost: string[] = [];
    for (const key of done) if ((await stored(key)) !== key) lost.push(key);
    expect(lost).toEqual([]);
    expect(done.length).toBeGreaterThan(100);
    expect(store.shadowSize).toBeLessThanOrEqual(50);
  });
});

describe('the token cache on a Redis store that goes away', () => {
  it('keeps signing from the token and ticket in process, and a cold client fetches once and keeps its own', async () => {
    const emu = await createEmulator();
    const { proxy, store, prefix: p } = await proxied();
    const warm = surveyApp(store, emu.fetch);
    const sign = () => warm.jssdk.config({ url: 'http://localhost:3000/' });
    await sign();
    proxy.kill();
    const during = await Promise.allSettled(Array.from({ length: 200 }, sign));
    expect(during.filter((r) => r.status === 'rejected')).toHaveLength(0);
    const coldStore = createRedisStore({
      url: `redis://127.0.0.1:${proxy.port}`,
      prefix: p,
      logger: silentLogger,
    });
    cleanup.push(() => coldStore.close());
    const cold = createWeCom({
      corpId: 'ww0123456789abcdef',
      corpSecret: DEMO_WECOM.corpSecret,
      agentId: 1000002,
      fetch: emu.fetch,
      store: coldStore,
      env: {},
      logger: silentLogger,
    });
    const cold1 = await cold.getAccessToken();
    expect(await cold.getAccessToken()).toBe(cold1);
    proxy.restore();
    await recovered(store);
    expect(
      (await Promise.allSettled(Array.from({ length: 50 }, sign))).every((r) => r.status === 'fulfilled'),
    ).toBe(true);
    const stats = (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls['/cgi-bin/get_jsapi_ticket']).toBe(1);
  });
});
