import { describe, expect, it } from 'vitest';
import { createMemoryStore, createWeCom, jsapiSignature, WxConfigError } from '../src/index.js';
import { fakeWeCom, weComOptions } from './helpers/fake-platform.js';

describe('createWeCom', () => {
  it('checks its options at once and names the option to fix', () => {
    const platform = fakeWeCom();
    expect(() => createWeCom({ ...weComOptions(platform), corpId: '' })).toThrow(/corpId/);
    expect(() => createWeCom({ ...weComOptions(platform), corpSecret: ' s ' })).toThrow(/whitespace/);
    expect(() => createWeCom({ ...weComOptions(platform), agentId: Number.NaN })).toThrow(/agentId/);
    expect(() =>
      createWeCom({ ...weComOptions(platform), env: { WXKIT_EMULATOR_HOST: 'http://x/y' } }),
    ).toThrow(WxConfigError);
  });

  it('points every host at the emulator when WXKIT_EMULATOR_HOST is set', async () => {
    const platform = fakeWeCom();
    const wecom = createWeCom(weComOptions(platform, { env: { WXKIT_EMULATOR_HOST: '127.0.0.1:4100' } }));
    await wecom.getAccessToken();
    expect(platform.calls[0]?.origin).toBe('http://127.0.0.1:4100');
    expect(wecom.oauth.authorizeUrl({ redirectUri: 'http://localhost:3000/', state: 's' })).toMatch(
      /^http:\/\/127\.0\.0\.1:4100\//,
    );
    expect(wecom.hosts.res).toBe('http://127.0.0.1:4100');
  });
});

describe('WeCom OAuth', () => {
  const wecom = createWeCom(weComOptions(fakeWeCom()));

  it('builds the authorize URL with an encoded redirect_uri, agentid and #wechat_redirect', () => {
    const url = wecom.oauth.authorizeUrl({
      redirectUri: 'https://app.example.com/cb?next=/a b',
      state: 'abc123',
      scope: 'snsapi_privateinfo',
    });
    expect(
      url.startsWith(
        'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww0123456789abcdef&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fnext%3D%2Fa+b',
      ),
    ).toBe(true);
    expect(url).toContain('scope=snsapi_privateinfo');
    expect(url).toContain('agentid=1000002');
    expect(url.endsWith('#wechat_redirect')).toBe(true);
  });

  it('refuses a state the platform would mangle', () => {
    expect(() => wecom.oauth.authorizeUrl({ redirectUri: 'https://a.com/', state: 'a-b' })).toThrow(
      /letters or digits/,
    );
    expect(() => wecom.oauth.authorizeUrl({ redirectUri: 'https://a.com/', state: 'a'.repeat(129) })).toThrow(
      /1-128/,
    );
    expect(() => wecom.oauth.authorizeUrl({ redirectUri: '/relative', state: 'a' })).toThrow(/absolute/);
  });

  it('builds the web (QR) login URL on the login host', () => {
    const url = new URL(
      wecom.oauth.webLoginUrl({ redirectUri: 'https://app.example.com/cb', state: 'x1', lang: 'en' }),
    );
    expect(url.origin + url.pathname).toBe('https://login.work.weixin.qq.com/wwlogin/sso/login');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      login_type: 'CorpApp',
      appid: 'ww0123456789abcdef',
      agentid: '1000002',
      lang: 'en',
    });
  });

  it('exchanges a code through auth/getuserinfo with lower-case fields', async () => {
    const platform = fakeWeCom();
    const client = createWeCom(weComOptions(platform));
    expect(await client.oauth.exchangeCode('good-1')).toEqual({ userid: 'zhangsan', userTicket: 'UT' });
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(1);
  });

  it('answers a reused code of the same login from the store instead of producing 40029', async () => {
    const platform = fakeWeCom();
    const store = createMemoryStore();
    const first = createWeCom(weComOptions(platform, { store }));
    const second = createWeCom(weComOptions(platform, { store }));
    const login = { binding: 'the-login-that-got-good-2' };
    const a = await first.oauth.exchangeCode('good-2', login);
    const b = await second.oauth.exchangeCode('good-2', login);
    expect(b).toEqual(a);
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(1);
  });

  it('makes one upstream call for concurrent exchanges of one code', async () => {
    const platform = fakeWeCom();
    const client = createWeCom(weComOptions(platform));
    const results = await Promise.all(Array.from({ length: 20 }, () => client.oauth.exchangeCode('good-3')));
    expect(new Set(results.map((r) => r.userid))).toEqual(new Set(['zhangsan']));
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(1);
  });

  it('forgets the code after its five-minute life', async () => {
    const platform = fakeWeCom();
    let now = 1_700_000_000_000;
    const client = createWeCom(weComOptions(platform, { clock: () => now }));
    await client.oauth.exchangeCode('good-4');
    now += 5 * 60_000 + 1;
    await client.oauth.exchangeCode('good-4');
    expect(platform.count('/cgi-bin/auth/getuserinfo')).toBe(2);
  });

  it('explains 40029 with the reload and wrong-token causes', async () => {
    const client = createWeCom(weComOptions(fakeWeCom()));
    const error = await client.oauth.exchangeCode('bad').catch((e: unknown) => e);
    expect(error).toMatchObject({ errcode: 40029 });
    expect(String((error as Error).message)).not.toContain('code=bad');
    expect((error as { explanation: { causes: string[] } }).explanation.causes.join(' ')).toMatch(
      /reload.*|wrong access_token/,
    );
  });
});

describe('WeCom JS-SDK', () => {
  it('signs wx.config with the corp ticket and wx.agentConfig with the agent ticket', async () => {
    const platform = fakeWeCom();
    const now = 1_700_000_000_000;
    const client = createWeCom(weComOptions(platform, { clock: () => now, nonce: () => 'N0NCE' }));
    const url = 'https://app.example.com/p?x=1#/hash';
    const config = await client.jssdk.config({ url, jsApiList: ['scanQRCode'] });
    const agent = await client.jssdk.agentConfig({ url });
    expect(config).toEqual({
      beta: true,
      appId: 'ww0123456789abcdef',
      timestamp: 1_700_000_000,
      nonceStr: 'N0NCE',
      signature: jsapiSignature({ ticket: 'CORP_TICKET1', nonceStr: 'N0NCE', timestamp: 1_700_000_000, url })
        .signature,
      jsApiList: ['scanQRCode'],
    });
    expect(agent.signature).toBe(
      jsapiSignature({ ticket: 'AGENT_TICKET2', nonceStr: 'N0NCE', timestamp: 1_700_000_000, url }).signature,
    );
    expect(agent).toMatchObject({ corpid: 'ww0123456789abcdef', agentid: 1000002 });
    expect(await client.jssdk.agentConfigSignature(url)).toEqual({
      timestamp: agent.timestamp,
      nonceStr: 'N0NCE',
      signature: agent.signature,
    });
  });

  it('refuses a relative URL and a bad jsApiList', async () => {
    const client = createWeCom(weComOptions(fakeWeCom()));
    await expect(client.jssdk.config({ url: '/page' })).rejects.toThrow(/full page URL/);
    await expect(client.jssdk.config({ url: 'https://a.com/', jsApiList: ['bad name'] })).rejects.toThrow(
      /jsApiList/,
    );
  });
});

describe('WeCom messages', () => {
  it('joins recipients with | and splits invalid ones back into arrays', async () => {
    const platform = fakeWeCom();
    const client = createWeCom(weComOptions(platform));
    const result = await client.messages.send({
      touser: ['zhangsan', 'ghost'],
      toparty: [2],
      textcard: { title: '问卷', description: '请填写', url: 'https://app.example.com/' },
    });
    expect(result).toEqual({
      msgid: 'M1',
      invaliduser: ['ghost'],
      invalidparty: [],
      invalidtag: [],
      unlicenseduser: [],
    });
    expect(platform.bodies.at(-1)).toMatchObject({
      touser: 'zhangsan|ghost',
      toparty: '2',
      msgtype: 'textcard',
      agentid: 1000002,
    });
  });

  it('refuses a duplicate_check_interval past 4 hours (doc 90236 "最大不超过4小时") before calling', async () => {
    const platform = fakeWeCom();
    const client = createWeCom(weComOptions(platform));
    const sent = platform.bodies.length;
    await expect(
      client.messages.send({
        touser: ['zhangsan'],
        text: { content: 'hi' },
        enable_duplicate_check: 1,
        duplicate_check_interval: 14_401,
      }),
    ).rejects.toThrow(/duplicate_check_interval is whole seconds, 1\.\.14400/);
    expect(platform.bodies.length).toBe(sent);
  });

  it('refuses a message with no recipients or an oversized title before calling', async () => {
    const platform = fakeWeCom();
    const client = createWeCom(weComOptions(platform));
    await expect(client.messages.send({ text: { content: 'hi' } })).rejects.toThrow(/82001/);
    await expect(
      client.messages.send({
        touser: ['a'],
        textcard: { title: '问'.repeat(43), description: 'd', url: 'https://a.com' },
      }),
    ).rejects.toThrow(/129 bytes; at most 128/);
    expect(platform.count('/cgi-bin/message/send')).toBe(0);
  });
});
