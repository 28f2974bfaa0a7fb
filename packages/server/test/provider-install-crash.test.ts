import { buildXml, createCallbackCrypto, createMemoryStore, type Store } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { describe, expect, it } from 'vitest';
import { fakeProvider, manualClock, suiteOptions } from '../../core/test/helpers/fake-provider.js';
import { createWxServer, type ProviderEvent } from '../src/index.js';

const COMMANDS = {
  token: 'CmdToken1',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  providerCorpId: 'wwprovider0001',
};

describe('a create_auth whose process dies between get_permanent_code and the tenant write', () => {
  it('is completed by the next process: the corp registered once and `installed` heard', async () => {
    const clock = manualClock();
    const memory = createMemoryStore({ clock: clock.now });
    let killed = false;
    // The first process dies at its first tenant write: after the platform spent the auth_code.
    const dying: Store = Object.assign(Object.create(memory) as Store, {
      async set(key: string, value: string, ttlMs: number) {
        if (!killed && key.includes(':tenant:')) {
          killed = true;
          throw new Error('process killed');
        }
        return memory.set(key, value, ttlMs);
      },
    });
    const platform = fakeProvider();
    const serverOn = (store: Store) => {
      const later: Promise<void>[] = [];
      const events: ProviderEvent[] = [];
      const suite = createSuite(suiteOptions(platform, { store, clock: clock.now }));
      const wx = createWxServer({
        suite,
        store,
        commands: COMMANDS,
        session: { secret: 'a-test-secret-that-is-long-enough-0123' },
        publicUrl: 'https://isv.example.com',
        clock: clock.now,
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        schedule: (task) => void later.push(task()),
      });
      wx.on('installed', (event) => void events.push(event));
      const settle = async () => {
        while (later.length) await later.shift();
      };
      return { wx, suite, events, settle };
    };
    const first = serverOn(dying);
    await first.suite.tickets.receive(platform.pushTicket('wwsuite1'));
    const crypto = createCallbackCrypto({ ...COMMANDS, receiveId: 'wwsuite1' });
    const timestamp = String(Math.floor(clock.now() / 1000));
    const plain = buildXml({
      SuiteId: 'wwsuite1',
      InfoType: 'create_auth',
      TimeStamp: timestamp,
      AuthCode: platform.authorise('wwsuite1', 'wwcorpA'),
    });
    const { encrypt, msgSignature } = crypto.encrypt(plain, { timestamp, nonce: 'n1' });
    const reply = (await first.wx.handle(
      new Request(
        `https://isv.example.com/wx/suite/commands?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=n1`,
        { method: 'POST', body: buildXml({ ToUserName: 'wwsuite1', Encrypt: encrypt }) },
      ),
    )) as Response;
    expect(await reply.text()).toBe('success');
    await first.settle();
    expect(killed).toBe(true);
    expect(await first.suite.tenants.get('wwcorpA')).toBeUndefined();

    const next = serverOn(memory);
    await next.settle();
    expect(await next.suite.tenants.get('wwcorpA')).toMatchObject({ corpId: 'wwcorpA' });
    expect(next.events.map((e) => [e.type, e.corpId])).toEqual([['installed', 'wwcorpA']]);
    expect(platform.count('/cgi-bin/service/v2/get_permanent_code')).toBe(1);
  });
});
