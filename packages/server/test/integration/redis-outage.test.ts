import { randomBytes } from 'node:crypto';
import { silentLogger } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../../redis/test/support/tcp-proxy.js';
import { type Harness, harness } from '../helpers.js';

const REDIS = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});
const json = { 'content-type': 'application/json' };

/** Two instances of the app, each reaching one Redis through its own proxy that the test stalls and kills. */
async function twoInstances() {
  const prefix = `wxkit-test:${randomBytes(6).toString('hex')}:`;
  const instances: { h: Harness; proxy: TcpProxy }[] = [];
  for (let i = 0; i < 2; i++) {
    const proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
    const store = createRedisStore({
      url: `redis://127.0.0.1:${proxy.port}`,
      prefix,
      logger: silentLogger,
      commandTimeoutMs: 1000,
      probeMs: 50,
    });
    cleanup.push(
      () => proxy.close(),
      () => store.close(),
    );
    instances.push({ h: await harness({ store }), proxy });
  }
  return instances as [(typeof instances)[0], (typeof instances)[0]];
}

const tokenOf = async (h: Harness, userid: string) => {
  const { response } = await h.loginVia('spa', userid);
  return ((await response.json()) as { token: string }).token;
};
const me = (h: Harness, token: string) => h.app('/wx/me', { headers: { authorization: `Bearer ${token}` } });
const logout = (h: Harness, token: string) =>
  h.app('/wx/logout', { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` } });
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 120; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('sessions while Redis is stopped or stalled', () => {
  it.each(['kill', 'blackhole'] as const)(
    'keeps every member logged in on every instance, loses no session made meanwhile, and undoes no logout (%s)',
    async (fault) => {
      const [a, b] = await twoInstances();
      const before = await tokenOf(a.h, 'zhangsan');
      const toLogOut = await tokenOf(a.h, 'lisi');
      expect((await me(b.h, before)).status).toBe(200);

      a.proxy[fault]();
      b.proxy[fault]();
      // Existing sessions: readable on both instances, including the one that never saw them made.
      for (const h of [a.h, b.h]) expect((await me(h, before)).status).toBe(200);
      // A login during the outage makes a session that does not depend on the store.
      const during = await tokenOf(b.h, 'wangwu');
      expect((await me(a.h, during)).status).toBe(200);
      // A logout during the outage is not reported as done…
      const out = await logout(a.h, toLogOut);
      expect(out.status).toBe(503);
      // …and this instance refuses the session at once.
      expect((await me(a.h, toLogOut)).status).toBe(401);

      a.proxy.restore();
      b.proxy.restore();
      // The revocation reaches Redis without further traffic on instance a; then b refuses the session too.
      expect(await until(async () => (await me(b.h, toLogOut)).status === 401)).toBe(true);
      expect((await me(a.h, toLogOut)).status).toBe(401);
      // Nothing made during the outage vanished with its end.
      expect((await me(a.h, during)).status).toBe(200);
      expect((await me(b.h, before)).status).toBe(200);
      // A logout after recovery answers 204 and holds on both instances.
      expect((await logout(b.h, during)).status).toBe(204);
      expect((await me(a.h, during)).status).toBe(401);
    },
    30_000,
  );
});
