import {
  buildXml,
  callbackSignature,
  createCallbackCrypto,
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  parseXml,
  type Store,
  silentLogger,
} from '@wxkit/core';
import { DEMO_OA } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { type CallbackOptions, createWxServer, type WxEvent } from '../src/index.js';
import { eventsRequest } from './helpers.js';

const APP_ID = 'wx0123456789abcdef';
const GH = 'gh_0123456789ab';
const TOKEN = 'OaCallbackToken1';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const NOW = 1_700_000_000_000;
const TS = String(NOW / 1000);
const oaCrypto = createCallbackCrypto({ token: TOKEN, encodingAESKey: AES, receiveId: APP_ID });

function oaServer(callback: CallbackOptions, store: Store = createMemoryStore({ clock: () => NOW })) {
  const officialAccount = createOfficialAccount({
    appId: APP_ID,
    appSecret: DEMO_OA.appSecret,
    fetch: (async () => new Response('{}')) as typeof fetch,
    env: {},
    logger: silentLogger,
  });
  const wx = createWxServer({
    officialAccount,
    session: { secret: 'oa-test-secret-0123456789abcdefghijkl' },
    callback,
    store,
    clock: () => NOW,
    logger: silentLogger,
  });
  const seen: WxEvent[] = [];
  wx.on('*', (e) => {
    seen.push(e);
  });
  const app = async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, 'http://localhost:3000'), init))) as Response;
  return { wx, app, seen };
}

const message = (fields: Record<string, string | number>) =>
  buildXml({ ToUserName: GH, FromUserName: 'o-follower', CreateTime: Number(TS), ...fields });
const SUBSCRIBE = {
  MsgType: 'event',
  Event: 'subscribe',
  EventKey: 'qrscene_summer',
  Ticket: 'gQH47joAAAAA',
};

/** The query the platform puts on every OA callback; `signature` covers token, timestamp and nonce only. */
const plainQuery = (nonce: string, ts = TS) =>
  `signature=${callbackSignature([TOKEN, ts, nonce])}&timestamp=${ts}&nonce=${nonce}&openid=o-follower`;

/** An encrypted delivery: safe mode sends ToUserName + Encrypt, compatible mode the plaintext fields as well. */
function encrypted(xml: string, nonce: string, compatible = false) {
  const { encrypt, msgSignature } = oaCrypto.encrypt(xml, { timestamp: TS, nonce });
  const fields = compatible ? { ...parseXml(xml), Encrypt: encrypt } : { ToUserName: GH, Encrypt: encrypt };
  return {
    url: `/wx/events?${plainQuery(nonce)}&encrypt_type=aes&msg_signature=${msgSignature}`,
    body: buildXml(fields),
  };
}

const decryptReply = (reply: string) => {
  const r = parseXml(reply);
  return oaCrypto.decrypt({
    msgSignature: r['MsgSignature'] ?? '',
    timestamp: r['TimeStamp'] ?? '',
    nonce: r['Nonce'] ?? '',
    encrypt: r['Encrypt'] ?? '',
  });
};

describe('the Official Account server check (MP console, every mode)', () => {
  for (const callback of [
    { token: TOKEN },
    { token: TOKEN, encodingAESKey: AES, mode: 'compatible' as const },
    { token: TOKEN, encodingAESKey: AES, mode: 'safe' as const },
  ]) {
    it(`echoes echostr unchanged for a good signature (${callback.mode ?? 'plaintext'} mode)`, async () => {
      const { app } = oaServer(callback);
      const response = await app(`/wx/events?${plainQuery('135790')}&echostr=4811957432890156312`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('4811957432890156312');
    });
  }

  it('refuses a signature made with another token and echoes nothing', async () => {
    const { app } = oaServer({ token: TOKEN });
    const forged = `signature=${callbackSignature(['OtherToken', TS, '1'])}&timestamp=${TS}&nonce=1`;
    const response = await app(`/wx/events?${forged}&echostr=123`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { errcode: -40001 } });
  });
});

describe('Official Account messages in the three modes', () => {
  it('plaintext: delivers subscribe through a QR code with its scene and ticket, and replies in plaintext', async () => {
    const { wx, app, seen } = oaServer({ token: TOKEN });
    wx.on('subscribe', (e) => `欢迎 ${e.scene}`);
    const response = await app(`/wx/events?${plainQuery('1001')}`, {
      method: 'POST',
      body: message(SUBSCRIBE),
    });
    expect(response.status).toBe(200);
    expect(seen[0]).toMatchObject({
      platform: 'oa',
      type: 'subscribe',
      from: 'o-follower',
      to: GH,
      key: 'qrscene_summer',
      scene: 'summer',
      ticket: 'gQH47joAAAAA',
    });
    const reply = parseXml(await response.text());
    expect(reply).toMatchObject({
      ToUserName: 'o-follower',
      FromUserName: GH,
      MsgType: 'text',
      Content: '欢迎 summer',
    });
  });

  it('safe: decrypts Encrypt and encrypts the reply', async () => {
    const { wx, app, seen } = oaServer({ token: TOKEN, encodingAESKey: AES, mode: 'safe' });
    wx.on('click', (e) => `key ${e.key}`);
    const { url, body } = encrypted(
      message({ MsgType: 'event', Event: 'CLICK', EventKey: 'V1001_TODAY' }),
      '2002',
    );
    const response = await app(url, { method: 'POST', body });
    expect(seen.map((e) => [e.type, e.key])).toEqual([['click', 'V1001_TODAY']]);
    const text = await response.text();
    expect(text).not.toContain('key V1001_TODAY');
    expect(parseXml(decryptReply(text))).toMatchObject({
      ToUserName: 'o-follower',
      Content: 'key V1001_TODAY',
    });
  });

  it('compatible: believes the encrypted message, not the unsigned plaintext fields beside it', async () => {
    const { app, seen } = oaServer({ token: TOKEN, encodingAESKey: AES, mode: 'compatible' });
    const real = message({ MsgType: 'event', Event: 'CLICK', EventKey: 'REAL' });
    const { url, body } = encrypted(real, '3003', true);
    const tampered = body.replace(
      '<EventKey><![CDATA[REAL]]></EventKey>',
      '<EventKey><![CDATA[FORGED]]></EventKey>',
    );
    expect(tampered).toContain('FORGED');
    expect((await app(url, { method: 'POST', body: tampered })).status).toBe(200);
    expect(seen.map((e) => e.key)).toEqual(['REAL']);
  });

  it('compatible: also takes plaintext messages and answers them in plaintext', async () => {
    const { wx, app } = oaServer({ token: TOKEN, encodingAESKey: AES, mode: 'compatible' });
    wx.on('text', (e) => `echo ${e.content}`);
    const body = message({ MsgType: 'text', Content: '你好', MsgId: '23456789012345678' });
    const response = await app(`/wx/events?${plainQuery('3004')}`, { method: 'POST', body });
    expect(parseXml(await response.text())['Content']).toBe('echo 你好');
  });

  it('types SCAN, LOCATION, VIEW, unsubscribe and text messages', async () => {
    const { app, seen } = oaServer({ token: TOKEN });
    const bodies = [
      message({ MsgType: 'event', Event: 'SCAN', EventKey: '123', Ticket: 'TICKET' }),
      message({
        MsgType: 'event',
        Event: 'LOCATION',
        Latitude: '23.137466',
        Longitude: '113.352425',
        Precision: '119.385040',
      }),
      message({ MsgType: 'event', Event: 'VIEW', EventKey: 'https://example.com/menu', MenuId: '42' }),
      message({ MsgType: 'event', Event: 'unsubscribe' }),
      message({ MsgType: 'text', Content: 'hi', MsgId: '1234567890123456' }),
    ];
    for (const [i, body] of bodies.entries())
      expect((await app(`/wx/events?${plainQuery(`40${i}`)}`, { method: 'POST', body })).status).toBe(200);
    expect(seen.map((e) => e.type)).toEqual(['scan', 'location', 'view', 'unsubscribe', 'text']);
    expect(seen[0]).toMatchObject({ scene: '123', ticket: 'TICKET' });
    expect(seen[1]?.location).toEqual({ latitude: 23.137466, longitude: 113.352425, precision: 119.38504 });
    expect(seen[2]).toMatchObject({ key: 'https://example.com/menu', raw: { MenuId: '42' } });
    expect(seen[4]).toMatchObject({ content: 'hi', msgId: '1234567890123456' });
  });
});

describe('Official Account callbacks refuse what does not fit', () => {
  it('safe mode refuses a plaintext message; plaintext mode says how to switch when an encrypted one comes', async () => {
    const safe = oaServer({ token: TOKEN, encodingAESKey: AES, mode: 'safe' });
    const plain = await safe.app(`/wx/events?${plainQuery('5001')}`, {
      method: 'POST',
      body: message(SUBSCRIBE),
    });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ error: { code: 'callback_mode' } });
    const plaintext = oaServer({ token: TOKEN });
    const { url, body } = encrypted(message(SUBSCRIBE), '5002');
    const wrong = await plaintext.app(url, { method: 'POST', body });
    expect(await wrong.json()).toMatchObject({
      error: { code: 'callback_mode', hint: expect.stringMatching(/mode: 'safe'/) },
    });
    expect(safe.seen.length + plaintext.seen.length).toBe(0);
  });

  it('refuses a good signature whose Encrypt was swapped (-40001 on msg_signature)', async () => {
    const { app, seen } = oaServer({ token: TOKEN, encodingAESKey: AES, mode: 'safe' });
    const { url } = encrypted(message(SUBSCRIBE), '6001');
    const other = encrypted(message({ ...SUBSCRIBE, EventKey: 'qrscene_other' }), '6001').body;
    const response = await app(url, { method: 'POST', body: other });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { errcode: -40001, message: expect.stringMatching(/msg_signature/) },
    });
    expect(seen).toEqual([]);
  });

  it('refuses a plaintext signed query replayed with a forged body (the signature covers no body)', async () => {
    const { app, seen } = oaServer({ token: TOKEN });
    const url = `/wx/events?${plainQuery('7001')}`;
    await app(url, { method: 'POST', body: message(SUBSCRIBE) });
    const forged = await app(url, {
      method: 'POST',
      body: message({ MsgType: 'text', Content: 'pay me', MsgId: '9' }),
    });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'replayed_signature' } });
    expect(seen.map((e) => e.type)).toEqual(['subscribe']);
  });

  it('checks the query-only signature and the timestamp before reading the body', async () => {
    const { wx, seen } = oaServer({ token: TOKEN, encodingAESKey: AES, mode: 'safe' });
    let reads = 0;
    const call = (search: string) =>
      eventsRequest(search, () => {
        reads++;
        return '<xml/>';
      });
    const sig = `&encrypt_type=aes&msg_signature=${'a'.repeat(40)}`;
    const badSignature = `signature=${'0'.repeat(40)}&timestamp=${TS}&nonce=1${sig}`;
    const stale = `${plainQuery('1', String(Number(TS) - 301))}${sig}`;
    const malformed = `signature=xyz&timestamp=${TS}&nonce=1${sig}`;
    expect((await wx.handle(call(badSignature)))?.status).toBe(401);
    expect((await wx.handle(call(stale)))?.status).toBe(403);
    expect((await wx.handle(call(malformed)))?.status).toBe(400);
    expect(reads).toBe(0);
    // Past the query checks the body is read; this one has no Encrypt (-40003).
    expect((await wx.handle(call(`${plainQuery('1')}${sig}`)))?.status).toBe(400);
    expect(reads).toBe(1);
    expect(seen).toEqual([]);
  });
});

describe('callback options are checked at creation', () => {
  const make =
    (callback: unknown, platform: 'oa' | 'wecom' = 'oa') =>
    () => {
      const client =
        platform === 'oa'
          ? {
              officialAccount: createOfficialAccount({
                appId: APP_ID,
                appSecret: 'x'.repeat(32),
                env: {},
                logger: silentLogger,
              }),
            }
          : {
              wecom: createWeCom({
                corpId: 'ww01',
                corpSecret: 'x'.repeat(32),
                agentId: 1,
                env: {},
                logger: silentLogger,
              }),
            };
      createWxServer({
        ...client,
        session: { secret: 's'.repeat(32) },
        callback: callback as CallbackOptions,
        logger: silentLogger,
      });
    };

  it('takes a token alone for Official Account plaintext, and a key for compatible and safe', () => {
    expect(make({ token: TOKEN })).not.toThrow();
    expect(make({ token: TOKEN, encodingAESKey: AES, mode: 'safe' })).not.toThrow();
    expect(make({ token: TOKEN, mode: 'safe' })).toThrow(/mode 'safe' needs callback.encodingAESKey/);
    expect(make({ token: TOKEN, mode: 'compatible' })).toThrow(/needs callback.encodingAESKey/);
    expect(make({ token: TOKEN, encodingAESKey: AES })).toThrow(/mode is 'plaintext'/);
    expect(make({ token: TOKEN, mode: 'secure' })).toThrow(/callback.mode is plaintext, compatible, safe/);
    expect(make({ token: 'has space' })).toThrow(/callback.token/);
    expect(make({ token: TOKEN, encodingAESKey: 'short', mode: 'safe' })).toThrow(/43 letters/);
  });

  it('needs a key for WeCom and refuses a mode other than safe', () => {
    expect(make({ token: TOKEN, encodingAESKey: AES }, 'wecom')).not.toThrow();
    expect(make({ token: TOKEN }, 'wecom')).toThrow(/WeCom callbacks need callback.encodingAESKey/);
    expect(make({ token: TOKEN, encodingAESKey: AES, mode: 'plaintext' }, 'wecom')).toThrow(
      /always encrypted/,
    );
  });
});
