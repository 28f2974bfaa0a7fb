/**
 * Two app instances sharing one Redis, each through a TCP proxy this script stops (kill) or stalls (blackhole)
 * for OUTAGE_S seconds under a steady load of session reads, logins and logouts. Prints what a member would
 * notice: failed requests for existing sessions, sessions made during the outage that are gone afterwards,
 * logouts answered 204 and undone, and latency during the outage. Targets: 0, 0, 0, p99 < 200 ms.
 */
import { randomBytes } from 'node:crypto';
import { silentLogger } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';
import { startTcpProxy } from '../packages/redis/test/support/tcp-proxy.js';
import { harness } from '../packages/server/test/helpers.js';
import { scale } from './smoke.js';

const OUTAGE_S = Number(process.env['OUTAGE_S'] ?? scale(10, 1));
const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const json = { 'content-type': 'application/json' };
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function scenario(fault: 'kill' | 'blackhole') {
  const prefix = `wxkit-bench:${randomBytes(6).toString('hex')}:`;
  const parts = await Promise.all(
    [0, 1].map(async () => {
      const proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
      const store = createRedisStore({
        url: `redis://127.0.0.1:${proxy.port}`,
        prefix,
        logger: silentLogger,
      });
      return { proxy, store, h: await harness({ store }) };
    }),
  );
  const users = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi'];
  const login = async (i: number) => {
    const { response } = await parts[i % 2]!.h.loginVia('spa', users[i % users.length]!);
    return ((await response.json()) as { token: string }).token;
  };
  const me = (i: number, token: string) =>
    parts[i % 2]!.h.app('/wx/me', { headers: { authorization: `Bearer ${token}` } });
  const existing = await Promise.all(Array.from({ length: scale(50, 10) }, (_, i) => login(i)));

  let failedReads = 0;
  let reads = 0;
  const latencies: number[] = [];
  const madeDuring: string[] = [];
  const loggedOut: { token: string; status: number }[] = [];
  let running = true;
  const load = async (worker: number) => {
    for (let n = 0; running; n++) {
      // In-process calls that fail fast never leave the microtask queue: let timers (the outage's end) run.
      await new Promise((r) => setImmediate(r));
      const started = performance.now();
      const token = existing[(worker * 7 + n) % existing.length]!;
      const response = await me(worker + n, token);
      latencies.push(performance.now() - started);
      reads++;
      if (response.status !== 200 && !loggedOut.some((l) => l.token === token)) failedReads++;
      if (n % 200 === 0) madeDuring.push(await login(worker + n));
      if (n % 100 === 50 && loggedOut.length < 10) {
        const victim = existing.pop()!;
        const out = await parts[n % 2]!.h.app('/wx/logout', {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${victim}` },
        });
        loggedOut.push({ token: victim, status: out.status });
      }
    }
  };
  for (const p of parts) p.proxy[fault]();
  const workers = Array.from({ length: 8 }, (_, w) => load(w));
  await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
  running = false;
  await Promise.all(workers);
  for (const p of parts) p.proxy.restore();
  await new Promise((r) => setTimeout(r, 2500));

  let lost = 0;
  for (const [i, token] of madeDuring.entries()) if ((await me(i, token)).status !== 200) lost++;
  let undone = 0;
  for (const [i, { token, status }] of loggedOut.entries())
    if (status === 204 && (await me(i, token)).status === 200) undone++;
  let stillIn = 0;
  for (const [i, { token }] of loggedOut.entries()) if ((await me(i, token)).status === 200) stillIn++;
  latencies.sort((x, y) => x - y);
  for (const p of parts) {
    await p.store.close();
    await p.proxy.close();
  }
  return {
    fault,
    reads,
    failedReads,
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    madeDuring: madeDuring.length,
    lost,
    logouts: loggedOut.length,
    refused503: loggedOut.filter((l) => l.status === 503).length,
    undone,
    stillIn,
  };
}

console.log(`Redis away for ${OUTAGE_S} s under load (2 instances, 8 concurrent members)`);
for (const fault of ['kill', 'blackhole'] as const) {
  const r = await scenario(fault);
  console.log(
    `${r.fault.padEnd(9)} session reads ${r.reads}, failed ${r.failedReads}; latency p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ` +
      `sessions made during ${r.madeDuring}, lost ${r.lost}; logouts ${r.logouts} (503: ${r.refused503}), undone ${r.undone}, still logged in after recovery ${r.stillIn}`,
  );
}
process.exit(0);
