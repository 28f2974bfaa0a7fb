import { WxApiError } from '@wxkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import {
  CORP1,
  CORP2,
  installVia,
  loginCode,
  PROVIDER,
  providerWorld,
  SUITE,
  SUITE_SECRET,
} from './provider-support.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

type Json = Record<string, unknown>;
const call = async (e: Emulator, path: string, body?: unknown): Promise<Json> =>
  (await (
    await e.fetch(
      path,
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    )
  ).json()) as Json;

/** A world with the suite installed in both corps through the website flow. */
async function installed() {
  const w = await providerWorld();
  emu = w.emu;
  for (const corpId of [CORP1, CORP2])
    await w.suite.completeInstall((await installVia(w.emu, w.suite, corpId)).authCode);
  return w;
}

const errcodeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WxApiError) return error.errcode;
    throw error;
  }
  return 0;
};

describe('suite_ticket and the suite token', () => {
  it('takes the newest or the previous pushed ticket only, each for 30 minutes', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const tickets = () =>
      w.received
        .filter((r) => r.fields['InfoType'] === 'suite_ticket')
        .map((r) => r.fields['SuiteTicket'] ?? '');
    const token = (ticket: string) =>
      call(w.emu, '/cgi-bin/service/get_suite_token', {
        suite_id: SUITE,
        suite_secret: SUITE_SECRET,
        suite_ticket: ticket,
      });
    for (let i = 0; i < 2; i++) await call(w.emu, '/_emulator/providers/ticket', { suiteId: SUITE });
    const [oldest, previous, newest] = tickets().slice(-3);
    expect(await token(newest ?? '')).toHaveProperty('suite_access_token');
    expect(await token(previous ?? '')).toHaveProperty('suite_access_token');
    expect(await token(oldest ?? '')).toMatchObject({ errcode: 40085 });
    expect(await token('made-up')).toMatchObject({ errcode: 40085 });
    w.emu.advance(1801);
    expect(await token(newest ?? '')).toMatchObject({ errcode: 40085 });
  });

  it('pushes a new ticket every 10 minutes of emulator time once the URL check passed', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const count = () =>
      w.received.filter((r) => r.fields['InfoType'] === 'suite_ticket' && r.fields['SuiteId'] === SUITE)
        .length;
    const before = count();
    w.emu.advance(600);
    for (let i = 0; i < 100 && count() === before; i++) await new Promise((r) => setTimeout(r, 5));
    expect(count()).toBe(before + 1);
  });

  it('answers the real errcodes for a wrong suite, secret, GET, token and expiry', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const ticket = (await w.suite.tickets.current()).latest.value;
    const body = { suite_id: SUITE, suite_secret: SUITE_SECRET, suite_ticket: ticket };
    expect(
      await call(w.emu, '/cgi-bin/service/get_suite_token', { ...body, suite_id: 'wwnosuchsuite00' }),
    ).toMatchObject({ errcode: 40083 });
    expect(
      await call(w.emu, '/cgi-bin/service/get_suite_token', { ...body, suite_secret: 'wrong-secret-000' }),
    ).toMatchObject({ errcode: 40080 });
    expect(await call(w.emu, '/cgi-bin/service/get_suite_token')).toMatchObject({ errcode: 40083 });
    const good = await call(w.emu, '/cgi-bin/service/get_suite_token', body);
    expect(good).not.toHaveProperty('errcode');
    expect(good['expires_in']).toBe(7200);
    expect(await call(w.emu, '/cgi-bin/service/get_pre_auth_code?suite_access_token=nope')).toMatchObject({
      errcode: 40082,
    });
    w.emu.advance(7201);
    expect(
      await call(
        w.emu,
        `/cgi-bin/service/get_pre_auth_code?suite_access_token=${good['suite_access_token']}`,
      ),
    ).toMatchObject({ errcode: 42009 });
  });

  it('refuses a wrong provider secret and a suite token where a corp token belongs (40014)', async () => {
    const w = await installed();
    expect(
      await call(w.emu, '/cgi-bin/service/get_provider_token', {
        corpid: PROVIDER,
        provider_secret: 'wrong-secret-000',
      }),
    ).toMatchObject({ errcode: 40001 });
    const suiteToken = await w.suite.getSuiteAccessToken();
    expect(await call(w.emu, `/cgi-bin/user/get?access_token=${suiteToken}&userid=zhangsan`)).toMatchObject({
      errcode: 40014,
    });
    expect(await call(w.emu, `/cgi-bin/get_jsapi_ticket?access_token=${suiteToken}`)).toMatchObject({
      errcode: 40014,
    });
  });
});

describe('install codes', () => {
  it('spends an auth_code once (40078) and refuses a wrong permanent code (40084) or a corp that never installed (40079)', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const { authCode } = await installVia(w.emu, w.suite, CORP1);
    const granted = await w.suite.install.permanentCode(authCode, { version: 'v1' });
    expect(granted).toMatchObject({ corpId: CORP1, authUser: { userid: 'zhangsan' } });
    expect(granted.agents[0]?.agentId).toBeGreaterThan(0);
    expect(await errcodeOf(w.suite.install.permanentCode(authCode))).toBe(40078);
    const token = await w.suite.getSuiteAccessToken();
    const corpToken = (corpId: string, code: string) =>
      call(w.emu, `/cgi-bin/service/get_corp_token?suite_access_token=${token}`, {
        auth_corpid: corpId,
        permanent_code: code,
      });
    expect(await corpToken(CORP1, granted.permanentCode)).toHaveProperty('access_token');
    expect(await corpToken(CORP1, `${granted.permanentCode}x`)).toMatchObject({ errcode: 40084 });
    expect(await corpToken(CORP2, granted.permanentCode)).toMatchObject({ errcode: 40079 });
    expect(await errcodeOf(w.suite.install.authInfo(CORP1, 'not-the-code'))).toBe(40084);
    const info = await w.suite.install.authInfo(CORP1, granted.permanentCode, { version: 'v2' });
    expect(info.agents[0]?.agentId).toBe(granted.agents[0]?.agentId);
  });

  it('keeps the install page to the suite’s redirect domains', async () => {
    const w = await providerWorld();
    emu = w.emu;
    for (const [redirect, ok] of [
      ['http://localhost:3000/isv/wx/suite/installed', true],
      ['http://127.0.0.1:3000/back', true],
      ['http://localhost:3001/back', false],
      ['https://evil.example.com/back', false],
    ] as const) {
      const { preAuthCode } = await w.suite.install.preAuthCode();
      const url = w.suite.install.installUrl({ preAuthCode, redirectUri: redirect, state: 's' });
      const page = await w.emu.fetch(`${url}&install_as=${CORP1}`);
      if (!ok) {
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('授权完成回调域名');
        continue;
      }
      expect(page.status).toBe(302);
      expect(new URL(page.headers.get('location') ?? '').host).toBe(new URL(redirect).host);
      // One install per pre_auth_code: the next try needs a new one.
      const again = await w.emu.fetch(`${url}&install_as=${CORP1}`);
      expect(await again.text()).toContain('pre_auth_code');
    }
  });
});

describe('member login with appid = suite_id', () => {
  it('keeps each member to their own corp: a userid of corp A is no key to corp B', async () => {
    const w = await installed();
    // lisi is a member of corp 1 only.
    const refused = await w.emu.fetch(
      `${w.suite.oauth.authorizeUrl({ redirectUri: 'http://localhost:3000/cb', state: 's' }).replace('#wechat_redirect', '')}&login_as=${CORP2}:lisi`,
    );
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain('60111');
    const a = await w.suite.oauth.exchangeCode(await loginCode(w.emu, w.suite, `${CORP1}:zhangsan`));
    const b = await w.suite.oauth.exchangeCode(await loginCode(w.emu, w.suite, `${CORP2}:zhangsan`));
    expect([a.corpId, b.corpId]).toEqual([CORP1, CORP2]);
    // Corp 2's token does not read corp 1's directory.
    const token2 = await (await w.suite.corp(CORP2)).getAccessToken();
    expect(await call(w.emu, `/cgi-bin/user/get?access_token=${token2}&userid=lisi`)).toMatchObject({
      errcode: expect.any(Number),
    });
    expect((await call(w.emu, `/cgi-bin/user/get?access_token=${token2}&userid=lisi`))['errcode']).not.toBe(
      0,
    );
  });

  it('spends a code once (40029) and gives nothing usable for a corp that cancelled since', async () => {
    const w = await installed();
    const code = await loginCode(w.emu, w.suite, `${CORP1}:zhangsan`);
    const token = await w.suite.getSuiteAccessToken();
    const first = await call(
      w.emu,
      `/cgi-bin/service/auth/getuserinfo3rd?suite_access_token=${token}&code=${code}`,
    );
    expect(first).toMatchObject({ errcode: 0, corpid: CORP1, userid: 'zhangsan' });
    expect(first['user_ticket']).toBeTruthy();
    expect(
      await call(w.emu, `/cgi-bin/service/auth/getuserinfo3rd?suite_access_token=${token}&code=${code}`),
    ).toMatchObject({ errcode: 40029 });
    const late = await loginCode(w.emu, w.suite, `${CORP2}:zhangsan`);
    await call(w.emu, '/_emulator/providers/cancel', { suiteId: SUITE, corpId: CORP2 });
    const gone = await call(
      w.emu,
      `/cgi-bin/service/auth/getuserinfo3rd?suite_access_token=${token}&code=${late}`,
    );
    expect(gone).not.toHaveProperty('userid');
    expect(gone).not.toHaveProperty('corpid');
    // And the authorize page no longer lists corp 2.
    expect(await loginCode(w.emu, w.suite, `${CORP2}:zhangsan`)).toBe('');
  });

  it('keeps the authorize page to the suite’s trusted domains (50001)', async () => {
    const w = await installed();
    const page = await w.emu.fetch(
      `/connect/oauth2/authorize?appid=${SUITE}&redirect_uri=${encodeURIComponent('https://evil.example.com/cb')}&response_type=code&scope=snsapi_base&state=s&login_as=${CORP1}:zhangsan`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('50001');
  });

  it('gives open ids per provider, stable and never the plain id', async () => {
    const w = await installed();
    const opened = await (await w.suite.corp(CORP1)).openUserIds(['zhangsan', 'nobody']);
    expect(opened.invalid).toEqual(['nobody']);
    const who = await w.suite.oauth.exchangeCode(await loginCode(w.emu, w.suite, `${CORP1}:zhangsan`));
    expect(opened.openUserids[0]).toEqual({ userid: 'zhangsan', openUserid: who.openUserid });
    const open1 = await w.provider.openCorpId(CORP1);
    expect(open1).not.toBe(CORP1);
    expect(await w.provider.openCorpId(CORP1)).toBe(open1);
    expect(await w.provider.openCorpId(CORP2)).not.toBe(open1);
  });
});
