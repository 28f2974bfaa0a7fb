import { createEmulator, type Emulator } from '@wxkit/emulator';
import { DEMO_OA } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficialAccount, explain, isWxApiError, silentLogger, WxConfigError } from '../src/index.js';
import { buildQrCodeBody, type OaQrCodeRequest } from '../src/oa/qrcode.js';
import { parseQrBody } from '../src/rules/index.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await createEmulator({ clock: () => 1_700_000_000_000 });
});
afterAll(async () => {
  await emu.close();
});

function client(fetchFn: typeof fetch = emu.fetch) {
  const calls: string[] = [];
  const oa = createOfficialAccount({
    appId: 'wx0123456789abcdef',
    appSecret: DEMO_OA.appSecret,
    hosts: { api: 'http://emulator.local' },
    env: {},
    logger: silentLogger,
    fetch: ((input: string | URL | Request, init?: RequestInit) => {
      calls.push(new URL(String(input instanceof Request ? input.url : input)).pathname);
      return fetchFn(input, init);
    }) as typeof fetch,
  });
  return { oa, calls };
}

const fault = (path: string, body: Record<string, unknown>) =>
  emu.fetch('/_emulator/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path, count: 1, ...body }),
  });

describe('oa.users against the emulator', () => {
  it('info answers a follower typed, without nickname (not returned since 2021-12-27)', async () => {
    const { oa } = client();
    const user = await oa.users.info('o-xiaoming', { lang: 'zh_CN' });
    // The envelope stays in the envelope: a follower has no errcode or errmsg.
    expect(Object.keys(user)).not.toEqual(expect.arrayContaining(['errcode']));
    expect(user).not.toHaveProperty('errmsg');
    expect(user).toMatchObject({ subscribe: 1, openid: 'o-xiaoming', unionid: 'u-xiaoming', qr_scene: 0 });
    expect('nickname' in user).toBe(false);
  });

  it('info turns 40003 into WxApiError explained by the catalog', async () => {
    const { oa } = client();
    const error = await oa.users.info('o-stranger').catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(40003);
    expect(explain(40003, 'oa')?.meaning).toBe('Invalid OpenID');
  });

  it('refuses, before any call, an empty or malformed openid and an unknown lang', async () => {
    const { oa, calls } = client();
    for (const bad of ['', 'o x', 'a'.repeat(65), undefined, 7])
      await expect(oa.users.info(bad as string)).rejects.toThrow(/40003/);
    await expect(oa.users.info('o-xiaoming', { lang: 'fr' as 'en' })).rejects.toBeInstanceOf(WxConfigError);
    expect(calls.filter((p) => p === '/cgi-bin/user/info')).toHaveLength(0);
  });

  it('batchGet takes openids or {openid, lang} and answers in order', async () => {
    const { oa } = client();
    const users = await oa.users.batchGet(['o-xiaogang', { openid: 'o-xiaoming', lang: 'en' }]);
    expect(users.map((u) => u.openid)).toEqual(['o-xiaogang', 'o-xiaoming']);
  });

  it('batchGet refuses 0 or 101 users before calling (the platform would answer 40032)', async () => {
    const { oa, calls } = client();
    await expect(oa.users.batchGet([])).rejects.toThrow(/40032/);
    await expect(oa.users.batchGet(Array.from({ length: 101 }, () => 'o-xiaoming'))).rejects.toThrow(
      /1\.\.100/,
    );
    expect(calls).not.toContain('/cgi-bin/user/info/batchget');
    expect(await oa.users.batchGet(Array.from({ length: 100 }, () => 'o-xiaoming'))).toHaveLength(100);
  });

  it('list and listAll walk the follower list; listAll stops at max', async () => {
    const { oa } = client();
    const page = await oa.users.list();
    expect(page).toMatchObject({ total: 3, count: 3, openids: ['o-xiaoming', 'o-xiaohong', 'o-xiaogang'] });
    expect(await oa.users.list(page.nextOpenid)).toMatchObject({ count: 0, openids: [] });
    expect(await oa.users.listAll()).toEqual(page.openids);
    expect(await oa.users.listAll({ max: 2 })).toEqual(['o-xiaoming', 'o-xiaohong']);
    await expect(oa.users.listAll({ max: 0 })).rejects.toBeInstanceOf(WxConfigError);
  });

  it('a fault on each follower call surfaces as the platform error (user/info, batchget, user/get)', async () => {
    const { oa } = client();
    await fault('/cgi-bin/user/info', { errcode: 45011 });
    expect(await oa.users.info('o-xiaoming').catch((e: unknown) => isWxApiError(e) && e.errcode)).toBe(45011);
    await fault('/cgi-bin/user/info/batchget', { errcode: 40032 });
    const batch = await oa.users.batchGet(['o-xiaoming']).catch((e: unknown) => e);
    expect(isWxApiError(batch) && batch.errcode).toBe(40032);
    expect(String((batch as Error).message)).toMatch(/at most 100/);
    // A 503 is retried within the deadline (a read is safe to repeat), so one is absorbed.
    await fault('/cgi-bin/user/info/batchget', { status: 503 });
    expect((await oa.users.batchGet(['o-xiaoming']))[0]?.openid).toBe('o-xiaoming');
    await fault('/cgi-bin/user/get', { errcode: 40001 });
    // 40001 makes core fetch a fresh token and retry once.
    expect((await oa.users.list()).total).toBe(3);
  });
});

describe('oa.qrcode against the emulator', () => {
  it('creates a temporary code whose image the emulator serves, and a fault on qrcode/create is a WxApiError', async () => {
    const { oa } = client();
    const code = await oa.qrcode.create({ scene: 'survey', expireSeconds: 300 });
    expect(code.expire_seconds).toBe(300);
    const image = await emu.fetch(oa.qrcode.imageUrl(code.ticket));
    expect(image.status).toBe(200);
    await fault('/cgi-bin/qrcode/create', { errcode: 45029 });
    const error = await oa.qrcode.create({ permanent: true, scene: 1 }).catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(45029);
    expect(String((error as Error).message)).toMatch(/permanent/);
  });

  it('a dropped connection on qrcode/create is retried (a temporary code is safe to create twice)', async () => {
    const { oa, calls } = client();
    await oa.getAccessToken();
    await fault('/cgi-bin/qrcode/create', { drop: true });
    const code = await oa.qrcode.create({ scene: 1 });
    expect(code.ticket).toMatch(/^gQ/);
    expect(calls.filter((p) => p === '/cgi-bin/qrcode/create')).toHaveLength(2);
  });

  it('core accepts a request exactly when the emulator accepts the body it would send (property)', async () => {
    const { oa } = client();
    const scene = fc.oneof(
      fc.integer({ min: -5, max: 4_294_967_300 }),
      fc.constantFrom(0, 1, 100_000, 100_001, 4_294_967_295, 4_294_967_296, 1.5),
      fc.string({ minLength: 0, maxLength: 70 }),
    );
    const request = fc.oneof(
      fc.record({ permanent: fc.constant(true as const), scene }),
      fc.record(
        {
          scene,
          expireSeconds: fc.oneof(
            fc.integer({ min: -2, max: 2_600_000 }),
            fc.constantFrom(0, 1, 2_592_000, 2_592_001, 0.5),
          ),
        },
        { requiredKeys: ['scene'] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const req = r as OaQrCodeRequest;
        let body: Record<string, unknown> | undefined;
        try {
          body = buildQrCodeBody(req);
        } catch (error) {
          expect(error).toBeInstanceOf(WxConfigError);
        }
        // What a client without checks would send for the same request.
        const naive =
          body ??
          (() => {
            const s = typeof req.scene === 'number' ? { scene_id: req.scene } : { scene_str: req.scene };
            const kind = typeof req.scene === 'number' ? 'SCENE' : 'STR_SCENE';
            return req.permanent
              ? { action_name: `QR_LIMIT_${kind}`, action_info: { scene: s } }
              : {
                  expire_seconds: req.expireSeconds ?? 60,
                  action_name: `QR_${kind}`,
                  action_info: { scene: s },
                };
          })();
        const token = await oa.getAccessToken();
        const answer = (await (
          await emu.fetch(`/cgi-bin/qrcode/create?access_token=${token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(naive),
          })
        ).json()) as { ticket?: string; errcode?: number };
        expect(answer.ticket !== undefined, JSON.stringify(naive)).toBe(body !== undefined);
        expect('errcode' in parseQrBody(naive)).toBe(body === undefined);
      }),
      { numRuns: 150 },
    );
  });
});
