import { authorizeAs, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { MAX_PENDING_LOGINS } from '../src/login-state.js';
import { type Harness, harness } from './helpers.js';

/** One browser's cookie jar (every cookie here is under /wx or /, so paths do not matter). */
function browser(h: Harness) {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const take = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (/Max-Age=0/.test(line)) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1));
    }
  };
  /** The request as the browser sends it now; its cookies are taken only when `take` is called. */
  const send = (path: string, init: RequestInit = {}) =>
    h.app(path, {
      ...init,
      headers: { 'user-agent': UA.wecomIOS, cookie: cookie(), ...(init.headers as Record<string, string>) },
    });
  /** The platform's authorize page for a login's 302, answered as `who`: the path it sends the browser back to. */
  const authorize = async (login: Response, who = 'zhangsan') => {
    return (await authorizeAs(h.emu.fetch, login.headers.get('location') ?? '', who)).back;
  };
  return { jar, take, send, authorize };
}

const stateCookies = (jar: Map<string, string>) =>
  [...jar.keys()].filter((k) => k.startsWith('wx_login_state'));

describe('several logins in flight in one browser (two app links opened together)', () => {
  it('logs both tabs in when their logins start at the same moment (callback mode)', async () => {
    const h = await harness();
    const b = browser(h);
    // Both requests leave before either answer's Set-Cookie arrives: they carry the same (empty) jar.
    const [one, two] = await Promise.all([
      b.send('/wx/login?redirect=%2Fsurvey%3Fid%3D1'),
      b.send('/wx/login?redirect=%2Fsurvey%3Fid%3D2'),
    ]);
    b.take(one);
    b.take(two);
    const [backOne, backTwo] = [await b.authorize(one), await b.authorize(two, 'lisi')];
    const doneTwo = await b.send(backTwo.pathname + backTwo.search);
    b.take(doneTwo);
    const doneOne = await b.send(backOne.pathname + backOne.search);
    b.take(doneOne);
    expect([doneOne.status, doneOne.headers.get('location')]).toEqual([
      302,
      'http://localhost:3000/survey?id=1',
    ]);
    expect([doneTwo.status, doneTwo.headers.get('location')]).toEqual([
      302,
      'http://localhost:3000/survey?id=2',
    ]);
    expect(doneOne.headers.getSetCookie().join()).toMatch(/wx_session=[^;]+/);
    expect(doneTwo.headers.getSetCookie().join()).toMatch(/wx_session=[^;]+/);
  });

  it('logs both tabs of one page in (single-page mode, same target), in either order', async () => {
    const h = await harness();
    const b = browser(h);
    const first = await b.send('/wx/login?redirect=%2Fsurvey&mode=spa');
    b.take(first);
    const second = await b.send('/wx/login?redirect=%2Fsurvey&mode=spa');
    b.take(second);
    for (const login of [second, first]) {
      const back = await b.authorize(login);
      const session = await b.send('/wx/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: back.searchParams.get('code'), state: back.searchParams.get('state') }),
      });
      b.take(session);
      expect(session.status).toBe(200);
      expect(await session.json()).toMatchObject({ user: { id: 'zhangsan' }, redirect: '/survey' });
    }
  });

  it('lets three tabs to the same page all finish: logins in flight are not failed attempts for the loop guard', async () => {
    const h = await harness();
    const b = browser(h);
    const logins: Response[] = [];
    for (let i = 0; i < 3; i++) {
      const login = await b.send('/wx/login?redirect=%2Fsurvey');
      b.take(login);
      expect(login.status).toBe(302);
      logins.push(login);
    }
    for (const login of logins) {
      const back = await b.authorize(login);
      const done = await b.send(back.pathname + back.search);
      b.take(done);
      expect(done.headers.get('location')).toBe('http://localhost:3000/survey');
    }
  });

  it(`keeps at most ${MAX_PENDING_LOGINS} logins per browser: the oldest is dropped and starts again, never exchanged`, async () => {
    const h = await harness();
    const b = browser(h);
    const logins: Response[] = [];
    for (let i = 0; i <= MAX_PENDING_LOGINS; i++) {
      const login = await b.send(`/wx/login?redirect=%2Fpage${i}`);
      b.take(login);
      logins.push(login);
    }
    expect(stateCookies(b.jar)).toHaveLength(MAX_PENDING_LOGINS);
    const oldest = await b.authorize(logins[0] as Response);
    const refused = await b.send(oldest.pathname + oldest.search);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('http://localhost:3000/wx/login?redirect=%2F');
    const newest = await b.authorize(logins[MAX_PENDING_LOGINS] as Response);
    const done = await b.send(newest.pathname + newest.search);
    expect(done.headers.get('location')).toBe(`http://localhost:3000/page${MAX_PENDING_LOGINS}`);
  });

  it('uses each state once: a second code brought back with a finished login’s state gets no session', async () => {
    const h = await harness();
    const b = browser(h);
    const login = await b.send('/wx/login?redirect=%2F&mode=spa');
    b.take(login);
    const post = (back: URL) =>
      b.send('/wx/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: back.searchParams.get('code'), state: back.searchParams.get('state') }),
      });
    const victim = await b.authorize(login, 'zhangsan');
    // The same authorize URL, answered again (a planted second code for the same state).
    const planted = await b.authorize(login, 'lisi');
    const first = await post(victim);
    b.take(first);
    expect(first.status).toBe(200);
    const second = await post(planted);
    expect(second.status).toBe(403);
    expect(await second.json()).toMatchObject({ error: { code: 'state_used' }, restart: true });
    // The reload of the first one is still answered (same code, same member, no second exchange).
    expect(await (await post(victim)).json()).toMatchObject({ user: { id: 'zhangsan' } });
  });

  it("refuses a login state moved under another login's cookie name", async () => {
    const h = await harness();
    const b = browser(h);
    const one = await b.send('/wx/login?redirect=%2Fa');
    b.take(one);
    const two = await b.send('/wx/login?redirect=%2Fb');
    b.take(two);
    const [nameOne = '', nameTwo = ''] = stateCookies(b.jar);
    const valueOne = b.jar.get(nameOne) ?? '';
    b.jar.set(nameOne, b.jar.get(nameTwo) ?? '');
    b.jar.set(nameTwo, valueOne);
    const back = await b.authorize(one);
    const refused = await b.send(back.pathname + back.search);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toMatch(/\/wx\/login\?redirect=%2F$/);
  });
});
