import { createMemoryStore, type SessionUser } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeProvider, manualClock, suiteOptions } from '../../core/test/helpers/fake-provider.js';
import { createWxServer } from '../src/index.js';
import { cookiesOf } from './helpers.js';

/** A 代开发 template (dk…) installed in corps A and B, each with its own agent. */
async function customizedWorld() {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider(['dksuite1']);
  const suite = createSuite(suiteOptions(platform, { store, clock: clock.now, suiteId: 'dksuite1' }));
  await suite.tickets.receive(platform.pushTicket('dksuite1'));
  await suite.completeInstall(
    platform.authorise('dksuite1', 'wwcorpA', { customized: true, agentId: 1000031 }),
  );
  await suite.completeInstall(
    platform.authorise('dksuite1', 'wwcorpB', { customized: true, agentId: 1000032 }),
  );
  const wx = createWxServer({
    suite,
    store,
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    publicUrl: 'https://isv.example.com',
    clock: clock.now,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const app = async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, 'https://isv.example.com'), init))) ??
    new Response('not the kit', { status: 599 });
  /** Starts a login for `corp` and comes back with `code`. */
  const login = async (corp: string, code: string) => {
    const start = await app(`/wx/login?corp=${corp}&redirect=%2F`, { headers: { 'user-agent': 'wxwork' } });
    const authorize = new URL(start.headers.get('location') ?? '');
    const state = authorize.searchParams.get('state') ?? '';
    const back = await app(`/wx/callback?code=${code}&state=${state}`, {
      headers: { cookie: cookiesOf(start) },
    });
    return { start, authorize, back, cookie: cookiesOf(back) };
  };
  return { app, login, platform };
}

describe('a 代开发 app logs members in through their corp’s own OAuth', () => {
  it('sends ?corp= logins to the authorize page with appid = the corp and its agentid', async () => {
    const { login } = await customizedWorld();
    const { authorize } = await login('wwcorpB', 'unused');
    expect(authorize.pathname).toBe('/connect/oauth2/authorize');
    expect(authorize.searchParams.get('appid')).toBe('wwcorpB');
    expect(authorize.searchParams.get('agentid')).toBe('1000032');
  });

  it("exchanges the code with the corp's token (gettoken with the permanent code); the session carries the corp", async () => {
    const { login, app, platform } = await customizedWorld();
    const { back, cookie } = await login('wwcorpA', 'dk-wwcorpA');
    expect(back.status).toBe(302);
    const me = (await (await app('/wx/me', { headers: { cookie } })).json()) as { user: SessionUser };
    expect(me.user).toMatchObject({ userid: 'wangwu', corpId: 'wwcorpA', name: 'member of wwcorpA' });
    const exchange = platform.calls.find((u) => u.pathname === '/cgi-bin/auth/getuserinfo');
    expect(exchange?.searchParams.get('access_token')).toMatch(/^CORP_wwcorpA_/);
    expect(platform.count('/cgi-bin/gettoken')).toBe(1);
    expect(platform.count('/cgi-bin/service/auth/getuserinfo3rd')).toBe(0);
  });

  it("attack: a code of corp A's app brought to a login started for corp B gets no session", async () => {
    const { login, app } = await customizedWorld();
    const { back } = await login('wwcorpB', 'dk-wwcorpA');
    // The platform refuses the code (40029): the callback goes back to the login, never to the app, and the
    // restarted login is still corp B's.
    const restart = back.headers.get('location') ?? '';
    expect(new URL(restart).pathname).toBe('/wx/login');
    const again = await app(restart, { headers: { cookie: cookiesOf(back) } });
    expect(new URL(again.headers.get('location') ?? '').searchParams.get('appid')).toBe('wwcorpB');
    expect(back.headers.getSetCookie().some((c) => c.startsWith('wx_session='))).toBe(false);
  });

  it('refuses a corp that is not a tenant, and a login without a corp, before any redirect', async () => {
    const { app } = await customizedWorld();
    const page = await app('/wx/login?corp=wwcorpC&redirect=%2F', {
      headers: { 'sec-fetch-mode': 'navigate' },
    });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('应用未安装');
    const api = await app('/wx/login?redirect=%2F', { headers: { 'sec-fetch-mode': 'cors' } });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'not_installed',
      message: expect.stringMatching(/\?corp=\$CORPID\$/),
    });
  });

  it('never redirects to any corp but a tenant, nor fails with 5xx, whatever ?corp= holds (property)', async () => {
    const { app } = await customizedWorld();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (corp) => {
        fc.pre(corp !== 'wwcorpA' && corp !== 'wwcorpB');
        const reply = await app(`/wx/login?corp=${encodeURIComponent(corp)}&redirect=%2F`);
        expect(reply.status).toBe(403);
      }),
      { numRuns: 120 },
    );
  });
});
