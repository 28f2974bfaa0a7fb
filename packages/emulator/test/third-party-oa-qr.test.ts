import { describe, expect, it } from 'vitest';
import { coWechatApi, withEmulator } from './sdks.js';

describe('co-wechat-api QR codes and followers against the emulator, unchanged', () => {
  it('createTmpQRCode / createLimitQRCode / showQRCodeURL, then a scan, then getUser shows the scene', () =>
    withEmulator(async (emulator) => {
      const api = coWechatApi(emulator);
      const tmp = await api.createTmpQRCode(10_000, 1800);
      expect(tmp).toMatchObject({
        ticket: expect.any(String),
        expire_seconds: 1800,
        url: expect.any(String),
      });
      const str = await api.createTmpQRCode('survey', 600);
      expect(str.expire_seconds).toBe(600);
      const forever = await api.createLimitQRCode(100);
      expect(forever.expire_seconds).toBeUndefined();
      // showQRCodeURL does not URL-encode the ticket: fine for tickets without "+", as here (a "+" would arrive
      // as a space and answer 404).
      const plain = [tmp, str, forever].find((q) => !q.ticket.includes('+'));
      if (plain) {
        const image = await fetch(api.showQRCodeURL(plain.ticket));
        expect(image.status).toBe(200);
        expect(image.headers.get('content-type')).toBe('image/jpeg');
      }
      await expect(api.createLimitQRCode(100_001)).rejects.toMatchObject({ code: 40053 });

      const scan = (await (
        await fetch(`${emulator.url}/_emulator/oa/scan`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ticket: str.ticket, openid: 'o-cowechat' }),
        })
      ).json()) as { pushed: string };
      expect(scan.pushed).toBe('subscribe');
      expect(await api.getUser('o-cowechat')).toMatchObject({
        subscribe: 1,
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene_str: 'survey',
      });
      const batch = await api.batchGetUsers(['o-xiaoming', 'o-cowechat']);
      expect(batch.user_info_list.map((u) => u.openid)).toEqual(['o-xiaoming', 'o-cowechat']);
      await expect(api.getUser('o-nobody')).rejects.toMatchObject({ code: 40003 });
    }));
});
