import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMemoryStore, type Store } from '@wxkit/core';
import { authorizeAs, finishLogin, startLogin, UA } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toNodeListener } from '../src/adapters/node.js';
import { safeRedirectPath } from '../src/index.js';
import { cookiesOf, harness } from './helpers.js';

const SITE = 'http://localhost:3000';
const json = { 'content-type': 'application/json' };
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A store that remembers every write, to show what the kit keeps (and that it keeps nothing it should not). */
function recordingStore(): Store & { writes: string[] } {
  const inner = createMemoryStore();
  const writes: string[] = [];
  return {
    writes,
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    compareAndDelete: (k, v) => inner.compareAndDelete(k, v),
    lock: (k, o) => inner.lock!(k, o),
    set: (k, v, t) => {
      writes.push(`${k}=${v}`);
      return inner.set(k, v, t);
    },
  } as Store & { writes: string[] };
}

const OPEN_REDIRECTS = [
  '/.//evil.example',
  '/..//evil.example',
  '/%2e//evil.example',
  '/%2e%2e//evil.example',
  '/a/..//evil.example',
  '/x/../..//evil.example',
  '/./%2f/evil.example',
  '/.%2f/evil.example',
  '/\t/evil.example',
  '/\\/evil.example',
  '/..//',
  '//evil.example',
  '/%5C%5Cevil.example',
];

/** Where a browser goes for a Location header: relative ones resolve against the page. */
const landsOn = (location: string) => new URL(location, SITE).origin;

describe('attack: open redirect after a genuine login', () => {
  it.each(OPEN_REDIRECTS)(
    'never lands on another site for redirect=%j, and never answers 500',
    async (target) => {
      const h = await harness();
      const start = await h.app(`/wx/login?redirect=${encodeURIComponent(target)}`, {
        headers: { 'user-agent': UA.wecomIOS },
      });
      expect(start.status).not.toBe(500);
      if (start.status !== 302) return;
      const { back } = await authorizeAs(h.emu.fetch, start.headers.get('location') ?? '', 'zhangsan');
      const done = await finishLogin({ app: h.app, mode: 'callback', back, cookies: cookiesOf(start) });
      expect(done.status).toBe(302);
      expect(landsOn(done.headers.get('location') ?? '')).toBe(SITE);
    },
  );

  it('accepts only redirects that resolve on the site, whatever the input (property)', () => {
    const pathish = fc.stringMatching(/^[/\\.%2eEfF5cC\t a-z?#@:]{0,24}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), pathish, fc.constantFrom(...OPEN_REDIRECTS)), (input) => {
        const path = safeRedirectPath(input);
        if (path === undefined) return;
        expect(path.startsWith('/')).toBe(true);
        // Both as the kit writes it (absolute on the origin) and as a browser reads a relative Location.
        expect(new URL(`${SITE}${path}`).origin).toBe(SITE);
        expect(new URL(path, SITE).origin).toBe(SITE);
        // Stored and re-checked in the callback, it stays the same.
        expect(safeRedirectPath(path)).toBe(path);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('attack: a used code as a bearer credential (account takeover, login CSRF)', () => {
  it('gives a cookie-less browser replaying a used code by callback no session', async () => {
    const h = await harness();
    const { code, state } = await h.loginVia('callback', 'zhangsan');
    const replay = await h.app(`/wx/callback?code=${code}&state=${state}`);
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe(`${SITE}/wx/login?redirect=%2F`);
    expect(replay.headers.getSetCookie().join()).not.toMatch(/wx_session=[^;]/);
  });

  it('gives a cookie-less text/plain POST of a used code no token', async () => {
    const h = await harness();
    const { code, state } = await h.loginVia('spa', 'zhangsan');
    const plain = await h.app('/wx/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ code, state }),
    });
    expect(plain.status).toBe(415);
    const asJson = await h.app('/wx/session', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ code, state }),
    });
    expect(asJson.status).toBe(400);
    const body = (await asJson.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: { code: 'state_unknown' }, restart: true });
    expect(body).not.toHaveProperty('token');
  });

  it("gives another browser with a login of its own no session from the victim's code", async () => {
    const h = await harness();
    const victim = await h.loginVia('spa', 'zhangsan');
    // The attacker starts a real login of their own to get a valid state cookie, then swaps in the victim's code.
    const mine = await h.app('/wx/login?redirect=/&mode=spa', { headers: { 'user-agent': UA.wecomIOS } });
    const myState = new URL(
      decodeURIComponent(new URL(mine.headers.get('location') ?? '').searchParams.get('redirect_uri') ?? ''),
    );
    const ownState = new URL(mine.headers.get('location') ?? '').searchParams.get('state') ?? '';
    expect(myState.origin).toBe(SITE);
    for (const state of [victim.state, ownState]) {
      const stolen = await h.app('/wx/session', {
        method: 'POST',
        headers: { ...json, cookie: cookiesOf(mine) },
        body: JSON.stringify({ code: victim.code, state }),
      });
      expect(stolen.status).not.toBe(200);
      expect(await stolen.json()).not.toHaveProperty('token');
    }
  });

  it('refuses a login CSRF: a cross-site form posting a code into the victim browser', async () => {
    const h = await harness();
    const attacker = await h.loginVia('spa', 'lisi');
    for (const headers of [
      { 'content-type': 'text/plain', origin: 'https://evil.example' },
      { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      { ...json, origin: 'https://evil.example', cookie: attacker.cookies },
      { ...json, 'sec-fetch-site': 'same-site', cookie: attacker.cookies },
    ]) {
      const forged = await h.app('/wx/session', {
        method: 'POST',
        headers,
        body: JSON.stringify({ code: attacker.code, state: attacker.state }),
      });
      expect([403, 415]).toContain(forged.status);
    }
    const logout = await h.app('/wx/logout', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie: attacker.cookies },
    });
    expect(logout.status).toBe(415);
  });

  it('offers apps the same CSRF rule, and accepts their own https pages without publicUrl', async () => {
    const h = await harness({ jssdk: {} });
    const post = (url: string, headers: Record<string, string>) =>
      h.wx.refuseCrossSite(new Request(url, { method: 'POST', headers }), { json: true });
    expect(
      post('https://app.example.com/api', { ...json, origin: 'https://app.example.com' }),
    ).toBeUndefined();
    expect(post('https://app.example.com/api', { ...json, origin: 'https://evil.example' })?.status).toBe(
      403,
    );
    expect(post('https://app.example.com/api', { 'content-type': 'text/plain' })?.status).toBe(415);
    // A node request over TLS (IncomingMessage-like): its origin is https.
    const nodeLike = {
      method: 'POST',
      headers: {
        host: 'app.example.com',
        origin: 'https://app.example.com',
        'content-type': 'application/json',
      },
      socket: { encrypted: true },
    };
    expect(h.wx.refuseCrossSite(nodeLike)).toBeUndefined();
  });

  it('keeps no bearer token, identity or login state in the store, under app-scoped keys', async () => {
    const store = recordingStore();
    const h = await harness({ store });
    const { response } = await h.loginVia('spa', 'zhangsan');
    const { token } = (await response.json()) as { token: string };
    const all = store.writes.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain('zhangsan');
    expect(all).not.toContain('/wx:');
    for (const write of store.writes.filter((w) => w.startsWith('wxkit:server:')))
      expect(write).toMatch(/^wxkit:server:ww0123456789abcdef:1000002:/);
  });
});

describe('attack: unauthenticated memory exhaustion', () => {
  it('stores nothing for a flood of /wx/login requests (the state lives in the cookie)', async () => {
    const store = recordingStore();
    const h = await harness({ store });
    for (let i = 0; i < 500; i++)
      await h.app(`/wx/login?redirect=%2Fp${i}`, { headers: { 'user-agent': UA.wecomIOS } });
    expect(store.writes).toEqual([]);
  });
});

describe('attack: forged Host and forwarded headers', () => {
  const viaNode = async (extra: Parameters<typeof harness>[0]) => {
    const h = await harness(extra);
    const server = createServer(toNodeListener(h.wx));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { h, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  };
  const redirectUri = (response: Response) =>
    new URL(new URL(response.headers.get('location') ?? '').searchParams.get('redirect_uri') ?? '');

  it('builds redirect_uri and the JS-SDK domain from publicUrl, never from Host', async () => {
    const h = await harness({ publicUrl: 'https://app.example.com', jssdk: {} });
    const forged = await h.app('/wx/login?redirect=/', {
      headers: { 'user-agent': UA.wecomIOS, host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(redirectUri(forged).origin).toBe('https://app.example.com');
    expect(forged.headers.getSetCookie().join()).toMatch(/; Secure/);
    const evil = await h.app(`/wx/jssdk/config?url=${encodeURIComponent('https://evil.example/x')}`);
    expect(evil.status).toBe(400);
    const ours = await h.app(`/wx/jssdk/config?url=${encodeURIComponent('https://app.example.com/x')}`);
    expect(ours.status).toBe(200);
  });

  it('ignores X-Forwarded-Host without trustProxy, and from a peer that is not a trusted proxy', async () => {
    for (const trustProxy of [undefined, ['10.9.9.9']] as const) {
      const { base } = await viaNode({ jssdk: {}, ...(trustProxy ? { trustProxy: [...trustProxy] } : {}) });
      const forged = await fetch(`${base}/wx/login?redirect=/`, {
        redirect: 'manual',
        headers: {
          'user-agent': UA.wecomIOS,
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'https',
        },
      });
      expect(redirectUri(forged).host).toBe(new URL(base).host);
      expect(redirectUri(forged).protocol).toBe('http:');
    }
  });

  it('honours a trusted TLS proxy: https redirect_uri and Secure cookies', async () => {
    for (const trustProxy of [['127.0.0.1'], 1] as const) {
      const { base } = await viaNode({ jssdk: {}, trustProxy: trustProxy as never });
      const proxied = await fetch(`${base}/wx/login?redirect=/`, {
        redirect: 'manual',
        headers: {
          'user-agent': UA.wecomIOS,
          'x-forwarded-host': 'app.example.com',
          'x-forwarded-proto': 'https',
        },
      });
      expect(redirectUri(proxied).origin).toBe('https://app.example.com');
      expect(proxied.headers.getSetCookie().join()).toMatch(/wx_login_state\.[\w-]+=.+; Secure/);
    }
  });

  it('picks among several public origins only by the ones it was given', async () => {
    const h = await harness({ publicUrl: ['https://a.example.com', 'https://b.example.com'] });
    const b = await h.app('/wx/login?redirect=/', {
      headers: { 'user-agent': UA.wecomIOS, host: 'b.example.com' },
    });
    expect(redirectUri(b).origin).toBe('https://b.example.com');
    const evil = await h.app('/wx/login?redirect=/', {
      headers: { 'user-agent': UA.wecomIOS, host: 'evil.example' },
    });
    expect(redirectUri(evil).origin).toBe('https://a.example.com');
  });
});

describe('attack: session fixation and revocation', () => {
  it("never lets a planted session cookie become the victim's session", async () => {
    const h = await harness();
    const attacker = await h.loginVia('callback', 'lisi');
    // Planted by a sibling subdomain or an XSS: the attacker's own session cookie.
    const planted = attacker.cookies
      .split('; ')
      .filter((c) => c.startsWith('wx_session='))
      .join('; ');
    const start = await startLogin({ app: h.app, mode: 'callback', headers: { cookie: planted } });
    const { back } = await authorizeAs(h.emu.fetch, start.authorize, 'zhangsan');
    const done = await finishLogin({
      app: h.app,
      mode: 'callback',
      back,
      cookies: `${planted}; ${start.cookies}`,
    });
    const fresh = cookiesOf(done);
    expect(fresh).toMatch(/wx_session=/);
    expect((await (await h.app('/wx/me', { headers: { cookie: fresh } })).json()) as object).toMatchObject({
      user: { id: 'zhangsan' },
    });
    expect((await (await h.app('/wx/me', { headers: { cookie: planted } })).json()) as object).toMatchObject({
      user: { id: 'lisi' },
    });
  });

  it('revokes a session on every instance that shares the store', async () => {
    const store = createMemoryStore();
    const a = await harness({ store });
    const b = await harness({ store });
    const { response } = await a.loginVia('spa', 'wangwu');
    const { token } = (await response.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect((await b.app('/wx/me', { headers: bearer })).status).toBe(200);
    expect((await a.app('/wx/logout', { method: 'POST', headers: { ...bearer, ...json } })).status).toBe(204);
    expect((await b.app('/wx/me', { headers: bearer })).status).toBe(401);
  });

  it('answers 503 to a logout the store cannot record, refuses the session here, and records it once the store is back', async () => {
    const inner = createMemoryStore();
    let down = false;
    let failedSets = 0;
    const flaky: Store = {
      get: (k) => (down ? Promise.reject(new Error('store down')) : inner.get(k)),
      set: (k, v, t) =>
        down ? Promise.reject(new Error(`store down (${++failedSets})`)) : inner.set(k, v, t),
      delete: (k) => inner.delete(k),
      compareAndDelete: (k, v) => inner.compareAndDelete(k, v),
    };
    const a = await harness({ store: flaky });
    const b = await harness({ store: inner });
    const { response } = await a.loginVia('spa', 'wangwu');
    const { token } = (await response.json()) as { token: string };
    const bearer = { authorization: `Bearer ${token}` };
    down = true;
    // Users stay logged in while the store is away.
    expect((await a.app('/wx/me', { headers: bearer })).status).toBe(200);
    const out = await a.app('/wx/logout', { method: 'POST', headers: { ...bearer, ...json } });
    expect(out.status).toBe(503);
    expect(await out.json()).toMatchObject({ error: { code: 'logout_not_recorded' } });
    expect(out.headers.getSetCookie().join()).toMatch(/wx_session=; .*Max-Age=0/);
    expect((await a.app('/wx/me', { headers: bearer })).status).toBe(401);
    // Reads during the outage refuse the session without trying the store again for it on each request.
    const before = failedSets;
    for (let i = 0; i < 5; i++) expect((await a.app('/wx/me', { headers: bearer })).status).toBe(401);
    expect(failedSets).toBe(before);
    down = false;
    expect((await a.app('/wx/me', { headers: bearer })).status).toBe(401);
    // The background retry (every second, not every read) records it: an instance that never saw the logout
    // refuses the session too.
    await vi.waitFor(async () => expect((await b.app('/wx/me', { headers: bearer })).status).toBe(401), {
      timeout: 5000,
      interval: 200,
    });
  });
});

describe('configurations that cannot work are refused at creation', () => {
  it.each([
    [{ login: { scope: 'snsapi_userinfo' } }, /login.scope on WeCom/],
    [{ publicUrl: 'https://app.example.com/wx' }, /origin only/],
    [{ publicUrl: 'app.example.com' }, /not an absolute URL/],
    [{ trustProxy: 'yes' }, /trustProxy is true, a hop count/],
    [{ login: { webLogin: 'popup' } }, /webLogin/],
  ])('refuses %j', async (options, message) => {
    await expect(harness(options as never)).rejects.toThrow(message);
  });

  it('keeps a failing loadUser inside the envelope: an HTML page for the navigation, never an escaped error', async () => {
    const h = await harness({
      loadUser: async () => {
        throw new Error('database down');
      },
    });
    const { response } = await h.loginVia('callback', 'zhangsan');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).not.toContain('database down');
  });
});
