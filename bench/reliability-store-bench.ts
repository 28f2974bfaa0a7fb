// Stale-token rounds and Redis outages: prints what callers saw. Run: npx tsx bench/reliability-store-bench.ts
// (needs Redis at REDIS_URL or 127.0.0.1:6379; uses its own key prefix, deletes nothing else).
import { randomBytes } from 'node:crypto';
import {
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  isWxApiError,
  isWxStoreError,
  type Logger,
  type Store,
  silentLogger,
} from '@wxkit/core';
import { createRedisStore, type RedisStore } from '@wxkit/redis';
import { Redis } from 'ioredis';
import { revokingPlatform, slowStore } from '../packages/core/test/helpers/revoking-platform.js';
import { startTcpProxy } from '../packages/redis/test/support/tcp-proxy.js';
import { scale } from './smoke.js';

const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const prefix = () => `wxkit-bench:${randomBytes(6).toString('hex')}:`;
const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

// 1. Stale-token rounds: the token dies, then callers arrive spread over 8 ms on every "process".
async function staleRounds(
  label: string,
  kind: 'wecom' | 'oa',
  stores: Store[],
  lifetimes: number,
  callers: number,
) {
  const platform = revokingPlatform(kind, 4);
  const clients = stores.map((store) => {
    const common = { fetch: platform.fetch, store, env: {}, logger: silentLogger, sleep: pause };
    return kind === 'wecom'
      ? createWeCom({ ...common, corpId: 'ww0123456789abcdef', corpSecret: 'secret-1', agentId: 1000002 })
      : createOfficialAccount({ ...common, appId: 'wx0123456789abcdef', appSecret: 'secret-1' });
  });
  await Promise.all(clients.map((c) => c.getAccessToken()));
  let seen = 0;
  let badRounds = 0;
  for (let round = 1; round < lifetimes; round++) {
    platform.revoke();
    let inRound = 0;
    await Promise.all(
      Array.from({ length: callers * clients.length }, async (_, i) => {
        await pause(Math.random() * 8);
        const client = clients[i % clients.length];
        try {
          if (client?.platform === 'wecom') await client.users.get('zhangsan');
          else await client?.call('/cgi-bin/user/info', { query: { openid: 'o1' } });
        } catch (error) {
          if (!isWxApiError(error)) throw error;
          inRound++;
        }
      }),
    );
    seen += inRound;
    if (inRound > 0) badRounds++;
  }
  const code = kind === 'wecom' ? '42001' : '40001';
  console.log(
    `stale-token ${label}: ${lifetimes} lifetimes × ${callers * clients.length} callers -> rounds where a caller saw ${code}: ${badRounds}/${lifetimes - 1}, callers who saw it: ${seen}, token fetches ${platform.stats.fetches} for ${lifetimes} lifetimes (target 0, 0, equal); platform rejections absorbed: ${platform.stats.rejected}`,
  );
}

const redisStores: RedisStore[] = [];
const onRedis = (n: number) => {
  const p = prefix();
  return Array.from({ length: n }, () => {
    const store = createRedisStore({ url: REDIS.href, prefix: p, logger: silentLogger });
    redisStores.push(store);
    return store;
  });
};

const LIFETIMES = scale(40, 3);
await staleRounds('1 process, memory store', 'wecom', [slowStore(createMemoryStore())], LIFETIMES, 40);
await staleRounds('4 processes, real Redis (WeCom)', 'wecom', onRedis(4), LIFETIMES, 10);
await staleRounds('4 processes, real Redis (OA /cgi-bin/token)', 'oa', onRedis(4), LIFETIMES, 10);
for (const s of redisStores.splice(0)) await s.close();

// 2. Redis stopped and stalled under load, through a TCP proxy.
async function outage() {
  const proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
  const logs: { at: number; line: string }[] = [];
  const logger: Logger = {
    ...silentLogger,
    warn: (line) => logs.push({ at: performance.now(), line }),
    error: (line) => logs.push({ at: performance.now(), line }),
  };
  const p = prefix();
  const store = createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix: p, logger });
  const direct = new Redis(REDIS.href);
  let phase = 'warm-up';
  const byPhase = new Map<
    string,
    { ok: number; readsFailed: number; writesFailed: number; latencies: number[] }
  >();
  const done: string[] = [];
  let n = 0;
  let running = true;
  // Sessions that exist before the outage: reads of them must keep working on this instance.
  const existing = Array.from({ length: 200 }, (_, i) => `sess:${i}`);
  for (const key of existing) await store.set(key, key, 600_000);
  const worker = async (id: number) => {
    while (running) {
      const stats = byPhase.get(phase) ?? { ok: 0, readsFailed: 0, writesFailed: 0, latencies: [] };
      byPhase.set(phase, stats);
      const write = id % 2 === 0;
      const key = write ? `w${n++}` : (existing[n++ % existing.length] as string);
      const start = performance.now();
      try {
        if (write) {
          await store.set(key, key, 600_000);
          done.push(key);
        } else if ((await store.get(key)) !== key) throw new Error(`wrong value for ${key}`);
        stats.ok++;
      } catch (error) {
        if (!isWxStoreError(error)) throw error;
        if (write) stats.writesFailed++;
        else stats.readsFailed++;
      }
      stats.latencies.push(performance.now() - start);
      await pause(1);
    }
  };
  const workers = Array.from({ length: 16 }, (_, i) => worker(i));
  const stage = async (name: string, ms: number, before?: () => void) => {
    before?.();
    phase = name;
    await pause(ms);
  };
  const ms = (full: number) => scale(full, full / 5);
  await stage('normal', ms(1500));
  const killedAt = performance.now();
  await stage('killed', ms(2000), () => proxy.kill());
  await stage('after kill', ms(1500), () => proxy.restore());
  const restoredAt = killedAt + ms(2000);
  const stalledAt = performance.now();
  await stage('stalled', ms(2000), () => proxy.blackhole());
  const unstalledAt = performance.now();
  await stage('after stall', ms(1500), () => proxy.restore());
  running = false;
  await Promise.all(workers);

  for (const [name, s] of byPhase) {
    if (name === 'warm-up') continue;
    const sorted = [...s.latencies].sort((a, b) => a - b);
    console.log(
      `redis ${name.padEnd(11)}: ${String(s.ok).padStart(6)} ok, writes refused ${String(s.writesFailed).padStart(5)}, reads of existing sessions failed ${s.readsFailed} (target 0); latency p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(0)} ms`,
    );
  }
  let lost = 0;
  for (let i = 0; i < done.length; i += 500) {
    const batch = done.slice(i, i + 500);
    const values = await direct.mget(...batch.map((k) => `${p}{${k}}`));
    values.forEach((v, j) => {
      if (v !== batch[j]) lost++;
    });
  }
  const down = logs.filter((l) => /unreachable/.test(l.line)).map((l) => l.at);
  const back = logs.filter((l) => /is back/.test(l.line)).map((l) => l.at);
  const stallDetected = down.find((at) => at >= stalledAt);
  const recoveredAfterKill = back.find((at) => at >= restoredAt);
  const recoveredAfterStall = back.find((at) => at >= unstalledAt);
  console.log(
    `redis writes reported done: ${done.length}, of them missing from Redis afterwards: ${lost} (target 0). Latency is counted in the phase a call started in: calls in flight when the stall began wait the 500 ms command timeout and show in the row before "stalled".`,
  );
  console.log(
    `redis breaker: stall detected ${stallDetected ? (stallDetected - stalledAt).toFixed(0) : '?'} ms after it began (command timeout 500 ms); back ${recoveredAfterKill ? (recoveredAfterKill - restoredAt).toFixed(0) : '?'} ms after Redis restarted, ${recoveredAfterStall ? (recoveredAfterStall - unstalledAt).toFixed(0) : '?'} ms after the stall ended; outages logged ${down.length}, recoveries logged at warn ${back.length}`,
  );
  console.log(`redis shadow copy after the run: ${store.shadowSize} entries (cap 10000)`);
  await store.close();
  await proxy.close();
  await direct.del(...(await direct.keys(`${p}*`)));
  await direct.quit();
}
await outage();

// 3. The shadow copy stays bounded under writes of keys nobody reads again.
{
  const p = prefix();
  const store = createRedisStore({ url: REDIS.href, prefix: p, logger: silentLogger, shadowMax: 10_000 });
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < scale(60_000, 1000); i += 500)
    await Promise.all(
      Array.from({ length: 500 }, (_, j) => store.set(`login:${i + j}`, 'x'.repeat(200), 60_000)),
    );
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `redis shadow: 60,000 one-off writes -> ${store.shadowSize} entries kept (cap 10,000), heap +${((after - before) / 1e6).toFixed(1)} MB`,
  );
  await store.close();
  const direct = new Redis(REDIS.href);
  for (;;) {
    const keys = await direct.keys(`${p}*`);
    if (keys.length === 0) break;
    for (let i = 0; i < keys.length; i += 1000) await direct.del(...keys.slice(i, i + 1000));
  }
  await direct.quit();
}
