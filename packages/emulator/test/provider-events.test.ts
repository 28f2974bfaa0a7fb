import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, defaultSeed, type Emulator, SeedError } from '../src/index.js';
import { parseAs } from '../src/wecom/provider/as-param.js';
import { CORP1, CORP2, DK, installVia, PROVIDER, providerWorld, SUITE } from './provider-support.js';

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

type Json = Record<string, unknown>;
const control = async (e: Emulator, path: string, body: unknown): Promise<Json> =>
  (await (
    await e.fetch(`/_emulator/providers/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as Json;

const waitFor = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('authorisation pushes to the command URL', () => {
  it('installs from the app market with create_auth (AuthCode, State), encrypted for the suite_id', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const answer = await control(w.emu, 'install', { suiteId: SUITE, corpId: CORP2, state: 'market1' });
    expect(answer).toMatchObject({ corpId: CORP2, push: { status: 200 } });
    const push = w.received.find((r) => r.fields['InfoType'] === 'create_auth');
    expect(push).toMatchObject({ receiveId: SUITE, fields: { SuiteId: SUITE, State: 'market1' } });
    expect((push?.fields['AuthCode'] ?? '').length).toBeGreaterThanOrEqual(64);
    const tenant = await w.suite.completeInstall(push?.fields['AuthCode'] ?? '');
    expect(tenant).toMatchObject({ corpId: CORP2, kind: 'third-party' });
    // A website install pushes no create_auth.
    const before = w.received.length;
    await installVia(w.emu, w.suite, CORP1);
    expect(w.received.slice(before).some((r) => r.fields['InfoType'] === 'create_auth')).toBe(false);
  });

  it('narrows the visible range with change_auth: the corp token then sees only that range', async () => {
    const w = await providerWorld();
    emu = w.emu;
    await w.suite.completeInstall((await installVia(w.emu, w.suite, CORP2)).authCode);
    const corp = await w.suite.corp(CORP2);
    expect((await corp.users.get('suncaiwu')).userid).toBe('suncaiwu');
    const answer = await control(w.emu, 'visible-range', { suiteId: SUITE, corpId: CORP2, departments: [2] });
    expect(answer).toMatchObject({ visibleTo: { departments: [2] }, push: { status: 200 } });
    expect(w.received.find((r) => r.fields['InfoType'] === 'change_auth')?.fields['AuthCorpId']).toBe(CORP2);
    const token = await corp.getAccessToken();
    const outside = (await (
      await w.emu.fetch(`/cgi-bin/user/get?access_token=${token}&userid=suncaiwu`)
    ).json()) as Json;
    expect(outside['errcode']).toBe(60011);
    expect(
      await control(w.emu, 'visible-range', { suiteId: SUITE, corpId: CORP2, departments: [99] }),
    ).toMatchObject({
      error: { code: 'bad_request' },
    });
  });

  it('resets the permanent code: a new AuthCode comes, the old code and its tokens stop', async () => {
    const w = await providerWorld();
    emu = w.emu;
    const { authCode } = await installVia(w.emu, w.suite, CORP1);
    const granted = await w.suite.install.permanentCode(authCode);
    // The corp installs again: the second install's code replaces the first one's.
    await w.suite.completeInstall((await installVia(w.emu, w.suite, CORP1)).authCode);
    const suiteToken = await w.suite.getSuiteAccessToken();
    const corpToken = async (code: string) =>
      (await (
        await w.emu.fetch(`/cgi-bin/service/get_corp_token?suite_access_token=${suiteToken}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ auth_corpid: CORP1, permanent_code: code }),
        })
      ).json()) as Json;
    expect(await corpToken(granted.permanentCode)).toMatchObject({ errcode: 40084 });
    const live = await w.suite.corp(CORP1);
    const token = await live.getAccessToken();
    expect(await control(w.emu, 'reset-permanent-code', { suiteId: SUITE, corpId: CORP1 })).toMatchObject({
      push: { status: 200 },
    });
    const reset = w.received.find((r) => r.fields['InfoType'] === 'reset_permanent_code');
    expect(reset?.fields['AuthCorpId']).toBe(CORP1);
    const stale = (await (
      await w.emu.fetch(`/cgi-bin/user/get?access_token=${token}&userid=zhangsan`)
    ).json()) as Json;
    expect(stale['errcode']).toBe(40001);
    const fresh = await w.suite.install.permanentCode(reset?.fields['AuthCode'] ?? '');
    expect(await corpToken(fresh.permanentCode)).toHaveProperty('access_token');
  });
});

describe('pre-installs of the seed', () => {
  it('has the corp installed from the start and pushes its create_auth once the app takes a ticket', async () => {
    const seed = defaultSeed();
    const suite = seed.providers?.[0]?.suites[0];
    if (suite) suite.installed = [CORP2];
    const w = await providerWorld({ seed });
    emu = w.emu;
    await waitFor(() => w.received.some((r) => r.fields['InfoType'] === 'create_auth'));
    const push = w.received.find((r) => r.fields['InfoType'] === 'create_auth');
    const tenant = await w.suite.completeInstall(push?.fields['AuthCode'] ?? '');
    expect(tenant.corpId).toBe(CORP2);
    expect((await (await w.suite.corp(CORP2)).users.get('zhangsan')).name).toBe('张珊');
    // Only once: the clock's next ticket brings no second create_auth.
    const tickets = () =>
      w.received.filter((r) => r.fields['InfoType'] === 'suite_ticket' && r.fields['SuiteId'] === SUITE)
        .length;
    const before = tickets();
    w.emu.advance(600);
    await waitFor(() => tickets() > before);
    expect(w.received.filter((r) => r.fields['InfoType'] === 'create_auth')).toHaveLength(1);
  });
});

describe('data callbacks and receive ids', () => {
  it('encrypts for the suite_id on the command URL, the corp id on the data URL, the provider corpid on the URL check', async () => {
    const w = await providerWorld();
    emu = w.emu;
    await w.suite.completeInstall((await installVia(w.emu, w.suite, CORP2)).authCode);
    const sent = await control(w.emu, 'event', {
      suiteId: SUITE,
      corpId: CORP2,
      type: 'enter_agent',
      userid: 'zhangsan',
    });
    expect(sent).toMatchObject({ status: 200 });
    const data = w.received.find((r) => r.path.startsWith('/isv/wx/events/'));
    expect(data).toMatchObject({
      path: `/isv/wx/events/${CORP2}`,
      receiveId: CORP2,
      fields: { ToUserName: CORP2, Event: 'enter_agent', FromUserName: 'zhangsan' },
    });
    const overview = (await (await w.emu.fetch('/_emulator/providers')).json()) as { pushes: Json[] };
    // Every push the app could decrypt with the receive id of its kind (a wrong one answers 400 here).
    for (const push of overview.pushes) expect(push['status']).toBe(200);
    expect(overview.pushes.find((p) => p['to'] === 'verify')?.['receiveId']).toBe(PROVIDER);
    expect(overview.pushes.find((p) => p['to'] === 'data')?.['receiveId']).toBe(CORP2);
    expect(overview.pushes.find((p) => p['to'] === 'command')?.['receiveId']).toBe(SUITE);
    expect(await control(w.emu, 'event', { suiteId: SUITE, corpId: CORP1, type: 'click' })).toMatchObject({
      error: { code: 'not_found' },
    });
  });

  it('tells a third-party suite of a directory change with change_contact on its command URL', async () => {
    const w = await providerWorld();
    emu = w.emu;
    await w.suite.completeInstall((await installVia(w.emu, w.suite, CORP2)).authCode);
    await w.emu.fetch('/_emulator/contacts/member', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'create',
        corpId: CORP2,
        member: { userid: 'newbie', name: '新人', department: [2] },
      }),
    });
    await waitFor(() => w.received.some((r) => r.fields['InfoType'] === 'change_contact'));
    const change = w.received.find((r) => r.fields['InfoType'] === 'change_contact');
    expect(change).toMatchObject({
      receiveId: SUITE,
      fields: { AuthCorpId: CORP2, ChangeType: 'create_user', UserID: 'newbie' },
    });
    expect(change?.fields['OpenUserID']).toBeTruthy();
  });
});

describe('代开发 (customized) templates', () => {
  it('installs from get_customized_auth_url with create_auth State; the permanent code is the gettoken secret', async () => {
    const w = await providerWorld({ dk: true });
    emu = w.emu;
    const { url, expiresIn } = await w.provider.customizedAuthUrl({ state: 'dkstate1', templateIds: [DK] });
    expect(expiresIn).toBe(864000);
    const page = await w.emu.fetch(`${url}&install_as=${CORP1}`);
    expect(page.status).toBe(200);
    await waitFor(() => w.received.some((r) => r.fields['InfoType'] === 'create_auth'));
    const push = w.received.find((r) => r.fields['InfoType'] === 'create_auth');
    expect(push).toMatchObject({ receiveId: DK, fields: { State: 'dkstate1', SuiteId: DK } });
    const tenant = await w.suite.completeInstall(push?.fields['AuthCode'] ?? '');
    expect(tenant).toMatchObject({ corpId: CORP1, kind: 'customized', state: 'dkstate1' });
    const corp = await w.suite.corp(CORP1);
    expect((await corp.users.get('zhangsan')).name).toBe('张三');
    // Not a secret gettoken takes for anything else.
    const wrong = (await (
      await w.emu.fetch(`/cgi-bin/gettoken?corpid=${CORP1}&corpsecret=not-the-code`)
    ).json()) as Json;
    expect(wrong['errcode']).not.toBe(0);
  });
});

describe('install_as and login_as from the browser', () => {
  it('parses <corpId>[:<userid>] and nothing else, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{1,64}$/),
        fc.stringMatching(/^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/),
        (corpId, userid) => {
          expect(parseAs(corpId)).toEqual({ corpId });
          expect(parseAs(`${corpId}:${userid}`)).toEqual({ corpId, userid });
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), (value) => {
        const parsed = parseAs(value);
        if (!parsed) return;
        expect(value).toBe(parsed.userid ? `${parsed.corpId}:${parsed.userid}` : parsed.corpId);
        expect(parsed.corpId).toMatch(/^[A-Za-z0-9]{1,64}$/);
      }),
    );
    for (const bad of ['', ':zhangsan', `${CORP1}:`, `${CORP1}:a:b`, `${CORP1} `, '<script>'])
      expect(parseAs(bad)).toBeUndefined();
  });
});

describe('the provider seed and what is not emulated', () => {
  it('lists every problem of a providers: part with its path', async () => {
    const seed = defaultSeed();
    const bad = structuredClone(seed);
    const suite = bad.providers?.[0]?.suites[0];
    if (!suite) throw new Error('the default seed has a suite');
    suite.encodingAESKey = 'short';
    suite.commandUrl = 'ftp://x';
    suite.corps = ['wwnotacorp'];
    suite.redirectDomains = ['http://localhost:3000'];
    const error = await createEmulator({ seed: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    for (const path of [
      'suites[0].encodingAESKey',
      'suites[0].commandUrl',
      'suites[0].corps[0]',
      'suites[0].redirectDomains[0]',
    ])
      expect((error as Error).message).toContain(`providers[0].${path}`);
  });

  it('answers license and payment calls with the plain not-emulated 501', async () => {
    emu = await createEmulator();
    for (const path of [
      '/cgi-bin/license/create_new_order',
      '/cgi-bin/service/get_order',
      '/cgi-bin/license/list_order_account',
    ]) {
      const response = await emu.fetch(`${path}?provider_access_token=x`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(501);
      expect(await response.json()).toMatchObject({ not_emulated: true });
    }
  });
});
