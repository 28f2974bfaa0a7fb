import { DEMO_OA, oaPush, oaSaveServer, startRecorder } from '@wxkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { emulator, get, post } from './helpers.js';

const TEMPLATE = 'wxkitSurveyResult00000000000000000000000000';
const opened: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

async function account() {
  const emu = await emulator();
  const app = await startRecorder();
  opened.push(app.close, () => emu.close());
  expect(await oaSaveServer(emu.fetch, { url: app.url, token: 'FollowToken1' })).toMatchObject({ ok: true });
  const token = String(
    (
      await get(
        emu,
        `/cgi-bin/token?grant_type=client_credential&appid=${DEMO_OA.appId}&secret=${DEMO_OA.appSecret}`,
      )
    )['access_token'],
  );
  return { emu, token };
}

const subscribed = async (emu: Emulator, token: string, openid: string) =>
  (await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=${openid}`))['subscribe'];
const template = (emu: Emulator, token: string, openid: string) =>
  post(emu, `/cgi-bin/message/template/send?access_token=${token}`, {
    touser: openid,
    template_id: TEMPLATE,
    data: {},
  });

describe('the follow state of an Official Account has one home', () => {
  it('an unsubscribe pushed through /_emulator/oa/events unfollows for user/info, template messages and the window', async () => {
    const { emu, token } = await account();
    expect(await subscribed(emu, token, 'o-xiaoming')).toBe(1);
    await oaPush(emu.fetch, { type: 'unsubscribe', openid: 'o-xiaoming' });
    expect(await subscribed(emu, token, 'o-xiaoming')).toBe(0);
    expect((await template(emu, token, 'o-xiaoming'))['errcode']).toBe(43004);
    const custom = await post(emu, `/cgi-bin/message/custom/send?access_token=${token}`, {
      touser: 'o-xiaoming',
      msgtype: 'text',
      text: { content: '在吗' },
    });
    expect(custom['errcode']).toBe(45015);
  });

  it('a subscribe pushed again follows again, for every reader', async () => {
    const { emu, token } = await account();
    await oaPush(emu.fetch, { type: 'unsubscribe', openid: 'o-xiaoming' });
    await oaPush(emu.fetch, { type: 'subscribe', openid: 'o-xiaoming' });
    expect(await subscribed(emu, token, 'o-xiaoming')).toBe(1);
    expect((await template(emu, token, 'o-xiaoming'))['errcode']).not.toBe(43004);
  });

  it('the scan and unfollow actions and the pushes agree (a follow by QR, an unfollow, a follow by push)', async () => {
    const { emu, token } = await account();
    const code = await post(emu, `/cgi-bin/qrcode/create?access_token=${token}`, {
      action_name: 'QR_LIMIT_SCENE',
      action_info: { scene: { scene_id: 7 } },
    });
    expect(
      await post(emu, '/_emulator/oa/scan', { ticket: code['ticket'], openid: 'o-scanner' }),
    ).toMatchObject({
      pushed: 'subscribe',
    });
    expect(await subscribed(emu, token, 'o-scanner')).toBe(1);
    expect(await post(emu, '/_emulator/oa/unfollow', { openid: 'o-scanner' })).toMatchObject({
      pushed: 'unsubscribe',
    });
    expect((await template(emu, token, 'o-scanner'))['errcode']).toBe(43004);
    await oaPush(emu.fetch, { type: 'subscribe', openid: 'o-scanner' });
    expect(
      await post(emu, '/_emulator/oa/scan', { ticket: code['ticket'], openid: 'o-scanner' }),
    ).toMatchObject({
      pushed: 'SCAN',
    });
  });
});
