import { UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { cookiesOf, type Harness, harness } from './helpers.js';

const fault = (h: Harness, body: Record<string, unknown>) =>
  h.emu.fetch('/_emulator/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Follows one whole login in callback mode the way a browser does, counting authorize round trips. */
async function browse(h: Harness, userid: string, maxHops = 20) {
  let jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/Max-Age=0/.test(c)) jar.delete(name);
      else jar.set(name, value ?? '');
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let authorizeTrips = 0;
  let next = '/wx/login?redirect=%2Fsurvey';
  for (let hop = 0; hop < maxHops; hop++) {
    const url = new URL(next, 'http://localhost:3000');
    if (url.host === 'emulator.local') {
      authorizeTrips++;
      const back = await h.emu.fetch(`${url.pathname}${url.search}&login_as=${userid}`);
      next = back.headers.get('location') ?? '';
      continue;
    }
    const response = await h.app(url.pathname + url.search, {
      headers: { 'user-agent': UA.wecomIOS, cookie: cookie(), 'sec-fetch-mode': 'navigate' },
    });
    keep(response);
    if (response.status !== 302) return { response, authorizeTrips, jar };
    next = (response.headers.get('location') ?? '').replace('#wechat_redirect', '');
    if (new URL(next, 'http://localhost:3000').pathname === '/survey')
      return { response, authorizeTrips, jar };
  }
  jar = new Map();
  throw new Error('the login did not end');
}

describe('a login that ends', () => {
  it('shows the member an HTML page naming 60020 and its fix, at once, when the exchange keeps failing', async () => {
    const h = await harness();
    await fault(h, { path: '/cgi-bin/auth/getuserinfo', count: 100, errcode: 60020 });
    const { response, authorizeTrips } = await browse(h, 'zhangsan');
    expect(authorizeTrips).toBe(1);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const page = await response.text();
    expect(page).toMatch(/登录失败/);
    expect(page).toMatch(/The login failed/);
    expect(page).toContain('60020');
    expect(page).toMatch(/trusted IP|可信IP/);
  });

  it('stops after three authorize round trips and shows the page when every attempt fails in passing', async () => {
    const h = await harness();
    // Each login attempt meets a code the platform calls used: restartable, so the guard must end it.
    await fault(h, { path: '/cgi-bin/auth/getuserinfo', count: 100, errcode: 40029 });
    const { response, authorizeTrips } = await browse(h, 'zhangsan');
    expect(authorizeTrips).toBe(3);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-wxkit-error')).toBe('too_many_attempts');
    expect(await response.text()).toContain('40029');
  });

  it('restarts once and succeeds when a single attempt fails in passing, then counts afresh', async () => {
    const h = await harness();
    await fault(h, { path: '/cgi-bin/auth/getuserinfo', count: 1, errcode: 40029 });
    const first = await browse(h, 'zhangsan');
    expect(first.authorizeTrips).toBe(2);
    expect(first.response.headers.get('location')).toBe('http://localhost:3000/survey');
    // A later login in the same browser is not counted against the earlier one.
    const again = await h.app('/wx/login?redirect=/', {
      headers: { 'user-agent': UA.wecomIOS, cookie: [...first.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(again.status).toBe(302);
  });

  it('answers a declined login with a page, not JSON', async () => {
    const h = await harness();
    const start = await h.app('/wx/login?redirect=/', { headers: { 'user-agent': UA.wecomIOS } });
    const declined = await h.app('/wx/callback?state=abc', {
      headers: { cookie: cookiesOf(start), 'sec-fetch-mode': 'navigate' },
    });
    expect(declined.status).toBe(401);
    expect(declined.headers.get('content-type')).toMatch(/text\/html/);
    expect(await declined.text()).toMatch(/登录已取消/);
  });

  it('tells a single-page app whether starting again can help', async () => {
    const h = await harness();
    await fault(h, { path: '/cgi-bin/auth/getuserinfo', count: 1, errcode: 60020 });
    const { response } = await h.loginVia('spa', 'zhangsan');
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { errcode: 60020 }, restart: false });
  });
});
