import { silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { demoOfficialAccount, loginThroughEmulator } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { createWxServer } from '../src/index.js';

const WECHAT_UA = 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.50 NetType/WIFI';

async function oaHarness(scope: 'snsapi_base' | 'snsapi_userinfo') {
  const emu = await createEmulator();
  const officialAccount = demoOfficialAccount(emu);
  const wx = createWxServer({
    officialAccount,
    session: { secret: 'oa-test-secret-0123456789abcdefghijkl' },
    login: { scope },
    jssdk: { domains: ['localhost:3000'] },
    logger: silentLogger,
  });
  const app = async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, 'http://localhost:3000'), init))) as Response;
  return { emu, wx, app };
}

describe('the server kit for an Official Account', () => {
  it('logs a follower in with snsapi_userinfo and keeps their nickname in the session', async () => {
    const { emu, app } = await oaHarness('snsapi_userinfo');
    const { responses } = await loginThroughEmulator({
      app,
      emulator: emu.fetch,
      member: 'o-xiaohong',
      mode: 'callback',
      redirect: '/home',
      userAgent: WECHAT_UA,
    });
    expect(responses.start.headers.get('location')).toMatch(
      /^http:\/\/emulator\.local\/connect\/oauth2\/authorize\?appid=wx0123456789abcdef&redirect_uri=.+&response_type=code&scope=snsapi_userinfo&state=\w+#wechat_redirect$/,
    );
    const done = responses.finish;
    expect(done.headers.get('location')).toBe('http://localhost:3000/home');
    const session = done.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(await (await app('/wx/me', { headers: { cookie: session } })).json()).toMatchObject({
      user: { platform: 'oa', id: 'o-xiaohong', openid: 'o-xiaohong', name: '小红' },
    });
  });

  it('signs wx.config with the Official Account ticket and no agentConfig', async () => {
    const { emu, app } = await oaHarness('snsapi_base');
    const config = (await (
      await app(`/wx/jssdk/config?url=${encodeURIComponent('http://localhost:3000/p')}`)
    ).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ appId: 'wx0123456789abcdef' });
    expect(config['agentConfig']).toBeUndefined();
    const verified = await (
      await emu.fetch('/_emulator/jssdk/verify', {
        method: 'POST',
        body: JSON.stringify({
          kind: 'config',
          appId: config['appId'],
          timestamp: config['timestamp'],
          nonceStr: config['nonceStr'],
          signature: config['signature'],
          url: 'http://localhost:3000/p',
        }),
      })
    ).json();
    expect(verified).toEqual({ ok: true });
  });
});
