import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../src/index.js';
import { surveyApp } from './survey-app.js';

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

  it('serves last known values while Redis is away, logs the outage once, and recovers without a restart', async () => {
    const proxy = await startProxy(new URL(REDIS_URL));
    const logs: string[] = [];
    const logger = {
      ...silentLogger,
      error: (m: string) => logs.push(`error:${m}`),
      info: (m: string) => logs.push(`info:${m}`),
    };
    const store = open(prefix(), { url: `redis://127.0.0.1:${proxy.port}`, logger });
    await store.set('token', 'T1', 60_000);
    expect(await store.get('token')).toBe('T1');
    await proxy.stop();
    for (let i = 0; i < 5; i++) expect(await store.get('token')).toBe('T1');
    expect(logs.filter((l) => l.startsWith('error:'))).toHaveLength(1);
    await proxy.start();
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await store.set('token', 'T2', 60_000);
      back = logs.some((l) => l.startsWith('info:'));
    }
    expect(back).toBe(true);
    expect(await store.get('token')).toBe('T2');
    await proxy.stop();
  });
});

describe('a client on the Redis store while Redis goes away', () => {
  it('serves every JS-SDK signature from the cached ticket during the outage and uses Redis again after it', async () => {
    const emu = await createEmulator();
    const proxy = await startProxy(new URL(REDIS_URL));
    const store = open(prefix(), { url: `redis://127.0.0.1:${proxy.port}` });
    const client = surveyApp(store, emu.fetch);
    const sign = () => client.jssdk.config({ url: 'http://localhost:3000/' });
    await sign();
    await proxy.stop();
    const during = await Promise.allSettled(Array.from({ length: 200 }, sign));
    expect(during.filter((r) => r.status === 'rejected')).toHaveLength(0);
    await proxy.start();
    let stored = false;
    for (let i = 0; i < 50 && !stored; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await store.set('probe', 'x', 10_000);
      stored = (await store.get('probe')) === 'x';
    }
    expect(stored).toBe(true);
    expect(
      (await Promise.allSettled(Array.from({ length: 50 }, sign))).every((r) => r.status === 'fulfilled'),
    ).toBe(true);
    const stats = (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls['/cgi-bin/get_jsapi_ticket']).toBe(1);
    await proxy.stop();
  });
});

/** A TCP proxy to Redis that the test can stop (dropping every connection) and start again on the same port. */
async function startProxy(target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      const listener = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
      });
      server = listener;
      listener.listen(port, '127.0.0.1', () => {
        port = (listener.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      server?.close(() => resolve());
    });
  await start();
  return {
    get port() {
      return port;
    },
    start,
    stop,
  };
}
