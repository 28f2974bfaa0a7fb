import { randomBytes } from 'node:crypto';
import { type Logger, lockKey, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { Cluster } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisStore, type RedisStore } from '../../src/index.js';
import { surveyApp } from '../survey-app.js';
import { type LocalCluster, startCluster } from './redis-cluster.js';

let cluster: LocalCluster;
let startFailure: unknown;
const connections: Cluster[] = [];
// The store falls back to its in-process copy when a command fails, so a broken cluster path would still
// answer; every outage it logs is recorded here and must stay empty.
let outages: string[] = [];
const logger: Logger = { ...silentLogger, error: (message) => outages.push(message) };

beforeAll(async () => {
  try {
    cluster = await startCluster(3);
  } catch (error) {
    startFailure = error;
  }
});
afterAll(async () => {
  await cluster?.stop();
});
beforeEach(() => {
  // Thrown here rather than in beforeAll, so every test counts as failed (with the reason), not as skipped.
  if (startFailure) throw startFailure;
  outages = [];
});
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.quit()));
});

const prefix = () => `wxkit-cluster:${randomBytes(6).toString('hex')}:`;
const connect = () => {
  const client = new Cluster(cluster.nodes);
  connections.push(client);
  return client;
};
/** One "process": its own Cluster connection and its own store (so nothing is served from another's memory). */
const open = (p: string): { store: RedisStore; client: Cluster } => {
  const client = connect();
  return { store: createRedisStore({ client, prefix: p, logger }), client };
};
const keyslot = async (name: string) => Number(await cluster.admin[0]!.call('CLUSTER', 'KEYSLOT', name));
/** Keys under `match` that each node holds itself. */
const keysPerNode = (match: string) =>
  Promise.all(
    cluster.admin.map(async (node) => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    }),
  );

describe('Redis store on a Redis Cluster', () => {
  it('keeps values with a TTL and deletes them across keys on every node', async () => {
    const p = prefix();
    const writer = open(p);
    const reader = open(p);
    const keys = Array.from({ length: 60 }, (_, i) => `token:app-${i}`);
    await Promise.all(keys.map((k) => writer.store.set(k, `value of ${k}`, 60_000)));

    const held = await keysPerNode(`${p}*`);
    expect(held.every((onNode) => onNode.length > 0)).toBe(true);
    expect(held.flat().sort()).toEqual(keys.map((k) => `${p}{${k}}`).sort());
    const ttls = await Promise.all(keys.map((k) => writer.client.pttl(`${p}{${k}}`)));
    expect(ttls.every((ms) => ms > 0 && ms <= 60_000)).toBe(true);

    expect(await Promise.all(keys.map((k) => reader.store.get(k)))).toEqual(keys.map((k) => `value of ${k}`));
    await Promise.all(keys.slice(0, 30).map((k) => writer.store.delete(k)));
    expect(await Promise.all(keys.map((k) => reader.store.get(k)))).toEqual(
      keys.map((k, i) => (i < 30 ? undefined : `value of ${k}`)),
    );
    expect((await keysPerNode(`${p}*`)).flat()).toHaveLength(30);

    await writer.store.set('short', 'soon gone', 30);
    let gone = false;
    for (let i = 0; i < 50 && !gone; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gone =
        (await reader.store.get('short')) === undefined && (await writer.store.get('short')) === undefined;
    }
    expect(gone).toBe(true);
    expect(outages).toEqual([]);
  });

  it('reads a value and its remaining TTL in one MULTI on the node that owns the key', async () => {
    const p = prefix();
    const keys = ['ticket:a', 'ticket:b', 'ticket:c', 'ticket:d', 'ticket:e', 'ticket:f'];
    const seen: string[][] = cluster.admin.map(() => []);
    const monitors = await Promise.all(
      cluster.admin.map(async (node, i) => {
        const monitor = await node.monitor();
        monitor.on('monitor', (_time: string, args: string[]) => seen[i]!.push(args.join(' ')));
        return monitor;
      }),
    );
    // Connect only now: ioredis throws "Command queue state error" when a monitored command arrives together
    // with MONITOR's own OK, before the connection has switched to monitoring.
    const { store, client } = open(p);
    try {
      for (const k of keys) await client.set(`${p}{${k}}`, `from redis ${k}`, 'PX', 60_000);
      const values = [];
      for (const k of keys) values.push(await store.get(k));
      expect(values).toEqual(keys.map((k) => `from redis ${k}`));
      expect(await store.get('ticket:missing')).toBeUndefined();

      const transaction = (k: string) => ['multi', `get ${p}{${k}}`, `pttl ${p}{${k}}`, 'exec'].join('\n');
      const arrived = () => keys.every((k) => seen.some((log) => log.join('\n').includes(transaction(k))));
      // MONITOR lines arrive on their own connections, after the replies the store got.
      for (let i = 0; i < 100 && !arrived(); i++) await new Promise((r) => setTimeout(r, 20));
      const owners = keys.map((k) => {
        const nodes = seen.flatMap((log, node) => (log.includes(`get ${p}{${k}}`) ? [node] : []));
        expect(nodes).toHaveLength(1);
        expect(seen[nodes[0]!]!.join('\n')).toContain(transaction(k));
        return nodes[0];
      });
      expect(new Set(owners).size).toBe(cluster.nodes.length);
    } finally {
      for (const monitor of monitors) monitor.disconnect();
    }
    expect(outages).toEqual([]);
  });

  it('lets one holder have a lock at a time, releases only its own lock, and hands it to a waiter', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    const names = ['gettoken:lock', 'jsapi:lock', 'agent:lock', 'session:lock'];
    for (const name of names) {
      const lockKey = `${p}{${name.replace(/:lock$/, '')}}:lock`;
      const first = await a.store.lock?.(name, { ttlMs: 10_000, waitMs: 0 });
      expect(first).toBeDefined();
      expect(await b.store.lock?.(name, { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();
      expect(await a.client.pttl(lockKey)).toBeGreaterThan(0);

      // The first holder's lock runs out (deleted here instead of waiting) and b takes it over.
      await a.client.del(lockKey);
      const second = await b.store.lock?.(name, { ttlMs: 10_000, waitMs: 0 });
      expect(second).toBeDefined();
      await first?.release();
      expect(await a.client.exists(lockKey)).toBe(1);
      expect(await a.store.lock?.(name, { ttlMs: 10_000, waitMs: 0 })).toBeUndefined();

      const waiting = a.store.lock?.(name, { ttlMs: 10_000, waitMs: 5_000 });
      await second?.release();
      const third = await waiting;
      expect(third).toBeDefined();
      await third?.release();
      expect(await a.client.exists(lockKey)).toBe(0);
    }
    expect(outages).toEqual([]);
  });

  it('keeps every value and its lock in one slot on one node', async () => {
    const p = prefix();
    const { store } = open(p);
    const keys = ['wecom:token:ww01', 'wecom:ticket:ww01', 'oa:token:wx02', 'code:abc', 'odd}key', 'a{b'];
    const locks = await Promise.all(
      keys.map(async (k) => {
        await store.set(k, 'v', 60_000);
        return store.lock?.(lockKey(k), { ttlMs: 10_000, waitMs: 0 });
      }),
    );
    expect(locks.every((l) => l !== undefined)).toBe(true);
    const slots = new Set<number>();
    for (const k of keys) {
      const slot = await keyslot(`${p}{${k}}`);
      expect(await keyslot(`${p}{${k}}:lock`)).toBe(slot);
      const counts = await Promise.all(
        cluster.admin.map(async (node) => Number(await node.call('CLUSTER', 'COUNTKEYSINSLOT', slot))),
      );
      expect(counts.filter((n) => n > 0)).toEqual([2]);
      slots.add(slot);
    }
    expect(slots.size).toBeGreaterThan(1);
    await Promise.all(locks.map((l) => l?.release()));
    expect(outages).toEqual([]);
  });
});

describe('Redis store on a Redis Cluster: one script for the look and the lock, one for the write and release', () => {
  it('runs each on the node that owns the key; a key whose lock hashes elsewhere goes the two-command way, no CROSSSLOT', async () => {
    const p = prefix();
    const a = open(p);
    const b = open(p);
    // The last three: an empty hash tag (Cluster hashes the whole name), and a key tagged by its stem.
    const keys = ['wecom:token:ww01', 'code:abc', 'odd}key', 'a{b', '{x}y', '', '}x', 'y:lock'];
    for (const k of keys) {
      const first = await a.store.readOrLock?.(k, { ttlMs: 10_000 });
      expect(first?.lock).toBeDefined();
      expect(await b.store.readOrLock?.(k, { ttlMs: 10_000 })).toEqual({});
      await first?.lock?.setAndRelease?.(k, `made ${k}`, 60_000);
      expect(await b.store.readOrLock?.(k, { ttlMs: 10_000 })).toEqual({ value: `made ${k}` });
      expect(await a.client.exists(`${p}{${k}}:lock`)).toBe(0);
    }
    expect(outages).toEqual([]);
  });
});

describe('WeCom clients sharing a Redis Cluster', () => {
  it('fetch one token and one ticket for 100 concurrent JS-SDK configs across four processes', async () => {
    const emu = await createEmulator();
    const p = prefix();
    const clients = Array.from({ length: 4 }, () => surveyApp(open(p).store, emu.fetch));
    const configs = await Promise.all(
      Array.from({ length: 100 }, (_, i) => clients[i % 4]!.jssdk.config({ url: 'http://localhost:3000/' })),
    );
    expect(configs.every((c) => typeof c.signature === 'string' && c.signature.length === 40)).toBe(true);
    const stats = (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls['/cgi-bin/gettoken']).toBe(1);
    expect(stats.calls['/cgi-bin/get_jsapi_ticket']).toBe(1);
    expect((await keysPerNode(`${p}*`)).flat().length).toBeGreaterThan(0);
    expect(outages).toEqual([]);
    await emu.close();
  });
});
