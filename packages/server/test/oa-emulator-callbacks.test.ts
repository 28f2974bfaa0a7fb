import { parseXml } from '@wxkit/core';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { describe, expect, it } from 'vitest';
import type { CallbackOptions } from '../src/index.js';
import { controlOf, oaCallbackApp } from './callback-app.js';

const TOKEN = 'MpConsoleToken7';
const AES = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';

/** An Official Account app on a real port, its events recorded, answering CLICK with a passive reply. */
async function oaApp(emu: Emulator, callback: CallbackOptions) {
  const app = await oaCallbackApp(emu, callback, { save: false });
  app.wx.on('click', (e) => `菜单 ${e.key}`);
  return { url: app.url, events: app.events };
}

const control = (emu: Emulator, path: string, body: unknown) => controlOf(emu)(path, body);

describe('Official Account callbacks from the emulator to @wxkit/server', () => {
  for (const mode of ['plaintext', 'safe'] as const) {
    it(`saves the server URL as the MP console does and receives subscribe, SCAN and CLICK (${mode} mode)`, async () => {
      const emu = await createEmulator();
      const callback: CallbackOptions =
        mode === 'plaintext' ? { token: TOKEN } : { token: TOKEN, encodingAESKey: AES, mode };
      const app = await oaApp(emu, callback);
      const saved = await control(emu, '/_emulator/oa/callback', {
        url: app.url,
        token: TOKEN,
        ...(mode === 'safe' ? { encodingAESKey: AES } : {}),
        mode,
      });
      expect(saved).toMatchObject({ ok: true, status: 200, mode });

      const subscribe = await control(emu, '/_emulator/oa/events', {
        type: 'subscribe',
        scene: 'spring',
        openid: 'o-xiaohong',
      });
      const scan = await control(emu, '/_emulator/oa/events', {
        type: 'SCAN',
        scene: '42',
        openid: 'o-xiaohong',
      });
      const click = await control(emu, '/_emulator/oa/events', {
        type: 'CLICK',
        key: 'V1001_TODAY',
        openid: 'o-xiaohong',
      });
      expect([subscribe, scan, click].map((r) => r['status'])).toEqual([200, 200, 200]);
      expect(app.events.map((e) => [e.type, e.from, e.scene ?? e.key])).toEqual([
        ['subscribe', 'o-xiaohong', 'spring'],
        ['scan', 'o-xiaohong', '42'],
        ['click', 'o-xiaohong', 'V1001_TODAY'],
      ]);
      expect(app.events[0]?.ticket).toMatch(/^gQ/);
      // The passive reply, read back (and decrypted in safe mode) by the emulator.
      expect(parseXml(String(click['reply']))).toMatchObject({
        ToUserName: 'o-xiaohong',
        MsgType: 'text',
        Content: '菜单 V1001_TODAY',
      });
      if (mode === 'safe') expect(String(click['response'])).toContain('<Encrypt>');
    });
  }

  it('refuses to save a URL whose server has another token, as the console says Token验证失败', async () => {
    const emu = await createEmulator();
    const app = await oaApp(emu, { token: 'SomeOtherToken' });
    const saved = await control(emu, '/_emulator/oa/callback', { url: app.url, token: TOKEN });
    expect(saved).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/Token验证失败/) });
    expect(await control(emu, '/_emulator/oa/events', { type: 'CLICK', key: 'K' })).toMatchObject({
      error: { message: expect.stringMatching(/no server URL saved/) },
    });
  });

  it('reaches a compatible-mode server in compatible mode and in plaintext', async () => {
    const emu = await createEmulator();
    const app = await oaApp(emu, { token: TOKEN, encodingAESKey: AES, mode: 'compatible' });
    await control(emu, '/_emulator/oa/callback', {
      url: app.url,
      token: TOKEN,
      encodingAESKey: AES,
      mode: 'compatible',
    });
    const compat = await control(emu, '/_emulator/oa/events', { type: 'VIEW', key: 'https://example.com/a' });
    const plain = await control(emu, '/_emulator/oa/events', {
      type: 'text',
      content: '你好',
      mode: 'plaintext',
    });
    expect([compat['status'], plain['status']]).toEqual([200, 200]);
    expect(app.events.map((e) => [e.type, e.key ?? e.content])).toEqual([
      ['view', 'https://example.com/a'],
      ['text', '你好'],
    ]);
  });
});
