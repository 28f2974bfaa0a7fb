import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';
import { OA, OA_SECRET } from './helpers.js';

const require = createRequire(import.meta.url);

// co-wechat-api (node-webot) QR and follower calls, pointed at the emulator by `prefix` / `mpPrefix` only.
interface QrAnswer {
  ticket: string;
  expire_seconds?: number;
  url: string;
}
interface CoWechatQr {
  prefix: string;
  mpPrefix: string;
  createTmpQRCode(scene: number | string, expire: number): Promise<QrAnswer>;
  createLimitQRCode(scene: number): Promise<QrAnswer>;
  showQRCodeURL(ticket: string): string;
  getUser(openid: string | { openid: string; lang: string }): Promise<Record<string, unknown>>;
  batchGetUsers(openids: string[]): Promise<{ user_info_list: { openid: string }[] }>;
}
const WechatAPI = require('co-wechat-api') as new (appId: string, secret: string) => CoWechatQr;

async function withEmulator(test: (emulator: Emulator) => Promise<void>) {
  const emulator = await createEmulator({ port: 0 });
  try {
    await test(emulator);
  } finally {
    await emulator.close();
  }
}

describe('co-wechat-api QR codes and followers against the emulator, unchanged', () => {
  it('createTmpQRCode / createLimitQRCode / showQRCodeURL, then a scan, then getUser shows the scene', () =>
    withEmulator(async (emulator) => {
      const api = new WechatAPI(OA, OA_SECRET);
      api.prefix = `${emulator.url}/cgi-bin/`;
      api.mpPrefix = `${emulator.url}/cgi-bin/`;
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
        expect(image.headers.get('content-type')).toBe('image/png');
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
