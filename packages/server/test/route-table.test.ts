import {
  callbackSignature,
  createCallbackCrypto,
  JSSDK_SCRIPT_PATH,
  WECOM_JSSDK_SCRIPT_PATH,
} from '@wxkit/core';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import {
  DEMO_CALLBACK,
  DEMO_WECOM,
  demoOfficialAccount,
  demoWeCom,
  loginThroughEmulator,
  UA,
} from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createWxServer, type WxServerOptions } from '../src/index.js';
import { browserOf, cookiesOf, testOptions } from './helpers.js';

/** What a test must know of each kind of app; the routes and the assertions below are the same for both. */
const KINDS = [
  {
    kind: 'wecom' as const,
    app: (emu: Emulator) => ({ wecom: demoWeCom(emu, { clock: emu.now }) }),
    callback: DEMO_CALLBACK,
    member: 'zhangsan',
    userAgent: UA.wecomIOS,
    scriptPath: WECOM_JSSDK_SCRIPT_PATH,
    /** The console's URL check: WeCom sends the echo encrypted. */
    verifyQuery(echo: string) {
      const crypto = createCallbackCrypto({ ...DEMO_CALLBACK, receiveId: DEMO_WECOM.corpId });
      const { encrypt, msgSignature } = crypto.encrypt(echo, { timestamp: '1', nonce: 'x' });
      return `msg_signature=${msgSignature}&timestamp=1&nonce=x&echostr=${encodeURIComponent(encrypt)}`;
    },
  },
  {
    kind: 'oa' as const,
    app: (emu: Emulator) => ({ officialAccount: demoOfficialAccount(emu, { clock: emu.now }) }),
    callback: { token: 'RouteTableToken' },
    member: 'o-xiaohong',
    userAgent: UA.wechatIOS,
    scriptPath: JSSDK_SCRIPT_PATH,
    /** An Official Account's console signs [token, timestamp, nonce] and wants the echo back unchanged. */
    verifyQuery: (echo: string) =>
      `signature=${callbackSignature(['RouteTableToken', '1', 'x'])}&timestamp=1&nonce=x&echostr=${echo}`,
  },
];

describe.each(KINDS)('one route table, served for $kind', (k) => {
  async function serve(extra: Partial<WxServerOptions> = {}, callbacks = true) {
    const emu = await createEmulator({ clock: () => 1_700_000_000_000 });
    const wx = createWxServer({
      ...k.app(emu),
      ...testOptions(emu),
      ...(callbacks ? { callback: k.callback } : {}),
      ...extra,
    });
    return { emu, wx, app: browserOf(wx) };
  }

  it('answers each route at its path with its methods, and 405 with Allow for the others', async () => {
    const { app } = await serve();
    const table: [string, string[]][] = [
      ['/wx/login', ['GET']],
      ['/wx/callback', ['GET']],
      ['/wx/session', ['POST']],
      ['/wx/me', ['GET']],
      ['/wx/logout', ['POST']],
      ['/wx/jssdk/config', ['GET']],
      ['/wx/events', ['GET', 'POST']],
    ];
    for (const [path, methods] of table) {
      const wrong = await app(path, { method: 'PUT' });
      expect(wrong.status, path).toBe(405);
      expect(wrong.headers.get('allow'), path).toBe(methods.join(', '));
    }
    expect((await app('/wx/nothing')).status).toBe(404);
    expect((await app('/elsewhere')).status).toBe(599);
  });

  it('logs a member in (login → authorize → callback), then me and logout', async () => {
    const { emu, app } = await serve();
    const { responses } = await loginThroughEmulator({
      app,
      emulator: emu.fetch,
      member: k.member,
      mode: 'callback',
      redirect: '/survey',
      userAgent: k.userAgent,
    });
    expect(responses.start.status).toBe(302);
    const done = responses.finish;
    expect(done.headers.get('location')).toBe('http://localhost:3000/survey');
    const session = cookiesOf(done);
    const me = await app('/wx/me', { headers: { cookie: session } });
    expect(await me.json()).toMatchObject({ user: { platform: k.kind, id: k.member } });
    const out = await app('/wx/logout', {
      method: 'POST',
      headers: { cookie: session, 'content-type': 'application/json' },
    });
    expect(out.status).toBe(204);
    expect((await app('/wx/me', { headers: { cookie: session } })).status).toBe(401);
  });

  it('logs a single-page app in through POST /wx/session', async () => {
    const { emu, app } = await serve();
    const { back, responses } = await loginThroughEmulator({
      app,
      emulator: emu.fetch,
      member: k.member,
      redirect: '/p',
      userAgent: k.userAgent,
    });
    expect(back.pathname).toBe('/p');
    expect(await responses.finish.json()).toMatchObject({
      user: { platform: k.kind, id: k.member },
      redirect: '/p',
    });
  });

  it("signs the JS-SDK config and points at the platform's script", async () => {
    const { app } = await serve();
    const reply = await app(`/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/p')}`);
    expect(reply.status).toBe(200);
    const config = (await reply.json()) as { scriptUrl: string; signature: string };
    expect(new URL(config.scriptUrl).pathname).toBe(k.scriptPath);
    expect(config.signature).toMatch(/^[0-9a-f]{40}$/);
    const refused = await app(`/wx/jssdk/config?url=${encodeURIComponent('http://evil.example/')}`);
    expect(await refused.json()).toMatchObject({ error: { code: 'domain_not_allowed', errcode: 80001 } });
  });

  it("answers the console's URL check with the echo alone", async () => {
    const { app } = await serve();
    const reply = await app(`/wx/events?${k.verifyQuery('8675309')}`);
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe('8675309');
  });

  it('leaves a switched-off route and the events route without callback options to the app', async () => {
    const { wx, app } = await serve({ routes: { session: false } });
    expect(wx.owns('/wx/session')).toBe(false);
    expect((await app('/wx/session', { method: 'POST' })).status).toBe(599);
    const { app: noCallbacks } = await serve({}, false);
    expect(await (await noCallbacks('/wx/events', { method: 'PUT' })).json()).toMatchObject({
      error: { code: 'callbacks_off' },
    });
  });
});
