import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSeed, type Emulator } from '../src/index.js';
import { CORP, emulator, weComMember } from './helpers.js';

const login = (query: Record<string, string>) =>
  `/wwlogin/sso/login?${new URLSearchParams({ appid: CORP, agentid: '1000002', state: 'w1', ...query })}`;

/** An emulator whose app has separate OAuth trusted and web-login domains. */
async function split() {
  const seed = defaultSeed();
  const app = seed.wecom[0]!.apps[0]!;
  app.trustedDomains = ['app.example.com'];
  app.webLoginDomains = ['login.example.com'];
  const emu = await emulator({ seed });
  opened.push(emu);
  return emu;
}

const opened: Emulator[] = [];
afterEach(async () => {
  for (const emu of opened.splice(0)) await emu.close();
});

describe('web login (/wwlogin/sso/login) rules', () => {
  it('accepts a redirect on the OAuth trusted domain, not only the web-login domain (doc 98171)', async () => {
    const emu = await split();
    for (const host of ['app.example.com', 'login.example.com']) {
      const response = await emu.fetch(
        login({ login_type: 'CorpApp', redirect_uri: `https://${host}/cb`, login_as: 'zhangsan' }),
      );
      expect(response.status).toBe(302);
      const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const user = await weComMember(emu, code);
      expect(user).toMatchObject({ errcode: 0, userid: 'zhangsan' });
    }
  });

  it('still refuses a redirect on neither domain with 50001', async () => {
    const emu = await split();
    const response = await emu.fetch(
      login({ login_type: 'CorpApp', redirect_uri: 'https://evil.example/cb', login_as: 'zhangsan' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('50001');
  });

  it('says plainly that ServiceApp (third-party login) is not emulated instead of a platform error code', async () => {
    const emu = await split();
    const response = await emu.fetch(
      login({
        login_type: 'ServiceApp',
        appid: 'wwsuite0123456789',
        redirect_uri: 'https://app.example.com/cb',
      }),
    );
    expect(response.status).toBe(501);
    const text = await response.text();
    expect(text).toContain('ServiceApp is not emulated');
    expect(text).not.toMatch(/10013/);
  });

  it('serves the login panel page when framed by @wecom/jssdk (version present), speaking only to the redirect origin', async () => {
    const emu = await split();
    const response = await emu.fetch(
      login({
        login_type: 'CorpApp',
        redirect_uri: 'https://app.example.com/cb',
        redirect_type: 'callback',
        version: '2.4.4',
      }),
    );
    const html = await response.text();
    expect(html).toContain('data-login-as="zhangsan"');
    expect(html).toContain('"https://app.example.com"');
  });

  it('says on a localhost callback panel that the real platform will not hand the code over there (doc 98171)', async () => {
    const emu = await emulator();
    opened.push(emu);
    const panel = async (redirect: string, type: string) =>
      (
        await emu.fetch(
          login({ login_type: 'CorpApp', redirect_uri: redirect, redirect_type: type, version: '2.4.4' }),
        )
      ).text();
    expect(await panel('http://localhost:3000/cb', 'callback')).toMatch(
      /id="wwlogin-localhost-note">On the real platform redirect_type=callback does not work on localhost/,
    );
    expect(await panel('http://localhost:3000/cb', 'top')).not.toContain('wwlogin-localhost-note');
    expect(
      await (await split())
        .fetch(
          login({
            login_type: 'CorpApp',
            redirect_uri: 'https://app.example.com/cb',
            redirect_type: 'callback',
            version: '2.4.4',
          }),
        )
        .then((r) => r.text()),
    ).not.toContain('wwlogin-localhost-note');
  });

  it('answers a pick in the panel with a page that posts the code, never a redirect the frame would follow', async () => {
    const emu = await split();
    const response = await emu.fetch(
      login({
        login_type: 'CorpApp',
        redirect_uri: 'https://app.example.com/cb',
        redirect_type: 'callback',
        version: '2.4.4',
        login_as: 'lisi',
      }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const code = /onLoginSuccess', \{ code: "([^"]+)"/.exec(html)?.[1] ?? '';
    const user = await weComMember(emu, code);
    expect(user).toMatchObject({ errcode: 0, userid: 'lisi' });
  });

  it('keeps hostile parameters out of the panel page and its result page scripts (property)', async () => {
    const emu = await split();
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '</script><script>alert(1)</script>',
        '"\'><img src=x onerror=alert(1)>',
        '\u2028',
        ['$', '{1}'].join(''),
      ),
    );
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, fc.boolean(), async (path, extra, type, pick) => {
        const response = await emu.fetch(
          login({
            login_type: 'CorpApp',
            redirect_uri: `https://app.example.com/${path}`,
            redirect_type: type,
            lang: extra,
            version: '2.4.4',
            ...(pick ? { login_as: 'zhangsan' } : {}),
          }),
        );
        expect(response.status).toBe(200);
        const html = await response.text();
        expect(html.split('<script').length - 1).toBe(1);
        expect(html.split('</script').length - 1).toBe(1);
        // Only as inert, percent-encoded or escaped text: never as markup.
        expect(html).not.toMatch(/<img/i);
      }),
      { numRuns: 80 },
    );
  });
});
