import { createMemoryStore, type SessionUser } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { describe, expect, it } from 'vitest';
import { fakeProvider, manualClock, suiteOptions } from '../../core/test/helpers/fake-provider.js';
import { createWxServer, type WxServerOptions } from '../src/index.js';
import { cookiesOf } from './helpers.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123';

/** A provider app on the fake platform, installed in corps A and B, its suite_ticket received. */
async function providerWorld(extra: Partial<WxServerOptions> = {}) {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const suite = createSuite(suiteOptions(platform, { store, clock: clock.now }));
  await suite.tickets.receive(platform.pushTicket('wwsuite1'));
  await suite.completeInstall(platform.authorise('wwsuite1', 'wwcorpA', { agentId: 1000011 }));
  await suite.completeInstall(platform.authorise('wwsuite1', 'wwcorpB', { agentId: 1000022 }));
  const wx = createWxServer({
    suite,
    store,
    session: { secret: SECRET },
    publicUrl: 'https://isv.example.com',
    clock: clock.now,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...extra,
  });
  const app = async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, 'https://isv.example.com'), init))) ??
    new Response('not the kit', { status: 599 });
  /** A member of `corpId` logs in (the fake platform's code `good-<corp>` answers a member of that corp). */
  const loginAs = async (corpId: string) => {
    const start = await app('/wx/login?redirect=%2F', { headers: { 'user-agent': 'wxwork' } });
    const authorize = new URL(start.headers.get('location') ?? '');
    const state = authorize.searchParams.get('state') ?? '';
    const back = await app(`/wx/callback?code=good-${corpId}&state=${state}`, {
      headers: { cookie: cookiesOf(start) },
    });
    return { start, authorize, back, cookie: cookiesOf(back) };
  };
  return { clock, store, platform, suite, wx, app, loginAs };
}

describe('a provider app (createWxServer({ suite }))', () => {
  it('sends members to the authorize page with appid = suite_id, on every kind of browser', async () => {
    const { app } = await providerWorld();
    for (const ua of ['wxwork', 'Mozilla/5.0 (Macintosh) Chrome/120']) {
      const start = await app('/wx/login?redirect=%2F', { headers: { 'user-agent': ua } });
      const location = new URL(start.headers.get('location') ?? '');
      expect(location.pathname).toBe('/connect/oauth2/authorize');
      expect(location.searchParams.get('appid')).toBe('wwsuite1');
      expect(location.searchParams.get('agentid')).toBeNull();
    }
  });

  it("logs a member in through getuserinfo3rd and loads them with their corp's token; the session carries the corp", async () => {
    const { loginAs, app, platform } = await providerWorld();
    const { back, cookie } = await loginAs('wwcorpB');
    expect(back.status).toBe(302);
    const me = (await (await app('/wx/me', { headers: { cookie } })).json()) as { user: SessionUser };
    expect(me.user).toMatchObject({
      platform: 'wecom',
      userid: 'lisi',
      corpId: 'wwcorpB',
      name: 'member of wwcorpB',
    });
    const userGet = platform.calls.find((u) => u.pathname === '/cgi-bin/user/get');
    expect(userGet?.searchParams.get('access_token')).toMatch(/^CORP_wwcorpB_/);
  });

  it('stamps the corp of the platform answer on the session whatever loadUser returns', async () => {
    const { loginAs, app } = await providerWorld({
      loadUser: async (identity, client) => ({
        platform: 'wecom',
        id: 'x',
        name: `seen through ${client.appId}`,
        corpId: 'wwcorpA', // a loadUser that tries to move the member to another corp
        kind: identity.platform,
      }),
    });
    const { cookie } = await loginAs('wwcorpB');
    const me = (await (await app('/wx/me', { headers: { cookie } })).json()) as { user: SessionUser };
    expect(me.user).toMatchObject({ corpId: 'wwcorpB', name: 'seen through wwcorpB', kind: 'provider' });
  });

  it('refuses a member of a corp that has not installed the suite, before any session', async () => {
    const { loginAs } = await providerWorld();
    const { back, cookie } = await loginAs('wwstranger');
    expect(back.status).toBe(400);
    expect(cookie).not.toMatch(/wx_session=[^;]+/);
  });

  it("signs the JS-SDK for the member's corp: corp and agent tickets with that corp's token, its appId and agentid", async () => {
    const { loginAs, app, platform } = await providerWorld();
    const a = await loginAs('wwcorpA');
    const b = await loginAs('wwcorpB');
    const url = encodeURIComponent('https://isv.example.com/page');
    const configOf = async (cookie: string) =>
      (await (await app(`/wx/jssdk/config?url=${url}`, { headers: { cookie } })).json()) as {
        appId: string;
        agentConfig: { corpid: string; agentid: number; signature: string };
        signature: string;
      };
    const [ca, cb] = [await configOf(a.cookie), await configOf(b.cookie)];
    expect(ca.appId).toBe('wwcorpA');
    expect(ca.agentConfig).toMatchObject({ corpid: 'wwcorpA', agentid: 1000011 });
    expect(cb.appId).toBe('wwcorpB');
    expect(cb.agentConfig).toMatchObject({ corpid: 'wwcorpB', agentid: 1000022 });
    // Same URL, same second: still two signatures, one per corp (never one corp's reused for the other).
    expect(ca.signature).not.toBe(cb.signature);
    expect(platform.ticketTokens.every((t) => t === 'corp:wwcorpA' || t === 'corp:wwcorpB')).toBe(true);
  });

  it('refuses a JS-SDK config without a session (no corp to sign for)', async () => {
    const { app } = await providerWorld();
    const reply = await app(`/wx/jssdk/config?url=${encodeURIComponent('https://isv.example.com/p')}`);
    expect(reply.status).toBe(401);
  });

  it('refuses to be created with two kinds of app, naming suite among the choices', async () => {
    const { suite } = await providerWorld();
    expect(() =>
      createWxServer({ suite, officialAccount: {} as never, session: { secret: SECRET } }),
    ).toThrow(/exactly one of .*suite/);
  });

  it("wx.clientFor(request) is the member's corp client, from the session only; undefined without one", async () => {
    const { wx, loginAs, platform } = await providerWorld();
    const a = await loginAs('wwcorpA');
    const b = await loginAs('wwcorpB');
    const request = (cookie: string) => new Request('https://isv.example.com/api', { headers: { cookie } });
    const ca = await wx.clientFor(request(a.cookie));
    const cb = await wx.clientFor(request(b.cookie));
    expect(ca?.appId).toBe('wwcorpA');
    expect(cb?.appId).toBe('wwcorpB');
    // Each client calls with its own corp's token.
    await ca?.call('/cgi-bin/message/send', { method: 'POST', body: {} });
    expect(platform.calls.at(-1)?.searchParams.get('access_token')).toMatch(/^CORP_wwcorpA_/);
    // Nothing in the request can name another tenant: a query or header naming corp B changes nothing.
    const forged = new Request('https://isv.example.com/api?corp=wwcorpB', {
      headers: { cookie: a.cookie, 'x-corp-id': 'wwcorpB' },
    });
    expect((await wx.clientFor(forged))?.appId).toBe('wwcorpA');
    expect(await wx.clientFor(new Request('https://isv.example.com/api'))).toBeUndefined();
    // For jobs outside a request: the suite, by explicit corp id.
    expect((await wx.suite?.corp('wwcorpB'))?.appId).toBe('wwcorpB');
  });

  it("ends the sessions of a corp that uninstalled the app, on the kit's routes and in getUser, and only that corp's", async () => {
    const { wx, loginAs, suite, app } = await providerWorld();
    const a = await loginAs('wwcorpA');
    const b = await loginAs('wwcorpB');
    await suite.tenants.remove('wwcorpA');
    expect((await app('/wx/me', { headers: { cookie: a.cookie } })).status).toBe(401);
    expect(
      await wx.getUser(new Request('https://isv.example.com/api', { headers: { cookie: a.cookie } })),
    ).toBeUndefined();
    expect((await app('/wx/me', { headers: { cookie: b.cookie } })).status).toBe(200);
  });

  it("keeps a member's session while the store cannot say whether their corp is still a tenant", async () => {
    const { loginAs, suite, app } = await providerWorld();
    const a = await loginAs('wwcorpA');
    const get = suite.tenants.get;
    suite.tenants.get = async () => {
      throw new Error('store unreachable');
    };
    try {
      expect((await app('/wx/me', { headers: { cookie: a.cookie } })).status).toBe(200);
    } finally {
      suite.tenants.get = get;
    }
  });

  it('gives no client for the session of a corp that uninstalled the app (it is no session any more)', async () => {
    const { wx, loginAs, suite } = await providerWorld();
    const a = await loginAs('wwcorpA');
    await suite.tenants.remove('wwcorpA');
    expect(
      await wx.clientFor(new Request('https://isv.example.com/api', { headers: { cookie: a.cookie } })),
    ).toBeUndefined();
  });
});
