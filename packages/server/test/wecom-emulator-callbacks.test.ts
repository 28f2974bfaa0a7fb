import { describe, expect, it } from 'vitest';
import type { WxEvent } from '../src/index.js';
import { weComCallbackApp } from './callback-app.js';

describe('WeCom callbacks from the emulator, nested payloads included', () => {
  it('delivers scancode, picture, location_select, LOCATION and rapid text messages with their typed fields', async () => {
    const { wx, control } = await weComCallbackApp();
    const events: WxEvent[] = [];
    wx.on('*', (e) => void events.push(e));
    const fire = (body: Record<string, unknown>) => control<{ status: number }>('/_emulator/events', body);

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
