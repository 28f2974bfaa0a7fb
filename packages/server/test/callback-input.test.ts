import {
  buildXml,
  callbackSignature,
  createCallbackCrypto,
  createMemoryStore,
  createOfficialAccount,
  createWeCom,
  silentLogger,
} from '@wxkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWxServer } from '../src/index.js';

const NOW = 1_700_000_000_000;
const TS = String(NOW / 1000);
const TOKEN = 'FuzzToken';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const common = {
  session: { secret: 'fuzz-secret-0123456789abcdefghijklmn' },
  clock: () => NOW,
  logger: silentLogger,
};
const servers = {
  wecom: createWxServer({
    ...common,
    wecom: createWeCom({
      corpId: 'ww01',
      corpSecret: 'x'.repeat(32),
      agentId: 1,
      env: {},
      logger: silentLogger,
    }),
    callback: { token: TOKEN, encodingAESKey: AES },
    store: createMemoryStore({ clock: () => NOW }),
  }),
  oa: createWxServer({
    ...common,
    officialAccount: createOfficialAccount({
      appId: 'wx01',
      appSecret: 'x'.repeat(32),
      env: {},
      logger: silentLogger,
    }),
    callback: { token: TOKEN, encodingAESKey: AES, mode: 'compatible' },
    store: createMemoryStore({ clock: () => NOW }),
  }),
};
for (const server of Object.values(servers)) server.on('*', () => 'ok');

const call = (method: string, search: string, body: string) =>
  new Request(`http://localhost/wx/events?${search}`, method === 'GET' ? { method } : { method, body });

const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '<xml>',
    '</xml>',
    '<Encrypt>',
    '</Encrypt>',
    '<![CDATA[',
    ']]>',
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    '&a;',
    '<MsgType>event</MsgType>',
  ),
);
const body = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
const value = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constant(TS),
  fc.constant('0'.repeat(40)),
  fc.stringMatching(/^[0-9a-f]{40}$/),
);
const query = fc
  .record(
    {
      signature: value,
      msg_signature: value,
      timestamp: value,
      nonce: value,
      echostr: value,
      encrypt_type: fc.constantFrom('aes', 'raw', ''),
    },
    { requiredKeys: [] },
  )
  .map((q) => new URLSearchParams(q as Record<string, string>).toString());

describe('/wx/events under arbitrary input', () => {
  it('answers any query and body with a 2xx or 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('wecom', 'oa'),
        fc.constantFrom('GET', 'POST'),
        query,
        body,
        async (platform, method, search, text) => {
          const reply = await servers[platform as 'wecom' | 'oa'].handle(call(method, search, text));
          expect(reply?.status, `${reply?.status} ${reply?.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('answers correctly signed garbage (past every signature check) with a 4xx, never a 500', async () => {
    const crypto = createCallbackCrypto({ token: TOKEN, encodingAESKey: AES, receiveId: 'wx01' });
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (plaintext, encrypt) => {
        const nonce = '42';
        const signature = callbackSignature([TOKEN, TS, nonce]);
        let search = `signature=${signature}&timestamp=${TS}&nonce=${nonce}`;
        let text = plaintext;
        if (encrypt) {
          const sealed = crypto.encrypt(plaintext, { timestamp: TS, nonce });
          search += `&encrypt_type=aes&msg_signature=${sealed.msgSignature}`;
          text = buildXml({ ToUserName: 'gh_x', Encrypt: sealed.encrypt });
        }
        const reply = await servers.oa.handle(call('POST', search, text));
        expect(reply?.status, `${reply?.status} ${reply?.body}`).toBeLessThan(500);
      }),
      { numRuns: 800 },
    );
  });
});
