import { QR_MAX_EXPIRE_SECONDS } from '@wxkit/core/rules';
import { decode } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { defaultSeed, type Emulator } from '../src/index.js';
import { emulator, get, OA, OA_SECRET, post } from './helpers.js';

const tokenOf = async (emu: Emulator) =>
  String(
    (await get(emu, `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`))[
      'access_token'
    ],
  );

async function setup(seed = defaultSeed()) {
  const emu = await emulator({ seed });
  const token = await tokenOf(emu);
  const create = (body: unknown) => post(emu, `/cgi-bin/qrcode/create?access_token=${token}`, body);
  const show = (ticket: string) => emu.fetch(`/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`);
  return { emu, token, create, show };
}

const temp = (scene: number | string, expire?: number) => ({
  ...(expire === undefined ? {} : { expire_seconds: expire }),
  action_name: typeof scene === 'number' ? 'QR_SCENE' : 'QR_STR_SCENE',
  action_info: { scene: typeof scene === 'number' ? { scene_id: scene } : { scene_str: scene } },
});
const perm = (scene: number | string) => ({
  action_name: typeof scene === 'number' ? 'QR_LIMIT_SCENE' : 'QR_LIMIT_STR_SCENE',
  action_info: { scene: typeof scene === 'number' ? { scene_id: scene } : { scene_str: scene } },
});

describe('POST /cgi-bin/qrcode/create', () => {
  it('answers a temporary code with ticket, expire_seconds (default 60) and url', async () => {
    const { create } = await setup();
    const code = await create(temp(42));
    expect(code).toEqual({
      ticket: expect.stringMatching(/^gQ/),
      expire_seconds: 60,
      url: expect.stringMatching(/^http:\/\/weixin\.qq\.com\/q\//),
    });
    expect(await create(temp('survey', QR_MAX_EXPIRE_SECONDS))).toMatchObject({ expire_seconds: 2_592_000 });
  });

  it('answers a permanent code without expire_seconds, and the same ticket again for the same scene', async () => {
    const { create } = await setup();
    const first = await create(perm(100_000));
    expect(first).toEqual({ ticket: expect.any(String), url: expect.any(String) });
    expect(await create(perm(100_000))).toEqual(first);
    expect((await create(perm('100000')))['ticket']).not.toBe(first['ticket']);
  });

  it('refuses an unknown or missing action_name (40052)', async () => {
    const { create } = await setup();
    expect(
      (await create({ action_name: 'QR_FOREVER', action_info: { scene: { scene_id: 1 } } }))['errcode'],
    ).toBe(40052);
    expect((await create({ action_info: { scene: { scene_id: 1 } } }))['errcode']).toBe(40052);
  });

  it('refuses a scene of the wrong kind or out of range (40053)', async () => {
    const { create } = await setup();
    const bad = [
      { action_name: 'QR_SCENE', action_info: { scene: { scene_str: 'x' } } },
      { action_name: 'QR_STR_SCENE', action_info: { scene: { scene_id: 1 } } },
      { action_name: 'QR_SCENE', action_info: {} },
      temp(0),
      temp(4_294_967_296),
      temp(1.5),
      perm(100_001),
      perm(0),
      temp(''),
      perm('x'.repeat(65)),
    ];
    for (const body of bad) expect((await create(body))['errcode'], JSON.stringify(body)).toBe(40053);
    expect((await create(perm('x'.repeat(64))))['ticket']).toEqual(expect.any(String));
    expect((await create(temp(4_294_967_295)))['ticket']).toEqual(expect.any(String));
  });

  it('refuses a lifetime outside 1..2592000 s (40097)', async () => {
    const { create } = await setup();
    for (const expire of [0, -5, 2_592_001, 1.5])
      expect((await create(temp(1, expire)))['errcode'], String(expire)).toBe(40097);
  });

  it('names in the journal that refusing (not cutting) a lifetime past 30 days is unverified (audit-3 N-L7)', async () => {
    const { emu, create } = await setup();
    expect((await create(temp(1, QR_MAX_EXPIRE_SECONDS + 1)))['errcode']).toBe(40097);
    const journal = (await get(emu, '/_emulator/journal'))['entries'] as { path: string; note?: string }[];
    const entry = journal.find((e) => e.path === '/cgi-bin/qrcode/create');
    expect(entry?.note).toMatch(
      /at most 2592000.*Unverified whether the platform refuses a longer lifetime or cuts it/,
    );
  });

  it('needs a valid Official Account token (41001, 40014)', async () => {
    const { emu } = await setup();
    expect((await post(emu, '/cgi-bin/qrcode/create', temp(1)))['errcode']).toBe(41001);
    expect((await post(emu, '/cgi-bin/qrcode/create?access_token=nope', temp(1)))['errcode']).toBe(40014);
  });

  it('caps permanent codes per account at limits.permanentQrCodes (45029), an existing scene still answering', async () => {
    const seed = defaultSeed();
    seed.limits.permanentQrCodes = 2;
    const { create } = await setup(seed);
    const one = await create(perm(1));
    await create(perm('two'));
    expect(await create(perm(3))).toMatchObject({
      errcode: 45029,
      errmsg: expect.stringMatching(/^qrcode count out of limit/),
    });
    expect(await create(perm(1))).toEqual(one);
    // Temporary codes are not counted.
    expect((await create(temp(3)))['ticket']).toEqual(expect.any(String));
  });
});

describe('GET /cgi-bin/showqrcode', () => {
  it('serves the code as a JPEG, as mp.weixin.qq.com does, for a URL-encoded ticket, without a token', async () => {
    const { create, show } = await setup();
    const { ticket } = (await create(temp(7))) as { ticket: string };
    const response = await show(ticket);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // A square picture: white quiet zone, then the black corner of the top-left finder pattern.
    const image = decode(bytes, { useTArray: true });
    expect(image.width).toBe(image.height);
    const grey = (x: number, y: number) => image.data[(y * image.width + x) * 4] ?? -1;
    expect(grey(5, 5)).toBeGreaterThan(200);
    expect(grey(25, 25)).toBeLessThan(60);
  });

  it('answers HTTP 404 for an unknown ticket and for a ticket sent without URL-encoding', async () => {
    const { emu, create, show } = await setup();
    expect((await show('gQnot-a-ticket')).status).toBe(404);
    // The tickets carry + and =: unencoded, + arrives as a space.
    let ticket = '';
    while (!ticket.includes('+')) ticket = String((await create(temp(1)))['ticket']);
    expect((await emu.fetch(`/cgi-bin/showqrcode?ticket=${ticket}`)).status).toBe(404);
    expect((await show(ticket)).status).toBe(200);
  });

  it('stops serving a temporary code once the emulator clock passes its expiry (404), a permanent one never', async () => {
    const { emu, create, show } = await setup();
    const { ticket } = (await create(temp(7, 120))) as { ticket: string };
    const forever = String((await create(perm(7)))['ticket']);
    emu.advance(119);
    expect((await show(ticket)).status).toBe(200);
    emu.advance(1);
    expect((await show(ticket)).status).toBe(404);
    emu.advance(366 * 86_400);
    expect((await show(forever)).status).toBe(200);
  });

  it('answers a fault injected on qrcode/create', async () => {
    const { emu, create } = await setup();
    await post(emu, '/_emulator/faults', { path: '/cgi-bin/qrcode/create', count: 1, errcode: -1 });
    expect((await create(temp(1)))['errcode']).toBe(-1);
    expect((await create(temp(1)))['ticket']).toEqual(expect.any(String));
  });
});

describe('POST /_emulator/oa/scan', () => {
  it('makes a new user follow (recorded with the scene for user/info), then a second scan is SCAN', async () => {
    const { emu, token, create } = await setup();
    const { ticket } = (await create(temp(98765))) as { ticket: string };
    const first = await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-newcomer', nickname: '新人' });
    expect(first).toMatchObject({
      pushed: 'subscribe',
      openid: 'o-newcomer',
      scene: 98765,
      error: expect.stringMatching(/no server URL/),
    });
    const info = await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=o-newcomer`);
    expect(info).toMatchObject({
      subscribe: 1,
      openid: 'o-newcomer',
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 98765,
      qr_scene_str: '',
      subscribe_time: Math.floor(emu.now() / 1000),
    });
    expect(info['nickname']).toBeUndefined();
    expect(await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-newcomer' })).toMatchObject({
      pushed: 'SCAN',
    });
    const list = await get(emu, `/cgi-bin/user/get?access_token=${token}`);
    expect((list['data'] as { openid: string[] }).openid).toContain('o-newcomer');
  });

  it('gives a scan without openid a new platform-shaped openid; a seed follower gets SCAN', async () => {
    const { emu, create } = await setup();
    const { ticket } = (await create(perm('poster'))) as { ticket: string };
    expect(await post(emu, '/_emulator/oa/scan', { ticket })).toMatchObject({
      pushed: 'subscribe',
      openid: expect.stringMatching(/^o[A-Za-z0-9_-]{27}$/),
    });
    expect(await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-xiaoming' })).toMatchObject({
      pushed: 'SCAN',
      scene: 'poster',
    });
  });

  it('refuses an expired code (400, 二维码已过期) and an unknown ticket, without following', async () => {
    const { emu, token, create } = await setup();
    const { ticket } = (await create(temp(5, 60))) as { ticket: string };
    emu.advance(60);
    const response = await emu.fetch('/_emulator/oa/scan', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket, openid: 'o-late' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/二维码已过期/) },
    });
    expect(await post(emu, '/_emulator/oa/scan', { ticket: 'gQnope' })).toMatchObject({
      error: { message: expect.stringMatching(/unknown ticket/) },
    });
    expect((await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=o-late`))['errcode']).toBe(40003);
  });

  it('unfollow makes user/info answer subscribe 0, and the next scan is subscribe again', async () => {
    const { emu, token, create } = await setup();
    const { ticket } = (await create(temp(3))) as { ticket: string };
    await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-leaver' });
    expect(await post(emu, '/_emulator/oa/unfollow', { openid: 'o-leaver' })).toMatchObject({
      pushed: 'unsubscribe',
    });
    expect(await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=o-leaver`)).toEqual({
      subscribe: 0,
      openid: 'o-leaver',
    });
    expect(await post(emu, '/_emulator/oa/unfollow', { openid: 'o-leaver' })).toMatchObject({
      error: { message: expect.stringMatching(/does not follow/) },
    });
    expect(await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-leaver' })).toMatchObject({
      pushed: 'subscribe',
    });
  });

  it('follows again a user who had unfollowed (subscribe, not SCAN)', async () => {
    const seed = defaultSeed();
    (seed.officialAccounts[0]?.followers[0] as { subscribed?: boolean }).subscribed = false;
    const { emu, create } = await setup(seed);
    const { ticket } = (await create(temp(1))) as { ticket: string };
    expect(await post(emu, '/_emulator/oa/scan', { ticket, openid: 'o-xiaoming' })).toMatchObject({
      pushed: 'subscribe',
    });
  });
});

describe('GET /cgi-bin/user/info and POST /cgi-bin/user/info/batchget', () => {
  it('answers a follower without nickname or headimgurl (gone since 2021-12-27)', async () => {
    const { emu, token } = await setup();
    const info = await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=o-xiaoming&lang=zh_CN`);
    expect(info).toEqual({
      subscribe: 1,
      openid: 'o-xiaoming',
      subscribe_time: expect.any(Number),
      unionid: 'u-xiaoming',
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_OTHERS',
      qr_scene: 0,
      qr_scene_str: '',
    });
  });

  it('answers subscribe 0 with only openid and unionid for a user who unfollowed', async () => {
    const seed = defaultSeed();
    (seed.officialAccounts[0]?.followers[1] as { subscribed?: boolean }).subscribed = false;
    const { emu, token } = await setup(seed);
    expect(await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=o-xiaohong`)).toEqual({
      subscribe: 0,
      openid: 'o-xiaohong',
      unionid: 'u-xiaohong',
    });
  });

  it('refuses an openid the account does not know (40003), and a missing one with 41009', async () => {
    const { emu, token } = await setup();
    expect((await get(emu, `/cgi-bin/user/info?access_token=${token}&openid=o-stranger`))['errcode']).toBe(
      40003,
    );
    expect((await get(emu, `/cgi-bin/user/info?access_token=${token}`))['errcode']).toBe(41009);
  });

  it('batchget answers in the order asked, refuses 0 or 101 users (40032) and any unknown openid (40003)', async () => {
    const { emu, token } = await setup();
    const batch = (user_list: unknown) =>
      post(emu, `/cgi-bin/user/info/batchget?access_token=${token}`, { user_list });
    const ok = await batch([{ openid: 'o-xiaogang' }, { openid: 'o-xiaoming', lang: 'en' }]);
    expect((ok['user_info_list'] as { openid: string }[]).map((u) => u.openid)).toEqual([
      'o-xiaogang',
      'o-xiaoming',
    ]);
    expect((await batch([]))['errcode']).toBe(40032);
    expect((await batch(Array.from({ length: 101 }, () => ({ openid: 'o-xiaoming' }))))['errcode']).toBe(
      40032,
    );
    expect(
      (await batch(Array.from({ length: 100 }, () => ({ openid: 'o-xiaoming' }))))['user_info_list'],
    ).toHaveLength(100);
    expect((await batch([{ openid: 'o-xiaoming' }, { openid: 'o-nobody' }]))['errcode']).toBe(40003);
  });
});

describe('QR codes and followers under --persist', () => {
  it('keeps tickets and followers made by a scan across a restart', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'wxkit-qr-')), 'state.json');
    const first = await emulator({ persist: file });
    const token = await tokenOf(first);
    const { ticket } = (await post(first, `/cgi-bin/qrcode/create?access_token=${token}`, temp(11, 600))) as {
      ticket: string;
    };
    await post(first, '/_emulator/oa/scan', { ticket, openid: 'o-kept' });
    await first.close();
    const second = await emulator({ persist: file });
    expect((await second.fetch(`/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`)).status).toBe(200);
    expect(await post(second, '/_emulator/oa/scan', { ticket, openid: 'o-kept' })).toMatchObject({
      pushed: 'SCAN',
    });
    await second.close();
  });
});

describe('the console view of Official Accounts and its QR form', () => {
  it('lists a new code with its scene and a scan button, and the follower a scan made, escaped', async () => {
    const { emu } = await setup();
    const made = await post(emu, '/_emulator/oa/qrcode', { scene: 'poster-1', expireSeconds: 300 });
    expect(made).toMatchObject({
      ticket: expect.any(String),
      expire_seconds: 300,
      image: expect.stringMatching(/^\/cgi-bin\/showqrcode\?ticket=/),
    });
    await post(emu, '/_emulator/oa/scan', {
      ticket: made['ticket'],
      openid: 'o-console',
      nickname: '<img src=x onerror=alert(1)>',
    });
    const html = await (await emu.fetch('/_emulator/console/oa')).text();
    expect(html).toContain('poster-1');
    expect(html).toContain(`data-scan="${made['ticket']}"`);
    expect(html).toContain('o-console');
    expect(html).toContain('ADD_SCENE_QR_CODE');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x');
    expect(await (await emu.fetch('/')).text()).toContain('href="/_emulator/console/oa"');
  });

  it('refuses a console QR request core would refuse, with core’s reason', async () => {
    const { emu } = await setup();
    const response = await emu.fetch('/_emulator/oa/qrcode', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scene: 100_001, permanent: true }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /1\.\.100000.*40053/,
    );
  });

  it('answers 47001 for a qrcode/create body that is not JSON', async () => {
    const { emu, token } = await setup();
    const response = await emu.fetch(`/cgi-bin/qrcode/create?access_token=${token}`, {
      method: 'POST',
      body: 'scene=1',
    });
    expect(((await response.json()) as { errcode: number }).errcode).toBe(47001);
  });
});
