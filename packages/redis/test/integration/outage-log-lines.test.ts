import { randomBytes } from 'node:crypto';
import { type Logger, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { createWxServer } from '@wxkit/server';
import { demoWeCom, loginThroughEmulator } from '@wxkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/index.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// bench/redis-outage-bench.ts's scenario, short: two app instances share Redis, each through a proxy that
// kills or stalls it while members log in and read their sessions; the test counts the log lines.
const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const PHASE_MS = Number(process.env['WXKIT_OUTAGE_PHASE_MS'] ?? 1200);
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function instance(prefix: string, lines: string[]) {
  const proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
  const logger: Logger = {
    ...silentLogger,
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  const store = createRedisStore({
    url: `redis://127.0.0.1:${proxy.port}`,
    prefix,
    logger,
    commandTimeoutMs: 300,
    probeMs: 50,
  });
  const emu = await createEmulator();
  const wx = createWxServer({
    wecom: demoWeCom(emu, { store, logger }),
    store,
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    logger,
  });
  cleanup.push(
    () => proxy.close(),
    () => store.close(),
  );
  const app = async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, 'http://localhost:3000'), init))) as Response;
  const login = async (userid: string) =>
    (await loginThroughEmulator({ app, emulator: emu.fetch, member: userid })).session?.token;
  const me = (token: string) => app('/wx/me', { headers: { authorization: `Bearer ${token}` } });
  return { proxy, login, me };
}

describe('a Redis outage under load', () => {
  it('writes a few lines per instance per phase, not one per request', async () => {
    const prefix = `wxkit-test:${randomBytes(6).toString('hex')}:`;
    const lines = [[], []] as string[][];
    const parts = await Promise.all(lines.map((l) => instance(prefix, l)));
    const tokens = (await Promise.all(parts.map((p) => p.login('zhangsan')))).filter(
      (t): t is string => t !== undefined,
    );
    expect(tokens).toHaveLength(2);

    let requests = 0;
    let running = true;
    const load = async (worker: number) => {
      for (let n = 0; running; n++) {
        const part = parts[(worker + n) % 2] as (typeof parts)[number];
        await (n % 3 === 0
          ? part.login(['lisi', 'wangwu'][n % 2] as string)
          : part.me(tokens[n % 2] as string));
        requests++;
        await new Promise((r) => setImmediate(r));
      }
    };
    const counts: Record<string, number[]> = {};
    const phase = async (name: string, fault: (p: TcpProxy) => void) => {
      const before = lines.map((l) => l.length);
      for (const p of parts) fault(p.proxy);
      await pause(PHASE_MS);
      for (const p of parts) p.proxy.restore();
      await pause(PHASE_MS / 2);
      counts[name] = lines.map((l, i) => l.length - (before[i] ?? 0));
    };
    const workers = Array.from({ length: 6 }, (_, w) => load(w));
    await phase('kill', (p) => p.kill());
    await phase('stall', (p) => p.blackhole());
    await phase('kill again', (p) => p.kill());
    running = false;
    await Promise.all(workers);

    console.log(`outage log lines per instance per phase: ${JSON.stringify(counts)} (${requests} requests)`);
    expect(requests).toBeGreaterThan(60);
    for (const perInstance of Object.values(counts))
      for (const n of perInstance) expect(n, lines.flat().join('\n')).toBeLessThanOrEqual(6);
  });
});
