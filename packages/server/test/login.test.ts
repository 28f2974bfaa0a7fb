import { authorizeAs, finishLogin, startLogin, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

describe('login and code exchange', () => {
  it('logs in through the authorize page and lands on the saved path without the code', async () => {
    const h = await harness();
    const { response, cookies } = await h.loginVia('callback', 'zhangsan');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://localhost:3000/survey?id=1');
    const me = await h.app('/wx/me', { headers: { cookie: cookies } });
    expect(await me.json()).toMatchObject({
      user: { platform: 'wecom', id: 'zhangsan', name: '张三', department: [2] },
    });
    expect(response.headers.getSetCookie().join()).toMatch(/wx_session=.+HttpOnly; SameSite=Lax/);
  });

  it('sends an ordinary browser to the WeCom web (QR) login and WeCom to the authorize page', async () => {
    const h = await harness();
    const inApp = await h.app('/wx/login?redirect=/', { headers: { 'user-agent': UA.wecomIOS } });
    expect(inApp.headers.get('location')).toMatch(
      /^http:\/\/emulator\.local\/connect\/oauth2\/authorize\?.*#wechat_redirect$/,
    );
    const desktop = await h.app('/wx/login?redirect=/', {
      headers: { 'user-agent': 'Mozilla/5.0 Chrome/120' },
    });
    expect(desktop.headers.get('location')).toMatch(
      /^http:\/\/emulator\.local\/wwlogin\/sso\/login\?login_type=CorpApp/,
    );
  });

  it.each([
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example/',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
  ])('refuses the open redirect %s', async (target) => {
    const h = await harness();
    const response = await h.app(`/wx/login?redirect=${encodeURIComponent(target)}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_redirect' } });
  });

  it('refuses a state that belongs to another browser', async () => {
    const h = await harness();
    const { authorize } = await startLogin({ app: h.app, mode: 'callback' });
    const { back } = await authorizeAs(h.emu.fetch, authorize, 'lisi');
    const response = await h.app(back.pathname + back.search, {
      headers: { cookie: 'wx_login_state=someoneElse' },
    });
    // Not this browser's login: start its own, never exchange someone else's code.
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('http://localhost:3000/wx/login?redirect=%2F');
    expect(await h.emu.fetch('/_emulator/stats').then((r) => r.json())).not.toMatchObject({
      calls: { '/cgi-bin/auth/getuserinfo': 1 },
    });
  });

  it('answers the same member again, without a second exchange, when the same code comes back in the same browser (reload, double 302)', async () => {
    const h = await harness();
    const { response, cookies, code, state } = await h.loginVia('spa', 'wangwu');
    const first = (await response.json()) as { token: string; user: { id: string } };
    expect(first.user.id).toBe('wangwu');
    const again = await h.app('/wx/session', {
      method: 'POST',
      headers: { cookie: cookies, 'content-type': 'application/json' },
      body: JSON.stringify({ code, state }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { user: { id: string } }).user.id).toBe('wangwu');
    const stats = (await (await h.emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls['/cgi-bin/auth/getuserinfo']).toBe(1);
  });

  it('makes one exchange for concurrent posts of one code', async () => {
    const h = await harness();
    const { authorize, cookies } = await startLogin({ app: h.app });
    const { back } = await authorizeAs(h.emu.fetch, authorize, 'zhaoliu');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => finishLogin({ app: h.app, back, cookies }).then((r) => r.json())),
    );
    expect(answers.map((a) => (a as { user: { id: string } }).user.id)).toEqual(Array(5).fill('zhaoliu'));
    const stats = (await (await h.emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
    expect(stats.calls['/cgi-bin/auth/getuserinfo']).toBe(1);
  });

  it('explains an expired code and restarts the login instead of a 40029 page', async () => {
    const h = await harness();
    const { authorize, cookies } = await startLogin({ app: h.app });
    const { back } = await authorizeAs(h.emu.fetch, authorize, 'lisi');
    h.emu.advance(301);
    const posted = await finishLogin({ app: h.app, back, cookies });
    expect(posted.status).toBe(401);
    expect(await posted.json()).toMatchObject({
      error: { code: 'code_used_or_expired', errcode: 40029 },
      restart: true,
    });
  });

  it('sends a stale callback link (used code, no session) back through login', async () => {
    const h = await harness();
    const { code, state } = await h.loginVia('callback', 'zhangsan');
    h.emu.advance(400);
    const stale = await h.app(`/wx/callback?code=${code}&state=${state}`);
    expect(stale.status).toBe(302);
    expect(stale.headers.get('location')).toBe('http://localhost:3000/wx/login?redirect=%2F');
  });

  it('revokes the session on logout and accepts a bearer token until then', async () => {
    const h = await harness();
    const { response } = await h.loginVia('spa', 'lisi');
    const { token } = (await response.json()) as { token: string };
    const asBearer = { headers: { authorization: `Bearer ${token}` } };
    const user = await h.wx.requireUser(new Request('http://localhost:3000/api', asBearer));
    expect(user).toMatchObject({ id: 'lisi' });
    const logout = { method: 'POST', headers: { ...asBearer.headers, 'content-type': 'application/json' } };
    expect((await h.app('/wx/logout', logout)).status).toBe(204);
    expect((await h.app('/wx/me', asBearer)).status).toBe(401);
    const forged = `${token.slice(0, -3)}abc`;
    expect((await h.app('/wx/me', { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
  });

  it("finds the app's user by the session cookie and refuses the app's routes without one", async () => {
    const h = await harness();
    const { cookies } = await h.loginVia('callback', 'wangwu');
    const page = (headers: Record<string, string>) =>
      new Request('http://localhost:3000/survey', { headers });
    expect(await h.wx.getUser(page({ cookie: cookies }))).toMatchObject({ id: 'wangwu', name: '王五' });
    expect(await h.wx.getUser(page({}))).toBeUndefined();
    const refused = await h.wx.requireUser(page({ cookie: 'wx_session=%E0%A4%A' }));
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(401);
  });

  it('answers 405 with Allow to a method a route does not take', async () => {
    const h = await harness();
    const wrong = await h.app('/wx/session');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
    expect((await h.app('/wx/events', { method: 'PUT' })).headers.get('allow')).toBe('GET, POST');
  });

  it('checks its options at once', async () => {
    const { createWxServer } = await import('../src/index.js');
    expect(() => createWxServer({ session: { secret: 'x'.repeat(40) } })).toThrow(/exactly one/);
    const h = await harness();
    expect(() => h.wx.on('click', 'nope' as never)).toThrow(/function/);
    await expect(harness({ routes: { sesion: false } as never })).rejects.toThrow(
      /routes takes login, callback/,
    );
  });

  it('leaves a route switched off to the app', async () => {
    const h = await harness({ routes: { session: false } });
    expect(h.wx.owns('/wx/session')).toBe(false);
    expect(h.wx.owns('/wx/login')).toBe(true);
    const post = new Request('http://localhost:3000/wx/session', { method: 'POST', body: '{}' });
    expect(await h.wx.handle(post)).toBeUndefined();
    expect((await h.app('/wx/login?redirect=/', { headers: { 'user-agent': UA.wecomIOS } })).status).toBe(
      302,
    );
  });
});
