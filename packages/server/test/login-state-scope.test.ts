import { createEmulator } from '@wxkit/emulator';
import { authorizeAs, demoOfficialAccount, demoWeCom, UA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createWxServer } from '../src/index.js';

/** A browser's cookie jar, by name and Path as RFC 6265 scopes them (a path matches itself and what is below it). */
function cookieJar() {
  const jar = new Map<string, { name: string; value: string; path: string }>();
  const matches = (cookiePath: string, path: string) =>
    path === cookiePath || path.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
        const [name = '', value = ''] = pair.split('=');
        const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
        if (value === '') jar.delete(`${name}|${path}`);
        else jar.set(`${name}|${path}`, { name, value, path });
      }
    },
    header: (path: string) =>
      [...jar.values()]
        .filter((c) => matches(c.path, path))
        .sort((a, b) => b.path.length - a.path.length)
        .map((c) => `${c.name}=${c.value}`)
        .join('; '),
  };
}

describe('two kits on one origin (a WeCom app at /wx, an Official Account at /oa/wx)', () => {
  it('keep their login states apart: starting one login does not spoil the other one in the same browser', async () => {
    const emu = await createEmulator();
    const common = { publicUrl: 'http://localhost:3000' };
    const wecom = createWxServer({
      wecom: demoWeCom(emu),
      session: { secret: 'scope-test-secret-0123456789abcdefghij' },
      publicUrl: common.publicUrl,
    });
    const oa = createWxServer({
      officialAccount: demoOfficialAccount(emu),
      prefix: '/oa/wx',
      session: { secret: 'scope-test-secret-0123456789abcdefghij', cookieName: 'wx_oa_session' },
      publicUrl: common.publicUrl,
    });
    const jar = cookieJar();
    const visit = async (kit: typeof wecom, path: string, userAgent: string) => {
      const response = (await kit.handle(
        new Request(`http://localhost:3000${path}`, {
          headers: { 'user-agent': userAgent, cookie: jar.header(new URL(path, 'http://x').pathname) },
        }),
      )) as Response;
      jar.take(response);
      return response;
    };
    /** The platform's authorize page picks `who` and comes back to the app with code and state. */
    const authorize = async (login: Response, who: string) => {
      const { back } = await authorizeAs(emu.fetch, login.headers.get('location') ?? '', who);
      return `${back.pathname}${back.search}`;
    };

    // The member opens the WeCom app, then (before coming back) the Official Account's page in the same browser.
    const wecomLogin = await visit(wecom, '/wx/login?redirect=/survey', UA.wecomIOS);
    const oaLogin = await visit(oa, '/oa/wx/login?redirect=/oa/', UA.wechatIOS);
    const wecomBack = await authorize(wecomLogin, 'zhangsan');
    const oaBack = await authorize(oaLogin, 'o-xiaoming');

    const wecomDone = await visit(wecom, wecomBack, UA.wecomIOS);
    expect(wecomDone.status).toBe(302);
    expect(wecomDone.headers.get('location')).toBe('http://localhost:3000/survey');
    const oaDone = await visit(oa, oaBack, UA.wechatIOS);
    expect(oaDone.status).toBe(302);
    expect(oaDone.headers.get('location')).toBe('http://localhost:3000/oa/');
    expect(jar.header('/survey')).toMatch(/wx_session=/);
    expect(jar.header('/oa/')).toMatch(/wx_oa_session=/);
  });
});
