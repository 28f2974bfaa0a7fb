import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOfficialAccount, WxConfigError } from '../src/index.js';
import { fakeOfficialAccount, oaOptions } from './helpers/fake-platform.js';

function fakeOa() {
  return fakeOfficialAccount({
    '/cgi-bin/qrcode/create': (_url, body) => ({
      ticket: 'gQH47joAAAAAAAAAASxod/HR0c+==',
      url: 'http://weixin.qq.com/q/kZgfwMTm72WWPkovabbI',
      ...((body as { expire_seconds?: number }).expire_seconds
        ? { expire_seconds: (body as { expire_seconds: number }).expire_seconds }
        : {}),
    }),
  });
}

const make = (platform: ReturnType<typeof fakeOa>, extra: Record<string, unknown> = {}) =>
  createOfficialAccount(oaOptions(platform, extra));

describe('oa.qrcode.create', () => {
  it('sends QR_SCENE / QR_STR_SCENE with expire_seconds (default 60) for temporary codes', async () => {
    const platform = fakeOa();
    const oa = make(platform);
    const tmp = await oa.qrcode.create({ scene: 42 });
    expect(platform.bodies[1]).toEqual({
      expire_seconds: 60,
      action_name: 'QR_SCENE',
      action_info: { scene: { scene_id: 42 } },
    });
    expect(tmp.expire_seconds).toBe(60);
    await oa.qrcode.create({ scene: 'survey-7', expireSeconds: 2_592_000 });
    expect(platform.bodies[2]).toEqual({
      expire_seconds: 2_592_000,
      action_name: 'QR_STR_SCENE',
      action_info: { scene: { scene_str: 'survey-7' } },
    });
  });

  it('sends QR_LIMIT_SCENE / QR_LIMIT_STR_SCENE without expire_seconds for permanent codes', async () => {
    const platform = fakeOa();
    const oa = make(platform);
    const code = await oa.qrcode.create({ permanent: true, scene: 100_000 });
    expect(platform.bodies[1]).toEqual({
      action_name: 'QR_LIMIT_SCENE',
      action_info: { scene: { scene_id: 100_000 } },
    });
    expect(code.expire_seconds).toBeUndefined();
    await oa.qrcode.create({ permanent: true, scene: 'poster' });
    expect(platform.bodies[2]).toEqual({
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: 'poster' } },
    });
  });

  it('refuses out-of-range scenes and lifetimes before calling the platform', async () => {
    const platform = fakeOa();
    const oa = make(platform);
    const bad: unknown[] = [
      { permanent: true, scene: 100_001 },
      { permanent: true, scene: 0 },
      { scene: 0 },
      { scene: 1.5 },
      { scene: 4_294_967_296 },
      { scene: '' },
      { scene: 'x'.repeat(65) },
      { scene: 1, expireSeconds: 2_592_001 },
      { scene: 1, expireSeconds: 0 },
      { permanent: true, scene: 1, expireSeconds: 60 },
      { scene: null },
    ];
    for (const request of bad) {
      await expect(oa.qrcode.create(request as never), JSON.stringify(request)).rejects.toBeInstanceOf(
        WxConfigError,
      );
    }
    expect(platform.count('/cgi-bin/qrcode/create')).toBe(0);
  });

  it('accepts every valid string scene and lifetime, and sends them unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.integer({ min: 1, max: 2_592_000 }),
        async (scene, expireSeconds) => {
          const platform = fakeOa();
          await make(platform).qrcode.create({ scene, expireSeconds });
          expect(platform.bodies[1]).toEqual({
            expire_seconds: expireSeconds,
            action_name: 'QR_STR_SCENE',
            action_info: { scene: { scene_str: scene } },
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('builds the showqrcode URL with the ticket URL-encoded, on the api host under the emulator', () => {
    const platform = fakeOa();
    expect(make(platform).qrcode.imageUrl('a+b/c==')).toBe(
      'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=a%2Bb%2Fc%3D%3D',
    );
    const local = make(platform, { hosts: { api: 'http://127.0.0.1:9999' } });
    expect(local.qrcode.imageUrl('T')).toBe('http://127.0.0.1:9999/cgi-bin/showqrcode?ticket=T');
    expect(() => local.qrcode.imageUrl('')).toThrow(WxConfigError);
  });
});
