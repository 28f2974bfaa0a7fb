import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOfficialAccount, parseXml, silentLogger } from '@wxkit/core';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_OA } from '@wxkit/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../src/adapters/node.js';
import { createWxServer, type WxEvent } from '../src/index.js';

const TOKEN = 'MpConsoleToken7';
const AES = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const control = async (emu: Emulator, path: string, body: unknown) =>
  (await (
    await emu.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as Record<string, unknown>;

/** The survey's OA edition in miniature: a follow through the QR code answers with the survey link. */
async function surveyApp(emu: Emulator, safe: boolean) {
  const officialAccount = createOfficialAccount({
    appId: 'wx0123456789abcdef',
    appSecret: DEMO_OA.appSecret,
    fetch: emu.fetch,
    env: { WXKIT_EMULATOR_HOST: 'emulator.local' },
    logger: silentLogger,
  });
  const wx = createWxServer({
    officialAccount,
    session: { secret: 'oa-test-secret-0123456789abcdefghijkl' },
    callback: safe ? { token: TOKEN, encodingAESKey: AES, mode: 'safe' } : { token: TOKEN },
    clock: emu.now,
    logger: silentLogger,
  });
  const events: WxEvent[] = [];
  wx.on('*', (e) => void events.push(e));
  wx.on('subscribe', (e) => `欢迎！问卷: http://localhost:3000/survey?scene=${e.scene}`);
  wx.on('scan', (e) => `又见面了，问卷 ${e.scene}`);
  const server = createServer(toNodeListener(wx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
  expect(
    await control(emu, '/_emulator/oa/callback', {
      url,
      token: TOKEN,
      ...(safe ? { encodingAESKey: AES, mode: 'safe' } : {}),
    }),
  ).toMatchObject({ ok: true });
  return { officialAccount, events };
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
