import { describe, expect, it } from 'vitest';
import { createMemoryStore, createOfficialAccount, silentLogger } from '../src/index.js';
import { fakeOfficialAccount, oaOptions, SNS_USER, snsToken } from './helpers/fake-platform.js';

function fakeSns() {
  return fakeOfficialAccount({
    '/sns/oauth2/refresh_token': (url) =>
      url.searchParams.get('refresh_token') === 'R1'
        ? snsToken('U2')
        : { errcode: 42002, errmsg: 'refresh_token expired' },
    '/sns/userinfo': (url) =>
      url.searchParams.get('access_token') === 'U2'
        ? SNS_USER
        : { errcode: 48001, errmsg: 'api unauthorized' },
    '/sns/auth': (url) =>
      url.searchParams.get('access_token') === 'U2'
        ? { errcode: 0, errmsg: 'ok' }
        : { errcode: 42001, errmsg: 'expired' },
  });
}

const options = (platform: ReturnType<typeof fakeSns>, extra: Record<string, unknown> = {}) =>
  oaOptions(platform, { stableToken: true, logger: silentLogger, ...extra });

describe('Official Account web OAuth tokens', () => {
  it('refreshes a web access_token and reads the user with it', async () => {
    const platform = fakeSns();
    const oa = createOfficialAccount(options(platform));
    const token = await oa.oauth.refresh('R1');
    expect(token).toEqual({
      openid: 'o-1',
      accessToken: 'U2',
      refreshToken: 'R1',
      expiresIn: 7200,
      scope: 'snsapi_userinfo',
    });
    expect(await oa.oauth.userInfo(token.accessToken, token.openid)).toMatchObject({ nickname: '小明' });
    expect(platform.calls.at(-1)?.searchParams.get('lang')).toBe('zh_CN');
    expect(platform.count('/cgi-bin/stable_token')).toBe(0); // sns calls use the user's token only
  });

  it('explains an expired refresh_token and a base-scope token on userinfo', async () => {
    const oa = createOfficialAccount(options(fakeSns()));
    await expect(oa.oauth.refresh('old')).rejects.toThrow(/42002.*OAuth again/s);
    await expect(oa.oauth.userInfo('U1', 'o-1')).rejects.toThrow(/48001/);
  });

  it('answers checkAuth with true for a live token and false for an expired one', async () => {
    const oa = createOfficialAccount(options(fakeSns()));
    expect(await oa.oauth.checkAuth('U2', 'o-1')).toBe(true);
    expect(await oa.oauth.checkAuth('U1', 'o-1')).toBe(false);
    await expect(oa.oauth.checkAuth('', 'o-1')).rejects.toThrow(/accessToken/);
  });
});

describe('stable_token force_refresh budget', () => {
  it('is shared by every client on one store: a second process may not force within 30 s', async () => {
    const platform = fakeSns();
    const store = createMemoryStore();
    let now = 1_700_000_000_000;
    const a = createOfficialAccount(options(platform, { store, clock: () => now }));
    const b = createOfficialAccount(options(platform, { store, clock: () => now }));
    await a.forceRefreshAccessToken();
    now += 5_000;
    await expect(b.forceRefreshAccessToken()).rejects.toThrow(/30 s/);
  });

  it('allows at most 20 forced refreshes a day', async () => {
    const platform = fakeSns();
    let now = 1_700_000_000_000;
    const oa = createOfficialAccount(options(platform, { clock: () => now }));
    for (let i = 0; i < 20; i++) {
      await oa.forceRefreshAccessToken();
      now += 31_000;
    }
    await expect(oa.forceRefreshAccessToken()).rejects.toThrow(/20 a day/);
    expect(platform.count('/cgi-bin/stable_token')).toBe(20);
    now += 86_400_000;
    await expect(oa.forceRefreshAccessToken()).resolves.toMatch(/^OA/);
  });

  it('is refused without stableToken', async () => {
    const oa = createOfficialAccount(options(fakeSns(), { stableToken: false }));
    await expect(oa.forceRefreshAccessToken()).rejects.toThrow(/stableToken: true/);
  });
});
