import { describe, expect, it } from 'vitest';
import { isWxConfigError } from '../../src/index.js';
import { createProvider, createSuite } from '../../src/provider/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { fakeProvider, manualClock, suiteOptions } from '../helpers/fake-provider.js';

async function setup() {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const suite = createSuite(suiteOptions(platform, { store, clock: clock.now }));
  await suite.tickets.receive(platform.pushTicket('wwsuite1'));
  const provider = createProvider({
    providerCorpId: platform.providerCorpId,
    providerSecret: platform.providerSecret,
    fetch: platform.fetch,
    store,
    clock: clock.now,
    env: {},
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  return { platform, suite, provider };
}

const rejection = async (promise: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
};

describe('install flow calls', () => {
  it('runs an install from the provider site: pre_auth_code, session info (test install), install URL, auth_code → tenant', async () => {
    const { platform, suite } = await setup();
    const { preAuthCode, expiresIn } = await suite.install.preAuthCode();
    expect(expiresIn).toBe(1200);
    await suite.install.setSessionInfo({ preAuthCode, authType: 1 });
    expect(platform.bodies.at(-1)).toEqual({ pre_auth_code: preAuthCode, session_info: { auth_type: 1 } });
    const url = new URL(
      suite.install.installUrl({
        preAuthCode,
        redirectUri: 'https://isv.example.com/installed',
        state: 'abc123',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://open.work.weixin.qq.com/3rdapp/install');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      suite_id: 'wwsuite1',
      pre_auth_code: preAuthCode,
      redirect_uri: 'https://isv.example.com/installed',
      state: 'abc123',
    });
    const tenant = await suite.completeInstall(
      platform.authorise('wwsuite1', 'wwcorpA', { agentId: 1000042 }),
    );
    expect(tenant).toMatchObject({
      corpId: 'wwcorpA',
      corpName: 'Corp wwcorpA',
      agentId: 1000042,
      kind: 'third-party',
    });
    // v2 get_permanent_code first (fast path), then get_auth_info for the agent id it lacks.
    expect(platform.calls.slice(-2).map((u) => u.pathname)).toEqual([
      '/cgi-bin/service/v2/get_permanent_code',
      '/cgi-bin/service/get_auth_info',
    ]);
  });

  it('exchanges an auth_code with the v1 path on request, which carries the agent list', async () => {
    const { platform, suite } = await setup();
    const result = await suite.install.permanentCode(platform.authorise('wwsuite1', 'wwcorpB'), {
      version: 'v1',
    });
    expect(result.agents).toEqual([{ agentId: 1000001, isCustomizedApp: false, authMode: 0 }]);
    expect(platform.calls.at(-1)?.pathname).toBe('/cgi-bin/service/get_permanent_code');
  });

  it('checks every input before any call, naming the field and the errcode the platform would answer', async () => {
    const { platform, suite, provider } = await setup();
    const before = platform.calls.length;
    const cases: [() => unknown, RegExp][] = [
      [
        () => suite.install.setSessionInfo({ preAuthCode: '', authType: 0 }),
        /`preAuthCode` is required.*40077/,
      ],
      [() => suite.install.setSessionInfo({ preAuthCode: 'PRE1', authType: 2 as 0 }), /`authType`.*40058/],
      [() => suite.install.setSessionInfo({ preAuthCode: 'PRE1', authType: 0, appIds: [0] }), /`appIds`/],
      [
        () =>
          suite.install.installUrl({ preAuthCode: 'PRE1', redirectUri: 'https://x.example/', state: 'a-b' }),
        /`state`.*40058/,
      ],
      [
        () => suite.install.installUrl({ preAuthCode: 'PRE1', redirectUri: 'javascript:alert(1)' }),
        /redirectUri/,
      ],
      [() => suite.install.permanentCode('PRE1'), /`authCode`.*shorter than 64.*40058/],
      [() => suite.install.permanentCode(''), /`authCode` is required.*40078/],
      [() => suite.install.authInfo('wwcorpA', ''), /`permanentCode`.*41025/],
      [() => suite.oauth.getUserDetail(''), /`userTicket`/],
      [
        () =>
          suite.oauth.authorizeUrl({
            redirectUri: 'https://x.example/',
            state: 's',
            scope: 'snsapi_userinfo' as never,
          }),
        /scope/,
      ],
      [() => provider.customizedAuthUrl({ state: 'x'.repeat(33), templateIds: ['dk1'] }), /`state`.*1–32/],
      [
        () => provider.customizedAuthUrl({ state: 's', templateIds: Array(10).fill('dk1') }),
        /`templateIds`.*1 to 9/,
      ],
      [() => provider.openCorpId(''), /`corpId`.*40013/],
    ];
    for (const [call, message] of cases) {
      const error = await rejection(call);
      expect(isWxConfigError(error), String(message)).toBe(true);
      expect(error.message).toMatch(message);
    }
    expect(platform.calls.length).toBe(before);
  });

  it('builds the member login URL with appid = suite_id and reads getuserinfo3rd and getuserdetail3rd', async () => {
    const { suite } = await setup();
    const url = new URL(
      suite.oauth.authorizeUrl({
        redirectUri: 'https://isv.example.com/cb',
        state: 'st1',
        scope: 'snsapi_privateinfo',
      }),
    );
    expect(url.searchParams.get('appid')).toBe('wwsuite1');
    expect(url.searchParams.has('agentid')).toBe(false);
    expect(await suite.oauth.exchangeCode('good-wwcorpA')).toEqual({
      corpId: 'wwcorpA',
      userid: 'lisi',
      openUserid: 'oLISI',
      userTicket: 'UT',
    });
    expect(await suite.oauth.getUserDetail('UT')).toEqual({
      corpId: 'wwcorpA',
      userid: 'lisi',
      name: 'lisi',
      gender: '1',
    });
    await expect(suite.oauth.exchangeCode('bad')).rejects.toThrow(/40029/);
  });

  it('reads the older CorpId/UserId answer of getuserinfo3rd too', async () => {
    const { platform, suite } = await setup();
    platform.queue('/cgi-bin/service/auth/getuserinfo3rd', {
      errcode: 0,
      errmsg: 'ok',
      CorpId: 'wwold',
      UserId: 'zhang',
      DeviceId: 'd',
    });
    expect(await suite.oauth.exchangeCode('any-code')).toEqual({ corpId: 'wwold', userid: 'zhang' });
  });

  it('gets the 代开发 QR link and open_corpid with the provider token, fetched once', async () => {
    const { platform, provider } = await setup();
    expect(await provider.customizedAuthUrl({ state: 'shop42', templateIds: ['dk1', 'dk2'] })).toEqual({
      url: 'https://open.work.weixin.qq.com/qr?state=shop42',
      expiresIn: 864000,
    });
    expect(platform.bodies.at(-1)).toEqual({ state: 'shop42', templateid_list: ['dk1', 'dk2'] });
    expect(await provider.openCorpId('wwcorpA')).toBe('open_wwcorpA');
    expect(platform.count('/cgi-bin/service/get_provider_token')).toBe(1);
  });

  it('refetches a rejected suite token once (40082) and goes on', async () => {
    const { platform, suite } = await setup();
    await suite.getSuiteAccessToken();
    platform.queue('/cgi-bin/service/get_pre_auth_code', {
      errcode: 40082,
      errmsg: 'invalid suite_acccess_token',
    });
    expect((await suite.install.preAuthCode()).preAuthCode).toMatch(/^PRE/);
    expect(platform.count('/cgi-bin/service/get_suite_token')).toBe(2);
  });

  it('redacts the provider tokens and codes from error paths', async () => {
    const { platform, suite } = await setup();
    platform.queue('/cgi-bin/service/get_pre_auth_code', { errcode: 45009, errmsg: 'api freq out of limit' });
    const error = await rejection(suite.install.preAuthCode());
    expect(error.message).toMatch(/suite_access_token=\*\*\*/);
    expect(error.message).not.toMatch(/SUITE_wwsuite1_/);
  });
});
