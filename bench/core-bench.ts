import { createDecipheriv, createHash } from 'node:crypto';
import {
  createCallbackCrypto,
  createMemoryStore,
  createWeCom,
  jsapiSignature,
  type Store,
  silentLogger,
} from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { compare, fmt } from './measure.js';

const emu = await createEmulator();
const wecom = (store?: Store) =>
  createWeCom({
    ...(store ? { store } : {}),
    corpId: 'ww0123456789abcdef',
    corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
    agentId: 1000002,
    fetch: emu.fetch,
    env: {},
    logger: silentLogger,
  });

// 1. Upstream calls for 100 concurrent cold signature requests.
const cold = wecom();
await Promise.all(
  Array.from({ length: 100 }, () => cold.jssdk.config({ url: 'http://localhost:3000/survey' })),
);
const stats = (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
console.log(
  `cold: 100 concurrent signature requests -> ${stats.calls['/cgi-bin/gettoken']} token + ${stats.calls['/cgi-bin/get_jsapi_ticket']} ticket upstream calls (target 1 + 1)`,
);

// 1b. The same across 4 clients sharing one store with a lock (as 4 processes sharing Redis), agentConfig.
await emu.reset();
const shared = createMemoryStore();
const processes = Array.from({ length: 4 }, () => wecom(shared));
await Promise.all(
  Array.from({ length: 100 }, (_, i) =>
    processes[i % 4]?.jssdk.agentConfig({ url: 'http://localhost:3000/survey' }),
  ),
);
const sharedStats = (await (await emu.fetch('/_emulator/stats')).json()) as { calls: Record<string, number> };
console.log(
  `cold: 100 agentConfig over 4 clients on one store -> ${sharedStats.calls['/cgi-bin/gettoken']} token + ${sharedStats.calls['/cgi-bin/ticket/get']} agent ticket upstream calls (target 1 + 1)`,
);

// 2. Warm signatures against a bare sha1 of the same string.
const url = 'http://localhost:3000/survey?id=1';
const ticket = await cold.getJsapiTicket();
const string1 = jsapiSignature({ ticket, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url }).string1;
const sign = await compare({
  bareSha1: () => createHash('sha1').update(string1).digest('hex'),
  jsapiSignature: () => jsapiSignature({ ticket, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457, url }),
  warmConfig: () => cold.jssdk.configSignature(url),
});
console.log(
  `warm: jsapiSignature ${fmt(sign['jsapiSignature'] ?? 0)}/s vs bare sha1 ${fmt(sign['bareSha1'] ?? 0)}/s = ${((sign['jsapiSignature'] ?? 0) / (sign['bareSha1'] ?? 1)).toFixed(2)} (target >= 0.9); ` +
    `full warm config (cache read, nonce, sign) ${fmt(sign['warmConfig'] ?? 0)}/s = ${((sign['warmConfig'] ?? 0) / (sign['bareSha1'] ?? 1)).toFixed(2)}`,
);

// 3. Callback decrypt against a hand-written AES + sha1 with no checks.
const options = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const crypto = createCallbackCrypto(options);
const message = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Content><![CDATA[${'hello '.repeat(20)}]]></Content></xml>`;
const { encrypt, msgSignature } = crypto.encrypt(message, { timestamp: '1409659813', nonce: '1372623149' });
const key = Buffer.from(`${options.encodingAESKey}=`, 'base64');
const handWritten = () => {
  const sig = createHash('sha1')
    .update([options.token, '1409659813', '1372623149', encrypt].sort().join(''))
    .digest('hex');
  if (sig !== msgSignature) throw new Error('sig');
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([d.update(Buffer.from(encrypt, 'base64')), d.final()]);
  const len = plain.readUInt32BE(16);
  return plain.subarray(20, 20 + len).toString('utf8');
};
const dec = await compare({
  handWritten,
  wxkit: () => crypto.decrypt({ msgSignature, timestamp: '1409659813', nonce: '1372623149', encrypt }),
});
console.log(
  `decrypt: wxkit ${fmt(dec['wxkit'] ?? 0)}/s vs hand-written AES+sha1 ${fmt(dec['handWritten'] ?? 0)}/s = ${((dec['wxkit'] ?? 0) / (dec['handWritten'] ?? 1)).toFixed(2)} (target >= 0.95)`,
);
await emu.close();
