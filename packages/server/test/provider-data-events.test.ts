import { buildXml, createCallbackCrypto, createMemoryStore } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeProvider, manualClock, suiteOptions } from '../../core/test/helpers/fake-provider.js';
import { createWxServer, type WxEvent } from '../src/index.js';

const KEYS = { token: 'DataToken1', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const PROVIDER = 'wwprovider0001';

/** A provider app with data callbacks, installed in corps A and B (not C). */
async function world() {
  const clock = manualClock();
  const store = createMemoryStore({ clock: clock.now });
  const platform = fakeProvider();
  const suite = createSuite(suiteOptions(platform, { store, clock: clock.now }));
  await suite.tickets.receive(platform.pushTicket('wwsuite1'));
  for (const corp of ['wwcorpA', 'wwcorpB'])
    await suite.completeInstall(platform.authorise('wwsuite1', corp));
  const warnings: unknown[][] = [];
  const wx = createWxServer({
    suite,
    store,
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    publicUrl: 'https://isv.example.com',
    commands: { ...KEYS, providerCorpId: PROVIDER },
    callback: KEYS,
    clock: clock.now,
    logger: { debug() {}, info() {}, warn: (...args: unknown[]) => warnings.push(args), error() {} },
    schedule: () => {},
  });
  const seen: WxEvent[] = [];
  wx.on('*', (event) => {
    seen.push(event);
  });
  const now = () => String(Math.floor(clock.now() / 1000));
  /** A message as the platform posts it to `{prefix}/events/{path}`: sealed for `receiveId`, addressed to `to`. */
  const post = async (
    path: string,
    o: { receiveId: string; to?: string; msgId?: string; key?: string },
  ): Promise<Response> => {
    const crypto = createCallbackCrypto({ ...KEYS, receiveId: o.receiveId });
    const timestamp = now();
    const nonce = `n${Math.floor(Math.random() * 1e9)}`;
    const plain = buildXml({
      ToUserName: o.to ?? o.receiveId,
      FromUserName: 'zhangsan',
      CreateTime: Number(timestamp),
      MsgType: 'event',
      Event: 'click',
      EventKey: o.key ?? 'RESULTS',
      AgentID: 1000001,
      ...(o.msgId ? { MsgId: o.msgId } : {}),
    });
    const { encrypt, msgSignature } = crypto.encrypt(plain, { timestamp, nonce });
    return (await wx.handle(
      new Request(
        `https://isv.example.com/wx/events/${path}?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=${nonce}`,
        { method: 'POST', body: buildXml({ ToUserName: o.to ?? o.receiveId, Encrypt: encrypt }) },
      ),
    )) as Response;
  };
  const check = async (path: string, receiveId: string) => {
    const crypto = createCallbackCrypto({ ...KEYS, receiveId });
    const timestamp = now();
    const { encrypt, msgSignature } = crypto.encrypt('echo-42', { timestamp, nonce: 'n1' });
    return (await wx.handle(
      new Request(
        `https://isv.example.com/wx/events/${path}?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=n1&echostr=${encodeURIComponent(encrypt)}`,
      ),
    )) as Response;
  };
  return { wx, suite, seen, warnings, post, check, clock };
}

const codeOf = async (reply: Response) => ((await reply.json()) as { error: { code: string } }).error.code;

describe("a provider app's data callbacks at {prefix}/events/{corpId}", () => {
  it('answers the URL check sealed with the provider corpid, or with the path corp when it is a tenant', async () => {
    const { check } = await world();
    // The console's check as the reference describes it: receive id = the provider corpid.
    expect(await (await check(PROVIDER, PROVIDER)).text()).toBe('echo-42');
    expect(await (await check('wwcorpA', PROVIDER)).text()).toBe('echo-42');
    // The contract's reading: the corp's own id, for a tenant.
    expect(await (await check('wwcorpA', 'wwcorpA')).text()).toBe('echo-42');
    expect((await check('wwcorpC', 'wwcorpC')).status).toBe(400);
  });

  it("delivers a tenant's events to wx.on handlers with the corp attached, once", async () => {
    const { post, seen } = await world();
    const first = await post('wwcorpA', { receiveId: 'wwcorpA', msgId: '777' });
    expect(first.status).toBe(200);
    expect(seen.map((e) => [e.type, e.corpId, e.key])).toEqual([['click', 'wwcorpA', 'RESULTS']]);
    const again = await post('wwcorpA', { receiveId: 'wwcorpA', msgId: '777' });
    expect(again.headers.get('x-wxkit-duplicate')).toBe('1');
    // The same MsgId from another corp is another message.
    expect((await post('wwcorpB', { receiveId: 'wwcorpB', msgId: '777' })).status).toBe(200);
    expect(seen.map((e) => e.corpId)).toEqual(['wwcorpA', 'wwcorpB']);
  });

  it("attack: a corp's payload replayed to another corp's path is refused (receive id)", async () => {
    const { post, seen } = await world();
    const reply = await post('wwcorpB', { receiveId: 'wwcorpA' });
    expect(reply.status).toBe(400);
    expect(await codeOf(reply)).toBe('bad_callback');
    expect(seen).toEqual([]);
  });

  it('attack: a message whose ToUserName names another corp than the path is refused', async () => {
    const { post, seen } = await world();
    const reply = await post('wwcorpB', { receiveId: 'wwcorpB', to: 'wwcorpA' });
    expect(reply.status).toBe(403);
    expect(await codeOf(reply)).toBe('wrong_corp');
    expect(seen).toEqual([]);
  });

  it('attack: a forged corp id in the path (never installed, or uninstalled) is refused and logged once', async () => {
    const { post, seen, suite, warnings } = await world();
    const forged = await post('wwcorpC', { receiveId: 'wwcorpC' });
    expect(forged.status).toBe(403);
    expect(await codeOf(forged)).toBe('not_a_tenant');
    await post('wwcorpC', { receiveId: 'wwcorpC', key: 'OTHER' });
    expect(
      warnings.filter(([, fields]) => (fields as { corpId?: string }).corpId === 'wwcorpC'),
    ).toHaveLength(1);
    await suite.tenants.remove('wwcorpA');
    expect(await codeOf(await post('wwcorpA', { receiveId: 'wwcorpA' }))).toBe('not_a_tenant');
    expect(seen).toEqual([]);
  });

  it('never runs a handler nor fails with 5xx for any path segment that is not a tenant (property)', async () => {
    const { post, seen } = await world();
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 80 }), async (segment) => {
        fc.pre(segment !== 'wwcorpA' && segment !== 'wwcorpB');
        const path = encodeURIComponent(segment);
        const reply = await post(path, { receiveId: 'wwcorpA' });
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(seen).toEqual([]);
  });
});
