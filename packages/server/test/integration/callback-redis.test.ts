import { randomBytes } from 'node:crypto';
import { buildXml, silentLogger } from '@wxkit/core';
import { createRedisStore, type RedisStore } from '@wxkit/redis';
import { DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { harness } from '../helpers.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const stores: RedisStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
});
/** Two connections on one unique prefix: two processes of one app, as far as the store can tell. */
const instances = async () => {
  const prefix = `wxkit-test:callbacks:${randomBytes(6).toString('hex')}:`;
  const open = () => createRedisStore({ url: REDIS_URL, prefix, logger: silentLogger, pollMs: 10 });
  const a = open();
  const b = open();
  stores.push(a, b);
  return Promise.all([harness({ store: a }), harness({ store: b })]);
};

function delivery(h: Awaited<ReturnType<typeof harness>>, nonce: string, msgId: string) {
  const at = String(Math.floor(h.emu.now() / 1000));
  const xml = buildXml({
    ToUserName: DEMO_WECOM.corpId,
    FromUserName: 'lisi',
    CreateTime: Number(at),
    MsgType: 'text',
    Content: 'hello',
    MsgId: msgId,
    AgentID: 1000002,
  });
  const { encrypt, msgSignature } = h.crypto.encrypt(xml, { timestamp: at, nonce });
  return h.app(`/wx/events?msg_signature=${msgSignature}&timestamp=${at}&nonce=${nonce}`, {
    method: 'POST',
    body: buildXml({ ToUserName: DEMO_WECOM.corpId, AgentID: '1000002', Encrypt: encrypt }),
  });
}

describe('callbacks across processes sharing Redis', () => {
  it('runs the handler once when two instances get the same message at once', async () => {
    const [one, two] = await instances();
    let calls = 0;
    for (const h of [one, two])
      h.wx.on('text', async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
    const msgId = String(Date.now());
    const answers = await Promise.all([delivery(one, 'x1', msgId), delivery(two, 'x2', msgId)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 503]);
    expect(calls).toBe(1);
    const later = await delivery(two, 'x3', msgId);
    expect(later.headers.get('x-wxkit-duplicate')).toBe('1');
    expect(calls).toBe(1);
  });

  it('lets the other instance run the retry after a handler failed on the first', async () => {
    const [one, two] = await instances();
    const ran: string[] = [];
    one.wx.on('text', () => {
      ran.push('one');
      throw new Error('disk full');
    });
    two.wx.on('text', () => void ran.push('two'));
    const msgId = String(Date.now() + 1);
    expect((await delivery(one, 'y1', msgId)).status).toBe(500);
    expect((await delivery(two, 'y2', msgId)).status).toBe(200);
    expect((await delivery(one, 'y3', msgId)).headers.get('x-wxkit-duplicate')).toBe('1');
    expect(ran).toEqual(['one', 'two']);
  });
});
