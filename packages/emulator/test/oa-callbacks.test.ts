import { buildXml, callbackSignature, createCallbackCrypto, parseXml } from '@wxkit/core';
import { type ReceivedRequest, startRecorder } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { originalId } from '../src/oa/callbacks/ids.js';
import { emulator, OA, post } from './helpers.js';

const TOKEN = 'RawServerToken';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const crypto = createCallbackCrypto({ token: TOKEN, encodingAESKey: AES, receiveId: OA });
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

type Received = ReceivedRequest;

/** The shared recording server, answering the URL check's echostr by default; closed after the suite. */
async function recorder(answer: (r: Received) => string = (r) => r.query.get('echostr') ?? '') {
  const app = await startRecorder(answer);
  closers.push(app.close);
  return app;
}

const signedPlain = (q: URLSearchParams) =>
  q.get('signature') === callbackSignature([TOKEN, q.get('timestamp') ?? '', q.get('nonce') ?? '']);

describe('the emulated MP console server configuration', () => {
  it('checks the URL with signature over token, timestamp and nonce and a plaintext echostr', async () => {
    const emu = await emulator();
    const app = await recorder();
    expect(await post(emu, '/_emulator/oa/callback', { url: app.url, token: TOKEN })).toMatchObject({
      ok: true,
      appId: OA,
    });
    const check = app.received[0] as Received;
    expect(check.method).toBe('GET');
    expect(signedPlain(check.query)).toBe(true);
    expect(check.query.get('echostr')).toMatch(/^\d{19}$/);
    expect(check.query.has('msg_signature')).toBe(false);
  });

  it('does not save a URL that answers anything but the bare echostr', async () => {
    const emu = await emulator();
    const quoted = await recorder((r) => `"${r.query.get('echostr')}"\n`);
    const result = await post(emu, '/_emulator/oa/callback', { url: quoted.url, token: TOKEN });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/no quotes, BOM or newline/) });
    expect(await (await emu.fetch(`/_emulator/oa/callback?appId=${OA}`)).json()).toMatchObject({
      server: null,
    });
  });

  it('refuses bad settings with what to fix', async () => {
    const emu = await emulator();
    expect(await post(emu, '/_emulator/oa/callback', { url: 'ftp://x', token: TOKEN })).toMatchObject({
      error: { message: expect.stringMatching(/http\(s\)/) },
    });
    expect(await post(emu, '/_emulator/oa/callback', { url: 'http://x', token: 'a b' })).toMatchObject({
      error: { message: expect.stringMatching(/3-32/) },
    });
    expect(
      await post(emu, '/_emulator/oa/callback', { url: 'http://x', token: TOKEN, mode: 'safe' }),
    ).toMatchObject({ error: { message: expect.stringMatching(/needs encodingAESKey/) } });
    expect(
      await post(emu, '/_emulator/oa/callback', { url: 'http://x', token: TOKEN, appId: 'wx-none' }),
    ).toMatchObject({ error: { message: expect.stringMatching(/no Official Account/) } });
  });
});

describe('the emulated Official Account message push', () => {
  it('sends plaintext messages with the signature on the query and the platform fields in the body', async () => {
    const emu = await emulator();
    const app = await recorder((r) => (r.method === 'GET' ? (r.query.get('echostr') ?? '') : 'success'));
    await post(emu, '/_emulator/oa/callback', { url: app.url, token: TOKEN });
    const fired = await post(emu, '/_emulator/oa/events', { type: 'subscribe', scene: 'abc', openid: 'o-1' });
    expect(fired).toEqual({ status: 200, response: 'success' });
    await post(emu, '/_emulator/oa/events', { type: 'unsubscribe', openid: 'o-1' });
    await post(emu, '/_emulator/oa/events', {
      type: 'LOCATION',
      latitude: 1.5,
      longitude: 2.25,
      precision: 3,
    });
    await post(emu, '/_emulator/oa/events', { type: 'text', content: 'x ]]> y' });
    const [sub, unsub, location, text] = app.received.slice(1);
    expect(signedPlain(sub?.query as URLSearchParams)).toBe(true);
    expect(sub?.query.get('openid')).toBe('o-1');
    expect(sub?.query.has('encrypt_type')).toBe(false);
    expect(parseXml(sub?.body ?? '')).toMatchObject({
      ToUserName: originalId(OA),
      FromUserName: 'o-1',
      MsgType: 'event',
      Event: 'subscribe',
      EventKey: 'qrscene_abc',
      Ticket: expect.stringMatching(/^gQ/),
    });
    expect(parseXml(unsub?.body ?? '')).toMatchObject({ Event: 'unsubscribe', EventKey: '' });
    expect(parseXml(location?.body ?? '')).toMatchObject({
      Event: 'LOCATION',
      Latitude: '1.500000',
      Longitude: '2.250000',
      Precision: '3.000000',
    });
    expect(parseXml(text?.body ?? '')).toMatchObject({
      MsgType: 'text',
      Content: 'x ]]> y',
      MsgId: expect.stringMatching(/^[1-9]\d{18}$/),
    });
  });

  it('sends safe mode as ToUserName + Encrypt and compatible mode with the plaintext fields too, both with msg_signature', async () => {
    const emu = await emulator();
    const app = await recorder((r) => (r.method === 'GET' ? (r.query.get('echostr') ?? '') : ''));
    await post(emu, '/_emulator/oa/callback', {
      url: app.url,
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'safe',
    });
    await post(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'K1' });
    await post(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'K2', mode: 'compatible' });
    for (const [i, r] of app.received.slice(1).entries()) {
      const q = r.query;
      expect(q.get('encrypt_type')).toBe('aes');
      expect(signedPlain(q)).toBe(true);
      const envelope = parseXml(r.body);
      expect(Object.keys(envelope)).toEqual(
        i === 0
          ? ['ToUserName', 'Encrypt']
          : ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event', 'EventKey', 'Encrypt'],
      );
      const plain = crypto.decrypt({
        msgSignature: q.get('msg_signature') ?? '',
        timestamp: q.get('timestamp') ?? '',
        nonce: q.get('nonce') ?? '',
        encrypt: envelope['Encrypt'] ?? '',
      });
      expect(parseXml(plain)).toMatchObject({ Event: 'CLICK', EventKey: `K${i + 1}` });
    }
  });

  it('decrypts an encrypted passive reply', async () => {
    const emu = await emulator();
    const app = await recorder((r) => {
      if (r.method === 'GET') return r.query.get('echostr') ?? '';
      const reply = buildXml({
        ToUserName: 'o',
        FromUserName: originalId(OA),
        CreateTime: 1,
        MsgType: 'text',
        Content: '好',
      });
      return crypto.encryptReply(reply, { timestamp: '1', nonce: '2' });
    });
    await post(emu, '/_emulator/oa/callback', {
      url: app.url,
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'safe',
    });
    const fired = await post(emu, '/_emulator/oa/events', { type: 'VIEW', key: 'https://example.com/' });
    expect(parseXml(String(fired['reply']))['Content']).toBe('好');
  });

  it('says plainly what it does not emulate and what an event needs', async () => {
    const emu = await emulator();
    const app = await recorder();
    await post(emu, '/_emulator/oa/callback', { url: app.url, token: TOKEN });
    expect(await post(emu, '/_emulator/oa/events', { type: 'TEMPLATESENDJOBFINISH' })).toMatchObject({
      error: { message: expect.stringMatching(/not emulated/) },
    });
    expect(await post(emu, '/_emulator/oa/events', { type: 'SCAN' })).toMatchObject({
      error: { message: expect.stringMatching(/needs "scene"/) },
    });
    expect(await post(emu, '/_emulator/oa/events', { type: 'CLICK' })).toMatchObject({
      error: { message: expect.stringMatching(/needs "key"/) },
    });
    expect(await post(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'k', mode: 'safe' })).toMatchObject({
      error: { message: expect.stringMatching(/needs an encodingAESKey/) },
    });
  });
});

describe('what the emulator makes of a server that answers badly', () => {
  it('reports an encrypted reply it cannot read as replyError, never an emulator 500', async () => {
    const emu = await emulator();
    const app = await recorder((r) =>
      r.method === 'GET'
        ? (r.query.get('echostr') ?? '')
        : '<xml><Encrypt><![CDATA[not-base64!]]></Encrypt></xml>',
    );
    await post(emu, '/_emulator/oa/callback', {
      url: app.url,
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'safe',
    });
    const response = await emu.fetch('/_emulator/oa/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'CLICK', key: 'K' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 200, replyError: expect.any(String) });
  });

  it('drops a plaintext passive reply in safe mode as replyError (the follower sees 该公众号暂时无法提供服务); compatible mode takes it', async () => {
    const emu = await emulator();
    const plain = buildXml({
      ToUserName: 'o',
      FromUserName: originalId(OA),
      CreateTime: 1,
      MsgType: 'text',
      Content: '好',
    });
    const app = await recorder((r) => (r.method === 'GET' ? (r.query.get('echostr') ?? '') : plain));
    await post(emu, '/_emulator/oa/callback', {
      url: app.url,
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'safe',
    });
    const safe = await post(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'K' });
    expect(safe).toMatchObject({ status: 200, replyError: expect.stringMatching(/must be encrypted/) });
    expect(safe).not.toHaveProperty('reply');
    const compatible = await post(emu, '/_emulator/oa/events', {
      type: 'CLICK',
      key: 'K',
      mode: 'compatible',
    });
    expect(parseXml(String(compatible['reply']))['Content']).toBe('好');
  });

  it('records a push the server never answered, for this account only', async () => {
    const emu = await emulator();
    const app = await recorder();
    await post(emu, '/_emulator/oa/callback', { url: app.url, token: TOKEN });
    await app.close();
    expect(await post(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'K' })).toMatchObject({ status: 0 });
    const saved = (await (await emu.fetch(`/_emulator/oa/callback?appId=${OA}`)).json()) as {
      deliveries: { appId: string; status: number; error?: string }[];
    };
    expect(saved.deliveries.at(-1)).toMatchObject({
      appId: OA,
      status: 0,
      error: expect.stringMatching(/did not answer/),
    });
  });
});
