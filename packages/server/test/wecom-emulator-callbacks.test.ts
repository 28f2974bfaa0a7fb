import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWeCom, silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed } from '@wxkit/emulator';
import { DEMO_CALLBACK, DEMO_WECOM } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../src/adapters/node.js';
import { createWxServer, type WxEvent } from '../src/index.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('WeCom callbacks from the emulator, nested payloads included', () => {
  it('delivers scancode, picture, location_select, LOCATION and rapid text messages with their typed fields', async () => {
    const seed = defaultSeed();
    const emu = await createEmulator({ seed });
    const wx = createWxServer({
      wecom: createWeCom({
        corpId: DEMO_WECOM.corpId,
        corpSecret: DEMO_WECOM.corpSecret,
        agentId: 1000002,
        fetch: emu.fetch,
        env: {},
        logger: silentLogger,
      }),
      session: { secret: 'a-test-secret-that-is-long-enough-0123' },
      callback: DEMO_CALLBACK,
      clock: emu.now,
      logger: silentLogger,
    });
    const events: WxEvent[] = [];
    wx.on('*', (e) => void events.push(e));
    const server = createServer(toNodeListener(wx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
    const corp = seed.wecom[0];
    const app = corp?.apps[0];
    await emu.fetch('/_emulator/state', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        seed: { ...seed, wecom: [{ ...corp, apps: [{ ...app, callback: { ...DEMO_CALLBACK, url } }] }] },
      }),
    });
    const fire = async (body: Record<string, unknown>) =>
      (
        await emu.fetch('/_emulator/events', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json() as Promise<{ status: number }>;

    const fired = [
      await fire({ type: 'scancode_waitmsg', key: 'scan', scanResult: 'https://example.com/q?id=1&x=2' }),
      await fire({ type: 'pic_photo_or_album', key: 'pics', pics: ['m1', 'm2', 'm3'] }),
      await fire({ type: 'location_select', key: 'where', label: '广州塔', poiname: '' }),
      await fire({ type: 'LOCATION', latitude: 23.1, longitude: 113.3, precision: 30 }),
      await fire({ type: 'text', content: 'one' }),
      await fire({ type: 'text', content: 'two' }),
    ];
    expect(fired.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(events.map((e) => e.type)).toEqual([
      'scancode_waitmsg',
      'pic_photo_or_album',
      'location_select',
      'location',
      'text',
      'text',
    ]);
    expect(events[0]?.scanCodeInfo).toEqual({
      scanType: 'qrcode',
      scanResult: 'https://example.com/q?id=1&x=2',
    });
    expect(events[1]?.sendPicsInfo?.picList.map((p) => p.picMd5Sum)).toEqual(['m1', 'm2', 'm3']);
    expect(events[2]?.sendLocationInfo).toMatchObject({ label: '广州塔', scale: 15 });
    expect(events[3]?.location).toEqual({ latitude: 23.1, longitude: 113.3, precision: 30 });
    expect(events.slice(4).map((e) => e.content)).toEqual(['one', 'two']);
  });
});
