import { buildXml, createCallbackCrypto, createMemoryStore, type Store } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { describe, expect, it } from 'vitest';
import { fakeProvider, manualClock, suiteOptions } from '../../core/test/helpers/fake-provider.js';
import { createWxServer, type ProviderEvent, type WxServerOptions } from '../src/index.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123';
const COMMANDS = {
  token: 'CmdToken1',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  providerCorpId: 'wwprovider0001',
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function world() {
  const clock = manualClock();
  const memory = createMemoryStore({ clock: clock.now });
  /** Every key and value written, to show what the store holds. */
  const writes: [string, string][] = [];
  const store: Store = Object.assign(Object.create(memory) as Store, {
    set: (key: string, value: string, ttlMs: number) => {
      writes.push([key, value]);
      return memory.set(key, value, ttlMs);
    },
  });
  const platform = fakeProvider(['wwsuite1', 'wwsuite2']);
  const suiteOf = (suiteId = 'wwsuite1') =>
    createSuite(suiteOptions(platform, { store, clock: clock.now, suiteId }));
  /** A server; `dies` drops every task meant for after the answer (the process died right after "success"). */
  const server = (options: { dies?: boolean; suiteId?: string; extra?: Partial<WxServerOptions> } = {}) => {
    const suite = suiteOf(options.suiteId);
    const later: Promise<void>[] = [];
    const events: ProviderEvent[] = [];
    const wx = createWxServer({
      suite,
      store,
      commands: COMMANDS,
      session: { secret: SECRET },
      publicUrl: 'https://isv.example.com',
      clock: clock.now,
      logger: silent,
      schedule: (task) => {
        if (!options.dies) later.push(task());
      },
      ...options.extra,
    });
    for (const type of ['installed', 'uninstalled', 'changed', 'ticket'] as const)
      wx.on(type, (event) => {
        events.push(event);
      });
    const settle = async () => {
      while (later.length) await later.shift();
    };
    return { wx, suite, events, settle };
  };
  /** A push as the platform sends it: encrypted with `receiveId` (the suite_id for commands). */
  const push = (
    wx: ReturnType<typeof createWxServer>,
    fields: Record<string, string | number>,
    options: { receiveId?: string; tamper?: boolean } = {},
  ) => {
    const crypto = createCallbackCrypto({ ...COMMANDS, receiveId: options.receiveId ?? 'wwsuite1' });
    const timestamp = String(Math.floor(clock.now() / 1000));
    const nonce = `n${Math.floor(Math.random() * 1e9)}`;
    const plain = buildXml({ SuiteId: 'wwsuite1', TimeStamp: timestamp, ...fields });
    const { encrypt, msgSignature: signature } = crypto.encrypt(plain, { timestamp, nonce });
    const sig = options.tamper ? signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : signature;
    return wx.handle(
      new Request(
        `https://isv.example.com/wx/suite/commands?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`,
        { method: 'POST', body: buildXml({ ToUserName: 'wwsuite1', Encrypt: encrypt }) },
      ),
    ) as Promise<Response>;
  };
  return { clock, store, writes, platform, server, push, suiteOf };
}

describe('the command callback (指令回调) of a provider app', () => {
  it('answers the console URL check with the echostr decrypted with the provider corpid', async () => {
    const { server } = world();
    const { wx } = server();
    const crypto = createCallbackCrypto({ ...COMMANDS, receiveId: COMMANDS.providerCorpId });
    const timestamp = '1700000000';
    const { encrypt: echostr, msgSignature: signature } = crypto.encrypt('echo-123', {
      timestamp,
      nonce: 'n1',
    });
    const reply = (await wx.handle(
      new Request(
        `https://isv.example.com/wx/suite/commands?msg_signature=${signature}&timestamp=${timestamp}&nonce=n1&echostr=${encodeURIComponent(echostr)}`,
      ),
    )) as Response;
    expect(await reply.text()).toBe('echo-123');
  });

  it('keeps a pushed suite_ticket in the store for every instance and says "success"', async () => {
    const { server, push, platform, suiteOf } = world();
    const { wx, events, settle } = server();
    const reply = await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    expect(await reply.text()).toBe('success');
    await settle();
    expect(events.map((e) => e.type)).toEqual(['ticket']);
    // Another instance on the same store gets a suite token from it.
    await expect(suiteOf().getSuiteAccessToken()).resolves.toMatch(/^SUITE_wwsuite1_/);
  });

  it('answers create_auth before fetching the permanent code, then registers the corp and says installed', async () => {
    const { server, push, platform } = world();
    const { wx, suite, events, settle } = server();
    await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    const reply = await push(wx, {
      InfoType: 'create_auth',
      AuthCode: platform.authorise('wwsuite1', 'wwcorpA'),
    });
    expect(await reply.text()).toBe('success');
    // Nothing fetched yet: the answer did not wait for get_permanent_code.
    expect(platform.count('/cgi-bin/service/v2/get_permanent_code')).toBe(0);
    await settle();
    expect(await suite.tenants.get('wwcorpA')).toMatchObject({ corpId: 'wwcorpA' });
    expect(events.filter((e) => e.type === 'installed').map((e) => e.corpId)).toEqual(['wwcorpA']);
  });

  it('loses no install when the process dies after answering: a new server on the same store completes it', async () => {
    const { server, push, platform, writes } = world();
    const dying = server({ dies: true });
    await push(dying.wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    expect(await (await push(dying.wx, { InfoType: 'create_auth', AuthCode: authCode })).text()).toBe(
      'success',
    );
    expect(await dying.suite.tenants.get('wwcorpA')).toBeUndefined();
    // The auth_code is in the store, but never in clear.
    const pending = writes.filter(([key]) => key.includes(':install-pending:'));
    expect(pending.length).toBeGreaterThan(0);
    expect(JSON.stringify(writes)).not.toContain(authCode);
    const next = server();
    await next.settle();
    expect(await next.suite.tenants.get('wwcorpA')).toMatchObject({ corpId: 'wwcorpA' });
    expect(next.events.map((e) => e.type)).toEqual(['installed']);
  });

  it('handles a duplicate push once', async () => {
    const { server, push, platform } = world();
    const { wx, events, settle } = server();
    await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    await push(wx, { InfoType: 'create_auth', AuthCode: authCode });
    await push(wx, { InfoType: 'create_auth', AuthCode: authCode });
    await settle();
    expect(platform.count('/cgi-bin/service/v2/get_permanent_code')).toBe(1);
    expect(events.filter((e) => e.type === 'installed')).toHaveLength(1);
  });

  it('removes the corp on cancel_auth (its members can no longer log in) and tells the app', async () => {
    const { server, push, platform } = world();
    const { wx, suite, events, settle } = server();
    await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    await push(wx, { InfoType: 'create_auth', AuthCode: platform.authorise('wwsuite1', 'wwcorpA') });
    await settle();
    await push(wx, { InfoType: 'change_auth', AuthCorpId: 'wwcorpA' });
    await push(wx, { InfoType: 'cancel_auth', AuthCorpId: 'wwcorpA' });
    await settle();
    expect(await suite.tenants.get('wwcorpA')).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(['ticket', 'installed', 'changed', 'uninstalled']);
  });

  it('spends the new auth code of reset_permanent_code and says changed', async () => {
    const { server, push, platform } = world();
    const { wx, suite, events, settle } = server();
    await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    await push(wx, { InfoType: 'create_auth', AuthCode: platform.authorise('wwsuite1', 'wwcorpA') });
    await settle();
    const before = (await suite.tenants.get('wwcorpA'))?.generation;
    platform.resetPermanentCode('wwsuite1', 'wwcorpA');
    await push(wx, { InfoType: 'reset_permanent_code', AuthCode: platform.authorise('wwsuite1', 'wwcorpA') });
    await settle();
    expect((await suite.tenants.get('wwcorpA'))?.generation).not.toBe(before);
    expect(events.at(-1)).toMatchObject({
      type: 'changed',
      corpId: 'wwcorpA',
      infoType: 'reset_permanent_code',
    });
  });

  describe('refuses forged pushes', () => {
    it('a bad signature', async () => {
      const { server, push } = world();
      const { wx, suite } = server();
      const reply = await push(wx, { InfoType: 'cancel_auth', AuthCorpId: 'wwcorpA' }, { tamper: true });
      expect(reply.status).toBe(401);
      expect(await suite.tenants.get('wwcorpA')).toBeUndefined();
    });

    it('a push encrypted for another receive id (the provider corpid or a corp id instead of the suite_id)', async () => {
      const { server, push } = world();
      const { wx } = server();
      for (const receiveId of ['wwprovider0001', 'wwcorpA']) {
        const reply = await push(wx, { InfoType: 'change_auth', AuthCorpId: 'wwcorpA' }, { receiveId });
        expect(reply.status).toBe(400);
      }
    });

    it("another suite's push (same key), so one suite cannot cancel a corp of another", async () => {
      const { server, push, platform } = world();
      const { wx, suite, settle } = server();
      await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
      await push(wx, { InfoType: 'create_auth', AuthCode: platform.authorise('wwsuite1', 'wwcorpA') });
      await settle();
      const reply = await push(wx, { SuiteId: 'wwsuite2', InfoType: 'cancel_auth', AuthCorpId: 'wwcorpA' });
      expect(reply.status).toBe(403);
      expect(await suite.tenants.get('wwcorpA')).toBeDefined();
    });
  });

  it('keeps the keys of two suites on one store apart', async () => {
    const { server, push, platform, writes } = world();
    const one = server();
    const two = server({ suiteId: 'wwsuite2' });
    await push(one.wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    await push(one.wx, { InfoType: 'create_auth', AuthCode: authCode });
    await one.settle();
    await two.settle();
    expect(await two.suite.tenants.get('wwcorpA')).toBeUndefined();
    expect(two.events).toEqual([]);
    // Every key the server kit wrote names its suite: two suites on one store never share one.
    const serverKeys = writes.map(([key]) => key).filter((key) => key.startsWith('wxkit:server:'));
    expect(serverKeys.length).toBeGreaterThan(0);
    for (const key of serverKeys) expect(key).toMatch(/^wxkit:server:suite:wwsuite[12]:/);
  });

  it('is refused at creation for an app that is not a provider app', () => {
    expect(() =>
      createWxServer({ officialAccount: {} as never, commands: COMMANDS, session: { secret: SECRET } }),
    ).toThrow();
  });
});

describe('the install flow of a provider app', () => {
  const get = (wx: ReturnType<typeof createWxServer>, path: string, cookie = '') =>
    wx.handle(new Request(`https://isv.example.com${path}`, { headers: { cookie } })) as Promise<Response>;

  it('starts with pre_auth_code + session info, lands the auth_code, registers the corp and sends the admin on', async () => {
    const { server, push, platform } = world();
    const { wx, suite, events, settle } = server({
      extra: { install: { test: true, done: '/admin/welcome' } },
    });
    await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    const start = await get(wx, '/wx/suite/install');
    const install = new URL(start.headers.get('location') ?? '');
    expect(install.pathname).toBe('/3rdapp/install');
    expect(install.searchParams.get('suite_id')).toBe('wwsuite1');
    const preAuthCode = install.searchParams.get('pre_auth_code');
    const session = platform.calls.find((u) => u.pathname === '/cgi-bin/service/set_session_info');
    expect(session).toBeDefined();
    expect(install.searchParams.get('redirect_uri')).toBe('https://isv.example.com/wx/suite/installed');
    expect(preAuthCode).toMatch(/^PRE/);
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const state = install.searchParams.get('state') ?? '';
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    const back = await get(
      wx,
      `/wx/suite/installed?auth_code=${authCode}&expires_in=600&state=${state}`,
      cookie,
    );
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/admin/welcome?corp_id=wwcorpA');
    expect(await suite.tenants.get('wwcorpA')).toBeDefined();
    await settle();
    expect(events.filter((e) => e.type === 'installed').map((e) => e.corpId)).toEqual(['wwcorpA']);
  });

  it('refuses a return that this browser did not start (a planted auth_code)', async () => {
    const { server, push, platform } = world();
    const { wx, suite } = server();
    await push(wx, { InfoType: 'suite_ticket', SuiteTicket: platform.pushTicket('wwsuite1') });
    const authCode = platform.authorise('wwsuite1', 'wwcorpA');
    const back = await get(wx, `/wx/suite/installed?auth_code=${authCode}&state=abc`);
    expect(back.status).toBe(403);
    expect(await suite.tenants.get('wwcorpA')).toBeUndefined();
  });
});
