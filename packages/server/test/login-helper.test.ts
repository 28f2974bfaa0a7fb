import { authorizeAs, CookieJar } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

// The shared login helper (test-support/login.ts) stands in for a browser in many suites: its own rules, tested here.
describe('the login helper every suite logs in with', () => {
  it('keeps cookies as a browser does: a later value replaces, Max-Age=0 removes', () => {
    const set = (...cookies: string[]) => {
      const headers = new Headers();
      for (const c of cookies) headers.append('set-cookie', c);
      return new Response(null, { headers });
    };
    const jar = new CookieJar('a=1; b=2');
    jar.keep(set('a=3; Path=/; HttpOnly', 'b=; Path=/; Max-Age=0', 'c=x=y; Path=/'));
    expect(jar.header()).toBe('a=3; c=x=y');
  });

  it('logs the member picked on the authorize page in, and says so when the page does not send the browser back', async () => {
    const h = await harness();
    const { response, cookies } = await h.loginVia('spa', 'lisi');
    expect(((await response.json()) as { user: { id: string } }).user.id).toBe('lisi');
    expect(cookies).toMatch(/wx_session=/);
    await expect(authorizeAs(h.emu.fetch, '/connect/oauth2/authorize?appid=nope', 'lisi')).rejects.toThrow(
      /no redirect for lisi/,
    );
  });
});
