import { describe, expect, it } from 'vitest';
import { createOfficialAccount } from '../src/index.js';
import { fakeOfficialAccount, oaOptions, SNS_USER, snsToken } from './helpers/fake-platform.js';

function fakeOa() {
  return fakeOfficialAccount({
    '/sns/oauth2/access_token': (url) =>
      url.searchParams.get('code') === 'c1'
        ? snsToken('U1', { unionid: 'u-1' })
        : { errcode: 40163, errmsg: 'code been used' },
    '/sns/userinfo': () => SNS_USER,
    '/sns/auth': (url) =>
      url.searchParams.get('access_token') === 'U1'
        ? { errcode: 0, errmsg: 'ok' }
        : { errcode: 40003, errmsg: 'invalid openid' },
    '/cgi-bin/menu/get': () => ({ errcode: 46003, errmsg: 'menu no exist' }),
  });
}

const options = oaOptions;

describe('createOfficialAccount', () => {
  it('fetches /cgi-bin/token once and signs wx.config with the jsapi ticket', async () => {
    const platform = fakeOa();
    const oa = createOfficialAccount(options(platform));
    const configs = await Promise.all(
      Array.from({ length: 10 }, () => oa.jssdk.config({ url: 'https://a.com/p' })),
    );
    expect(configs[0]?.appId).toBe('wx0123456789abcdef');
    expect(platform.count('/cgi-bin/token')).toBe(1);
    expect(platform.count('/cgi-bin/ticket/getticket')).toBe(1);
    expect(platform.calls[0]?.searchParams.get('grant_type')).toBe('client_credential');
  });

  it('uses stable_token in normal mode and force-refreshes only on demand, 30 s apart', async () => {
    const platform = fakeOa();
    let now = 1_700_000_000_000;
    const oa = createOfficialAccount(options(platform, { stableToken: true, clock: () => now }));
    expect(await oa.getAccessToken()).toBe('OA1');
    expect(platform.bodies[0]).toMatchObject({ force_refresh: false, appid: 'wx0123456789abcdef' });
    expect(await oa.forceRefreshAccessToken()).toBe('OA2');
    expect(platform.bodies[1]).toMatchObject({ force_refresh: true });
    expect(await oa.getAccessToken()).toBe('OA2');
    now += 10_000;
    await expect(oa.forceRefreshAccessToken()).rejects.toThrow(/30 s/);
    now += 25_000;
    expect(await oa.forceRefreshAccessToken()).toBe('OA3');
  });

  it('exchanges a web OAuth code once and remembers it for reloads of the same login', async () => {
    const platform = fakeOa();
    const oa = createOfficialAccount(options(platform));
    const login = { binding: 'the-login-that-got-c1' };
    const first = await oa.oauth.exchangeCode('c1', login);
    expect(first).toEqual({
      openid: 'o-1',
      accessToken: 'U1',
      refreshToken: 'R1',
      expiresIn: 7200,
      scope: 'snsapi_userinfo',
      unionid: 'u-1',
    });
    expect(await oa.oauth.exchangeCode('c1', login)).toEqual(first);
    expect(platform.count('/sns/oauth2/access_token')).toBe(1);
    await expect(oa.oauth.exchangeCode('other')).rejects.toMatchObject({ errcode: 40163 });
    expect((await oa.oauth.userInfo('U1', 'o-1')).nickname).toBe('小明');
    expect(await oa.oauth.checkAuth('U1', 'o-1')).toBe(true);
    expect(await oa.oauth.checkAuth('U0', 'o-1')).toBe(false);
  });

  it('builds the authorize URL in the order the doc demands', () => {
    const oa = createOfficialAccount(options(fakeOa()));
    const url = oa.oauth.authorizeUrl({
      redirectUri: 'https://a.com/cb',
      state: 'S1',
      scope: 'snsapi_userinfo',
    });
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0123456789abcdef&redirect_uri=https%3A%2F%2Fa.com%2Fcb&response_type=code&scope=snsapi_userinfo&state=S1#wechat_redirect',
    );
  });

  it('reads a missing menu (46003) as undefined', async () => {
    const oa = createOfficialAccount(options(fakeOa()));
    expect(await oa.menu.get()).toBeUndefined();
  });
});
