import { buildXml, createMemoryStore, createWeCom, type Store, silentLogger } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

type H = Awaited<ReturnType<typeof harness>>;

/**
 * A WeCom delivery as the platform sends it; `nonce` differs per retry as nothing says it stays the same. `seconds`
 * pins CreateTime, for one message delivered to several instances (each harness has its own clock).
 */
function delivery(
  h: H,
  fields: Record<string, unknown>,
  nonce: string,
  seconds = Math.floor(h.emu.now() / 1000),
) {
  const at = String(seconds);
  const xml = buildXml({
    ToUserName: DEMO_WECOM.corpId,
    FromUserName: 'zhangsan',
    CreateTime: Number(at),
    AgentID: 1000002,
    ...(fields as Record<string, string>),
  });
  const { encrypt, msgSignature } = h.crypto.encrypt(xml, { timestamp: at, nonce });
  return h.app(`/wx/events?msg_signature=${msgSignature}&timestamp=${at}&nonce=${nonce}`, {
    method: 'POST',
    body: buildXml({ ToUserName: DEMO_WECOM.corpId, AgentID: '1000002', Encrypt: encrypt }),
  });
}
const CLICK = { MsgType: 'event', Event: 'click', EventKey: 'RESULTS' };

describe('a callback is never lost', () => {
  it('answers 500 when the handler throws, and handles the retry exactly once', async () => {
    const h = await harness();
    let calls = 0;
    h.wx.on('click', () => {
      calls++;
      if (calls === 1) throw new Error('database down');
      return 'ok';
    });
    const first = await delivery(h, CLICK, 'r1');
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ error: { code: 'handler_failed' } });
    // The retry may repeat the query (same nonce) or not: either way it runs.
    const retry = await delivery(h, CLICK, 'r1');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('x-wxkit-duplicate')).toBeNull();
    const again = await delivery(h, CLICK, 'r3');
    expect(again.headers.get('x-wxkit-duplicate')).toBe('1');
    expect(calls).toBe(2);
  });

  it('acknowledges a replay after success as a duplicate without running the handler again', async () => {
    const h = await harness();
    let calls = 0;
    h.wx.on('text', () => {
      calls++;
    });
    const text = { MsgType: 'text', Content: 'hi', MsgId: '4561255354251345929' };
    expect((await delivery(h, text, 'a1')).headers.get('x-wxkit-duplicate')).toBeNull();
    const replay = await delivery(h, text, 'a2');
    expect(replay.status).toBe(200);
    expect(replay.headers.get('x-wxkit-duplicate')).toBe('1');
    expect(calls).toBe(1);
  });

  it('runs the handler once for two deliveries of one message at the same time, and asks the second to retry', async () => {
    const h = await harness();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    h.wx.on('click', async () => {
      calls++;
      await gate;
    });
    const first = delivery(h, CLICK, 'c1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await delivery(h, CLICK, 'c2');
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('5');
    release();
    expect((await first).status).toBe(200);
    expect((await delivery(h, CLICK, 'c3')).headers.get('x-wxkit-duplicate')).toBe('1');
    expect(calls).toBe(1);
  });

  it('frees the claim of a failed delivery at once, so a retry arriving right after runs', async () => {
    const h = await harness();
    const outcomes: string[] = [];
    h.wx.on('click', () => {
      outcomes.push(outcomes.length === 0 ? 'fail' : 'ok');
      if (outcomes.length === 1) throw new Error('once');
    });
    expect((await delivery(h, CLICK, 'f1')).status).toBe(500);
    expect((await delivery(h, CLICK, 'f2')).status).toBe(200);
    expect(outcomes).toEqual(['fail', 'ok']);
  });

  it('does not merge two different events of one sender in the same second (approval changes all come from sys)', async () => {
    const h = await harness();
    const numbers: string[] = [];
    h.wx.on('sys_approval_change', (e) => {
      const info = e.xml.children.find((c) => c.name === 'ApprovalInfo');
      numbers.push(info?.children.find((c) => c.name === 'SpNo')?.text ?? '');
    });
    const approval = (spNo: string) => ({
      FromUserName: 'sys',
      MsgType: 'event',
      Event: 'sys_approval_change',
      ApprovalInfo: { SpNo: spNo, SpStatus: 2 },
    });
    await delivery(h, approval('202401010001'), 'p1');
    await delivery(h, approval('202401010002'), 'p2');
    await delivery(h, approval('202401010001'), 'p3');
    expect(numbers).toEqual(['202401010001', '202401010002']);
  });

  it('shares handled messages between instances of one app on one store, and keeps other apps apart', async () => {
    const store: Store = createMemoryStore();
    const instance = await harness({ store });
    const sameApp = await harness({ store });
    const otherApp = await harness({
      store,
      wecom: createWeCom({
        corpId: DEMO_WECOM.corpId,
        corpSecret: 'other-secret-0123456789abcdefghijklmnopq',
        agentId: 1000003,
        env: {},
        logger: silentLogger,
      }),
    });
    const calls: string[] = [];
    instance.wx.on('click', () => void calls.push('instance'));
    sameApp.wx.on('click', () => void calls.push('same app'));
    otherApp.wx.on('click', () => void calls.push('other app'));
    // The same message reaches every instance: one CreateTime, even if the harnesses' clocks straddle a second.
    const sent = Math.floor(instance.emu.now() / 1000);
    await delivery(instance, CLICK, 's1', sent);
    expect((await delivery(sameApp, CLICK, 's2', sent)).headers.get('x-wxkit-duplicate')).toBe('1');
    expect((await delivery(otherApp, CLICK, 's3', sent)).headers.get('x-wxkit-duplicate')).toBeNull();
    expect(calls).toEqual(['instance', 'other app']);
  });

  it('types the nested WeCom payloads: ScanCodeInfo, every picture of SendPicsInfo, SendLocationInfo', async () => {
    const h = await harness();
    const seen: unknown[] = [];
    h.wx.on('*', (e) => void seen.push(e.scanCodeInfo ?? e.sendPicsInfo ?? e.sendLocationInfo));
    await delivery(
      h,
      {
        MsgType: 'event',
        Event: 'scancode_waitmsg',
        EventKey: 's',
        ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'R' },
      },
      'n1',
    );
    await delivery(
      h,
      {
        MsgType: 'event',
        Event: 'pic_weixin',
        EventKey: 'p',
        SendPicsInfo: { Count: 2, PicList: { item: [{ PicMd5Sum: 'm1' }, { PicMd5Sum: 'm2' }] } },
      },
      'n2',
    );
    await delivery(
      h,
      {
        MsgType: 'event',
        Event: 'location_select',
        EventKey: 'l',
        SendLocationInfo: { Location_X: '23', Location_Y: '113', Scale: '15', Label: '广州', Poiname: '' },
      },
      'n3',
    );
    expect(seen).toEqual([
      { scanType: 'qrcode', scanResult: 'R' },
      { count: 2, picList: [{ picMd5Sum: 'm1' }, { picMd5Sum: 'm2' }] },
      { locationX: 23, locationY: 113, scale: 15, label: '广州', poiname: '' },
    ]);
  });
});
