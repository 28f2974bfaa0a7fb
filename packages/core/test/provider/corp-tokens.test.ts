import { describe, expect, it } from 'vitest';
import { createSuite, type SuiteClient } from '../../src/provider/index.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { fakeProvider, manualClock, suiteOptions } from '../helpers/fake-provider.js';

const HOUR = 3_600_000;

async function world(processes = 4) {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const make = () => createSuite(suiteOptions(platform, { store, clock: clock.now }));
  const apps: SuiteClient[] = Array.from({ length: processes }, make);
  await apps[0]?.tickets.receive(platform.pushTicket('wwsuite1'));
  const install = async (corpId: string, options?: { customized?: boolean }) =>
    apps[0]?.completeInstall(platform.authorise('wwsuite1', corpId, options));
  return { clock, store, platform, apps, make, install };
}

describe('provider credentials across processes', () => {
  it('4 processes on one store fetch one suite token and one corp token per corp per lifetime', async () => {
    const { platform, apps, install, clock } = await world(4);
    await install('wwcorpA');
    await install('wwcorpB');
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        apps.flatMap((app) =>
          ['wwcorpA', 'wwcorpB'].map(async (corp) => (await app.corp(corp)).getAccessToken()),
        ),
      );
      clock.advance(10 * 60_000);
    }
    expect(platform.count('/cgi-bin/service/get_suite_token')).toBe(1);
    expect(Object.fromEntries(platform.corpTokenFetches)).toEqual({ wwcorpA: 1, wwcorpB: 1 });
    // Past the lifetime (less the refresh margin): one more of each, still not one per process.
    clock.advance(2 * HOUR);
    await platform.pushTicket('wwsuite1');
    await apps[0]?.tickets.receive(platform.pushTicket('wwsuite1'));
    await Promise.all(apps.map(async (app) => (await app.corp('wwcorpA')).getAccessToken()));
    expect(platform.count('/cgi-bin/service/get_suite_token')).toBe(2);
    expect(platform.corpTokenFetches.get('wwcorpA')).toBe(2);
  });

  it('fetches a third-party corp token with get_corp_token and a 代开发 one with gettoken and the permanent code', async () => {
    const { platform, apps, install } = await world(1);
    await install('wwthird');
    await install('wwcustom', { customized: true });
    const app = apps[0] as SuiteClient;
    expect((await app.corp('wwthird')).kind).toBe('third-party');
    expect((await app.corp('wwcustom')).kind).toBe('customized');
    await (await app.corp('wwthird')).getAccessToken();
    await (await app.corp('wwcustom')).getAccessToken();
    expect(platform.count('/cgi-bin/service/get_corp_token')).toBe(1);
    const gettoken = platform.calls.find((u) => u.pathname === '/cgi-bin/gettoken');
    expect(gettoken?.searchParams.get('corpid')).toBe('wwcustom');
    expect(gettoken?.searchParams.get('corpsecret')).toBe(platform.permanentCodeOf('wwsuite1', 'wwcustom'));
  });

  it('signs JS-SDK config and agentConfig with tickets fetched with the corp token, never the suite token', async () => {
    const { platform, apps, install } = await world(1);
    await install('wwcorpA');
    const corp = await (apps[0] as SuiteClient).corp('wwcorpA');
    const config = await corp.jssdk.config({ url: 'https://app.example.com/p' });
    const agent = await corp.jssdk.agentConfig({ url: 'https://app.example.com/p' });
    expect(config.appId).toBe('wwcorpA');
    expect(agent).toMatchObject({ corpid: 'wwcorpA', agentid: 1000001 });
    expect(platform.ticketTokens).toEqual(['corp:wwcorpA', 'corp:wwcorpA']);
    const ticketCalls = platform.calls.filter(
      (u) => /ticket/.test(u.pathname) && !u.pathname.includes('suite'),
    );
    for (const call of ticketCalls) expect(call.searchParams.has('suite_access_token')).toBe(false);
  });

  it("sends a third-party corp's member logins to the suite's oauth, and lets a 代开发 corp use its own", async () => {
    const { apps, install } = await world(1);
    await install('wwthird');
    await install('wwcustom', { customized: true });
    const app = apps[0] as SuiteClient;
    const third = await app.corp('wwthird');
    expect(() => third.oauth.authorizeUrl({ redirectUri: 'https://isv.example.com/cb', state: 's' })).toThrow(
      /suite\.oauth/,
    );
    const custom = await app.corp('wwcustom');
    const url = new URL(custom.oauth.authorizeUrl({ redirectUri: 'https://isv.example.com/cb', state: 's' }));
    expect(url.searchParams.get('appid')).toBe('wwcustom');
  });

  it('offers users.get, messages.send and open_userid conversion on the corp token', async () => {
    const { apps, install } = await world(1);
    await install('wwcorpA');
    const corp = await (apps[0] as SuiteClient).corp('wwcorpA');
    expect(await corp.users.get('lisi')).toMatchObject({ userid: 'lisi', name: 'member of wwcorpA' });
    expect(await corp.messages.send({ touser: ['lisi'], text: { content: 'hi' } })).toMatchObject({
      msgid: 'M1',
    });
    expect(await corp.openUserIds(['lisi', 'ghost'])).toEqual({
      openUserids: [{ userid: 'lisi', openUserid: 'o_lisi' }],
      invalid: ['ghost'],
    });
  });

  it("refetches a corp token the platform rejects (40014) with the corp's permanent code, and retries once", async () => {
    const { platform, apps, install } = await world(1);
    await install('wwcorpA');
    const corp = await (apps[0] as SuiteClient).corp('wwcorpA');
    await corp.getAccessToken();
    platform.queue('/cgi-bin/user/get', { errcode: 40014, errmsg: 'invalid access_token' });
    expect(await corp.users.get('lisi')).toMatchObject({ userid: 'lisi' });
    expect(platform.corpTokenFetches.get('wwcorpA')).toBe(2);
  });

  it('a restart (new client objects on the same store) loses no tenant and no ticket, and fetches nothing again', async () => {
    const { platform, make, install, apps } = await world(1);
    await install('wwcorpA');
    await (await (apps[0] as SuiteClient).corp('wwcorpA')).getAccessToken();
    const restarted = make();
    expect(await restarted.tenants.get('wwcorpA')).toMatchObject({ corpId: 'wwcorpA', agentId: 1000001 });
    await (await restarted.corp('wwcorpA')).getAccessToken();
    expect(platform.count('/cgi-bin/service/get_suite_token')).toBe(1);
    expect(platform.corpTokenFetches.get('wwcorpA')).toBe(1);
  });

  it('drops the corp token with the tenant, and a reset permanent code gets a new token from the next call on', async () => {
    const { platform, apps, install } = await world(2);
    const [a, b] = apps as [SuiteClient, SuiteClient];
    await install('wwcorpA');
    const before = await (await b.corp('wwcorpA')).getAccessToken();
    // reset_permanent_code: a new AuthCode, exchanged by one process; the other must not keep the old token.
    await a.completeInstall(platform.resetPermanentCode('wwsuite1', 'wwcorpA'));
    const after = await (await b.corp('wwcorpA')).getAccessToken();
    expect(after).not.toBe(before);
    expect(platform.corpTokenFetches.get('wwcorpA')).toBe(2);
    expect(await a.tenants.remove('wwcorpA')).toBe(true);
    await expect(b.corp('wwcorpA')).rejects.toThrow(/has not authorised suite wwsuite1.*40079/);
  });

  it("keeps two suites' corp tokens apart for the same corp", async () => {
    const clock = manualClock();
    const store = createMemoryStore({ clock: clock.now });
    const platform = fakeProvider(['wwsuite1', 'wwsuite2']);
    const suites = ['wwsuite1', 'wwsuite2'].map((suiteId) =>
      createSuite(suiteOptions(platform, { store, clock: clock.now, suiteId })),
    );
    for (const [i, suite] of suites.entries()) {
      const id = `wwsuite${i + 1}`;
      await suite.tickets.receive(platform.pushTicket(id));
      await suite.completeInstall(platform.authorise(id, 'wwshared'));
    }
    const [one, two] = await Promise.all(
      suites.map(async (s) => (await s.corp('wwshared')).getAccessToken()),
    );
    expect(one).not.toBe(two);
    expect(platform.corpTokenFetches.get('wwshared')).toBe(2);
  });
});
