import { createMemoryStore, type Store, WxStoreError } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { DEMO_WECOM, demoWeCom } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createHealthHandler, type HealthReply } from '../src/index.js';

const ask = async (handler: (r?: Request) => Promise<Response>) => {
  const response = await handler(new Request('http://localhost/healthz'));
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as HealthReply };
};

/** A store whose calls fail while `down` is set, as @wxkit/redis's do during an outage. */
const flaky = (inner: Store) => {
  const state = { down: false };
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A) =>
      state.down
        ? Promise.reject(new WxStoreError('@wxkit/redis: get failed: Redis is unreachable'))
        : call(...args);
  const store: Store = {
    get: guard((k: string) => inner.get(k)),
    set: guard((k: string, v: string, ttl: number) => inner.set(k, v, ttl)),
    delete: guard((k: string) => inner.delete(k)),
    compareAndDelete: guard((k: string, e: string) => inner.compareAndDelete(k, e)),
  };
  return { store, state };
};

describe('the readiness probe', () => {
  it('answers 200 with the age of each cached credential, and never a token or secret', async () => {
    let now = Date.UTC(2026, 11, 1);
    const emu = await createEmulator({ clock: () => now });
    const store = createMemoryStore({ clock: () => now });
    const wecom = demoWeCom(emu, { store, clock: () => now });
    const health = createHealthHandler({ client: wecom, store });
    await wecom.jssdk.config({ url: 'http://localhost:3000/' });
    now += 90_000;
    const { status, body, text } = await ask(health);
    expect(status).toBe(200);
    expect(body.ready).toBe(true);
    expect(body.credentials).toEqual([
      { kind: 'access_token', cached: true, ageSeconds: 90, refreshInSeconds: expect.any(Number) },
      { kind: 'jsapi_ticket', cached: true, ageSeconds: 90, refreshInSeconds: expect.any(Number) },
    ]);
    expect(text).not.toContain(await wecom.getAccessToken());
    expect(text).not.toContain(await wecom.getJsapiTicket());
    expect(text).not.toContain(DEMO_WECOM.corpSecret);
  });

  it('answers 503 while the store is unreachable, saying so', async () => {
    const emu = await createEmulator();
    const { store, state } = flaky(createMemoryStore());
    const wecom = demoWeCom(emu, { store });
    const health = createHealthHandler({ client: wecom, store });
    expect((await ask(health)).status).toBe(200);
    state.down = true;
    const { status, body } = await ask(health);
    expect(status).toBe(503);
    expect(body.store).toMatchObject({ ok: false, error: expect.stringContaining('unreachable') });
    state.down = false;
    expect((await ask(health)).status).toBe(200);
  });

  it('answers 503 while the platform does not answer, even with a token in the cache', async () => {
    const emu = await createEmulator();
    let away = false;
    const fetchFn: typeof fetch = (input, init) =>
      away ? Promise.reject(new TypeError('fetch failed: ECONNREFUSED')) : emu.fetch(input, init);
    const store = createMemoryStore();
    const wecom = demoWeCom(emu, { store, fetch: fetchFn, retry: { attempts: 1 } });
    const health = createHealthHandler({ client: wecom, store });
    expect((await ask(health)).status).toBe(200);
    away = true;
    await wecom.users.get('zhangsan').catch(() => {});
    const { status, body } = await ask(health);
    expect(status).toBe(503);
    expect(body.platform).toMatchObject({ ok: false, lastCall: { errcode: 'http_error' } });
    away = false;
    await wecom.users.get('zhangsan');
    expect((await ask(health)).status).toBe(200);
  });

  it('reports the credentials a provider adds, such as the suite_ticket', async () => {
    const emu = await createEmulator();
    const store = createMemoryStore();
    const health = createHealthHandler({
      client: demoWeCom(emu, { store }),
      store,
      credentials: async () => [{ kind: 'suite_ticket', cached: true, ageSeconds: 300 }],
    });
    const { body } = await ask(health);
    expect(body.credentials.map((c) => c.kind)).toEqual(['access_token', 'suite_ticket']);
  });
});
