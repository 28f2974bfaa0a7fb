import { parseXml } from '@wxkit/core';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { describe, expect, it } from 'vitest';
import { controlOf, oaCallbackApp } from './callback-app.js';

const TOKEN = 'MpConsoleToken7';
const AES = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';

const control = (emu: Emulator, path: string, body: unknown) => controlOf(emu)(path, body);

/** The survey's OA edition in miniature: a follow through the QR code answers with the survey link. */
async function surveyApp(emu: Emulator, safe: boolean) {
  const app = await oaCallbackApp(
    emu,
    safe ? { token: TOKEN, encodingAESKey: AES, mode: 'safe' } : { token: TOKEN },
  );
  app.wx.on('subscribe', (e) => `欢迎！问卷: http://localhost:3000/survey?scene=${e.scene}`);
  app.wx.on('scan', (e) => `又见面了，问卷 ${e.scene}`);
  return { officialAccount: app.officialAccount, events: app.events };
}

describe('a parametric QR code scanned in the emulator reaches @wxkit/server', () => {
  for (const safe of [false, true]) {
    it(`a new user's scan is subscribe with the scene, the reply comes back, a second scan is SCAN (${safe ? 'safe' : 'plaintext'} mode)`, async () => {
      const emu = await createEmulator();
      const { officialAccount, events } = await surveyApp(emu, safe);
      const code = await officialAccount.qrcode.create({ scene: 'survey-7', expireSeconds: 600 });
      const first = await control(emu, '/_emulator/oa/scan', { ticket: code.ticket, openid: 'o-visitor' });
      expect(first).toMatchObject({ pushed: 'subscribe', openid: 'o-visitor', status: 200 });
      expect(events[0]).toMatchObject({
        type: 'subscribe',
        from: 'o-visitor',
        scene: 'survey-7',
        ticket: code.ticket,
      });
      expect(parseXml(String(first['reply']))).toMatchObject({
        ToUserName: 'o-visitor',
        MsgType: 'text',
        Content: '欢迎！问卷: http://localhost:3000/survey?scene=survey-7',
      });
      const second = await control(emu, '/_emulator/oa/scan', { ticket: code.ticket, openid: 'o-visitor' });
      expect(second).toMatchObject({ pushed: 'SCAN' });
      expect(events[1]).toMatchObject({ type: 'scan', scene: 'survey-7' });
      expect(parseXml(String(second['reply']))['Content']).toBe('又见面了，问卷 survey-7');
      // The follow is on record for user/info.
      expect(await officialAccount.users.info('o-visitor')).toMatchObject({
        subscribe: 1,
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene_str: 'survey-7',
      });
    });
  }

  it('an integer scene arrives as qrscene_<id> and event.scene is the id', async () => {
    const emu = await createEmulator();
    const { officialAccount, events } = await surveyApp(emu, false);
    const code = await officialAccount.qrcode.create({ permanent: true, scene: 42 });
    await control(emu, '/_emulator/oa/scan', { ticket: code.ticket, openid: 'o-forty-two' });
    expect(events[0]).toMatchObject({ type: 'subscribe', key: 'qrscene_42', scene: '42' });
    expect((await officialAccount.users.info('o-forty-two')).qr_scene).toBe(42);
  });
});
