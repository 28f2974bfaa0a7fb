import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '@wxkit/core';
import { oaPush, oaSaveServer, TINY_JPEG } from '@wxkit/test-support';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { OA_INTERACTIONS_KEPT, recordInteraction, windowState } from '../src/oa/messages/window.js';
import { restore, snapshot } from '../src/persist.js';
import { World } from '../src/world.js';
import { CORP, emulator, get, OA, oaToken, post, SECRET, useOaAccount } from './helpers.js';

const TEMPLATE = 'wxkitSurveyResult00000000000000000000000000';
const DATA = {
  thing1: { value: '员工满意度调查' },
  time2: { value: '2026-12-01 10:00' },
  thing3: { value: '已发布' },
};

const stage = useOaAccount('RulesToken');

/** A token valid now (the clock moves by days in these tests; a token lives 2 hours). */
const fresh = async () => {
  stage.token = await oaToken(stage.emu);
  return stage.token;
};
const template = async (body: Record<string, unknown>) =>
  post(stage.emu, `/cgi-bin/message/template/send?access_token=${await fresh()}`, {
    touser: 'o-xiaoming',
    template_id: TEMPLATE,
    data: DATA,
    ...body,
  });
const custom = async (
  touser: string,
  body: Record<string, unknown> = { msgtype: 'text', text: { content: '您好' } },
) => post(stage.emu, `/cgi-bin/message/custom/send?access_token=${await fresh()}`, { touser, ...body });
const say = (openid: string) => oaPush(stage.emu.fetch, { type: 'text', openid, content: '你好' });
const upload = async (type: string, data: Uint8Array, name = 'a.jpg', access = stage.token) => {
  const form = new FormData();
  form.append('media', new Blob([data as BlobPart], { type: 'image/jpeg' }), name);
  const response = await stage.emu.fetch(`/cgi-bin/media/upload?access_token=${access}&type=${type}`, {
    method: 'POST',
    body: form,
  });
  return (await response.json()) as Record<string, unknown>;
};

describe('template messages (message/template/send)', () => {
  it('answers the msgid and pushes TEMPLATESENDJOBFINISH with MsgID and Status to the saved server', async () => {
    const sent = await template({});
    expect(sent).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    await vi.waitFor(() =>
      expect(stage.recorder.received.some((r) => r.body.includes('TEMPLATESENDJOBFINISH'))).toBe(true),
    );
    const pushed = parseXml(
      stage.recorder.received.find((r) => r.body.includes('TEMPLATESENDJOBFINISH'))?.body ?? '',
    );
    expect(pushed).toMatchObject({
      FromUserName: 'o-xiaoming',
      MsgType: 'event',
      Event: 'TEMPLATESENDJOBFINISH',
      MsgID: String(sent['msgid']),
      Status: 'success',
    });
  });

  it('answers 40037 for a template the account does not have', async () => {
    expect(await template({ template_id: 'NotMine' })).toMatchObject({ errcode: 40037 });
  });

  it('answers 40003 for an openid of no follower and 43004 after the follower unsubscribed, OK again after a subscribe', async () => {
    expect(await template({ touser: 'o-stranger' })).toMatchObject({ errcode: 40003 });
    await oaPush(stage.emu.fetch, { type: 'unsubscribe', openid: 'o-xiaoming' });
    expect(await template({})).toMatchObject({
      errcode: 43004,
      errmsg: expect.stringMatching(/^require subscribe/),
    });
    await oaPush(stage.emu.fetch, { type: 'subscribe', openid: 'o-xiaoming' });
    expect(await template({})).toMatchObject({ errcode: 0 });
  });

  it('checks data against the template placeholders: a thing past 20 characters or an empty keyword is 47003, extra keys are ignored', async () => {
    expect(await template({ data: { ...DATA, thing1: { value: '一'.repeat(21) } } })).toMatchObject({
      errcode: 47003,
      errmsg: expect.stringMatching(/data\.thing1\.value/),
    });
    expect(await template({ data: { thing1: DATA.thing1, time2: DATA.time2 } })).toMatchObject({
      errcode: 47003,
      errmsg: expect.stringMatching(/thing3\.value is empty/),
    });
    expect(await template({ data: { ...DATA, remark: { value: '不在模板里' } } })).toMatchObject({
      errcode: 0,
    });
    expect(await template({ data: 'thing1' })).toMatchObject({ errcode: 47001 });
  });

  it('refuses a time2 that is no time (明天下午) with 47003, like the platform', async () => {
    expect(await template({ data: { ...DATA, time2: { value: '明天下午' } } })).toMatchObject({
      errcode: 47003,
      errmsg: expect.stringMatching(/^argument invalid! data\.time2\.value invalid rid: /),
    });
  });

  it('refuses a url that is not http(s) (47003) and a miniprogram appid not linked to the account (40166)', async () => {
    expect(await template({ url: 'ftp://x' })).toMatchObject({ errcode: 47003 });
    expect(await template({ url: 'javascript:alert(1)' })).toMatchObject({ errcode: 47003 });
    expect(await template({ miniprogram: { appid: 'wx-not-linked' } })).toMatchObject({ errcode: 40166 });
    expect(await template({ miniprogram: { pagepath: 'pages/index' } })).toMatchObject({ errcode: 40166 });
    expect(
      await template({ url: 'https://example.com/r', miniprogram: { appid: 'wx00000000000000aa' } }),
    ).toMatchObject({ errcode: 0 });
  });

  it('sends one message per openid + client_msg_id within 10 minutes, a new one after', async () => {
    const first = await template({ client_msg_id: 'dup-1' });
    const again = await template({ client_msg_id: 'dup-1' });
    expect(again['msgid']).toBe(first['msgid']);
    stage.emu.advance(601);
    const later = await template({ client_msg_id: 'dup-1' });
    expect(later['msgid']).not.toBe(first['msgid']);
    const outbox = (await (await stage.emu.fetch('/_emulator/oa/outbox')).text()).match(/data-msgid=/g) ?? [];
    expect(outbox).toHaveLength(2);
  });

  it('lists the seed templates and industries', async () => {
    const list = await get(
      stage.emu,
      `/cgi-bin/template/get_all_private_template?access_token=${stage.token}`,
    );
    expect(list['template_list']).toEqual([
      expect.objectContaining({ template_id: TEMPLATE, title: '问卷结果通知' }),
    ]);
    expect(await get(stage.emu, `/cgi-bin/template/get_industry?access_token=${stage.token}`)).toMatchObject({
      secondary_industry: { second_class: 'IT软件与服务' },
    });
  });
});

describe('OA template management (api_set_industry, api_add_template, del_private_template)', () => {
  const admin = async (path: string, body: unknown) =>
    post(stage.emu, `/cgi-bin/template/${path}?access_token=${await fresh()}`, body);

  it('holds at most 25 templates (45026 "template num exceeds limit" with no comma before rid)', async () => {
    for (let i = 1; i < 25; i++)
      expect(await admin('api_add_template', { template_id_short: 'TM00015' }), String(i)).toMatchObject({
        errcode: 0,
      });
    const over = await admin('api_add_template', {
      template_id_short: '45001',
      keyword_name_list: ['问卷名称'],
    });
    expect(over).toMatchObject({
      errcode: 45026,
      errmsg: expect.stringMatching(/^template num exceeds limit rid: /),
    });
  });

  it('sets industries once in 30 days (43100 sooner), ids 1-41 only (40097)', async () => {
    expect(await admin('api_set_industry', { industry_id1: 42, industry_id2: 1 })).toMatchObject({
      errcode: 40097,
    });
    expect(await admin('api_set_industry', { industry_id1: '13', industry_id2: 1 })).toMatchObject({
      errcode: 0,
    });
    expect(await get(stage.emu, `/cgi-bin/template/get_industry?access_token=${stage.token}`)).toMatchObject({
      primary_industry: { first_class: '运输与仓储', second_class: '快递' },
    });
    stage.emu.advance(29 * 86_400);
    expect(await admin('api_set_industry', { industry_id1: 1, industry_id2: 2 })).toMatchObject({
      errcode: 43100,
    });
    stage.emu.advance(86_400);
    expect(await admin('api_set_industry', { industry_id1: 1, industry_id2: 2 })).toMatchObject({
      errcode: 0,
    });
  });
});

describe('customer-service messages (message/custom/send) and the 48-hour window', () => {
  it('answers 45015 until the follower messages, 45015 again 48 h later, OK after a new message', async () => {
    expect(await custom('o-xiaohong')).toMatchObject({
      errcode: 45015,
      errmsg: expect.stringMatching(/^response out of time limit or subscription is canceled/),
    });
    await say('o-xiaohong');
    expect(await custom('o-xiaohong')).toMatchObject({ errcode: 0 });
    stage.emu.advance(48 * 3600 - 1);
    expect(await custom('o-xiaohong')).toMatchObject({ errcode: 0 });
    stage.emu.advance(1);
    expect(await custom('o-xiaohong')).toMatchObject({ errcode: 45015 });
    await say('o-xiaohong');
    expect(await custom('o-xiaohong')).toMatchObject({ errcode: 0 });
  });

  it('answers 45047 past 5 messages per follower message, and a new message gives a new quota', async () => {
    await say('o-xiaogang');
    for (let i = 0; i < 5; i++) expect(await custom('o-xiaogang')).toMatchObject({ errcode: 0 });
    expect(await custom('o-xiaogang')).toMatchObject({ errcode: 45047 });
    await say('o-xiaogang');
    expect(await custom('o-xiaogang')).toMatchObject({ errcode: 0 });
  });

  it('gives a menu click 3 messages within 1 minute, and a VIEW nothing', async () => {
    await oaPush(stage.emu.fetch, { type: 'view', key: 'http://localhost:3000/', openid: 'o-xiaoming' });
    expect(await custom('o-xiaoming')).toMatchObject({ errcode: 45015 });
    await oaPush(stage.emu.fetch, { type: 'click', key: 'K1', openid: 'o-xiaoming' });
    for (let i = 0; i < 3; i++) expect(await custom('o-xiaoming')).toMatchObject({ errcode: 0 });
    expect(await custom('o-xiaoming')).toMatchObject({ errcode: 45047 });
    await oaPush(stage.emu.fetch, { type: 'click', key: 'K1', openid: 'o-xiaoming' });
    stage.emu.advance(61);
    expect(await custom('o-xiaoming')).toMatchObject({ errcode: 45015 });
  });

  it('closes the window when the follower unsubscribes', async () => {
    await say('o-xiaoming');
    await oaPush(stage.emu.fetch, { type: 'unsubscribe', openid: 'o-xiaoming' });
    expect(await custom('o-xiaoming')).toMatchObject({ errcode: 45015 });
  });

  it('answers 40008 for an unknown msgtype, 47001 for a missing field, 45008 for two articles, 40007 for an unknown image', async () => {
    await say('o-xiaoming');
    expect(await custom('o-xiaoming', { msgtype: 'markdown', markdown: { content: 'x' } })).toMatchObject({
      errcode: 40008,
    });
    expect(await custom('o-xiaoming', { msgtype: 'text', text: {} })).toMatchObject({ errcode: 47001 });
    const two = {
      articles: [
        { title: 'a', url: 'https://a' },
        { title: 'b', url: 'https://b' },
      ],
    };
    expect(await custom('o-xiaoming', { msgtype: 'news', news: two })).toMatchObject({ errcode: 45008 });
    expect(await custom('o-xiaoming', { msgtype: 'image', image: { media_id: '3emu-none' } })).toMatchObject({
      errcode: 40007,
    });
    const up = await upload('image', TINY_JPEG);
    expect(
      await custom('o-xiaoming', { msgtype: 'image', image: { media_id: up['media_id'] } }),
    ).toMatchObject({
      errcode: 0,
    });
    expect(await custom('o-stranger')).toMatchObject({ errcode: 40003 });
  });

  it("shows the outbox: the template filled in, each follower's messages and the time left in the window", async () => {
    await template({ data: { ...DATA, thing1: { value: '<script>x</script>' } } });
    await say('o-xiaohong');
    await custom('o-xiaohong', { msgtype: 'text', text: { content: '收到您的留言' } });
    const html = await (await stage.emu.fetch('/_emulator/oa/outbox')).text();
    expect(html).toContain('问卷名称：<b>&lt;script&gt;x&lt;/script&gt;</b>');
    expect(html).not.toContain('<script>x');
    expect(html).toContain('收到您的留言');
    expect(html).toMatch(
      /data-follower="o-xiaohong"><div><code>o-xiaohong<\/code> <span class="sub" data-window>window open: 48 h 0 min left, 4 message/,
    );
    expect(await (await stage.emu.fetch('/_emulator/console')).text()).toContain(
      'href="/_emulator/oa/outbox"',
    );
  });
});

describe('Official Account temporary media (media/upload, media/get)', () => {
  it('serves back the uploaded bytes to the account, not to a WeCom app of the same emulator, for 3 days', async () => {
    const up = await upload('image', TINY_JPEG);
    expect(up).toMatchObject({
      type: 'image',
      media_id: expect.stringMatching(/^3emu/),
      created_at: expect.any(Number),
    });
    expect(up['errcode']).toBeUndefined();
    const got = await stage.emu.fetch(
      `/cgi-bin/media/get?access_token=${stage.token}&media_id=${up['media_id']}`,
    );
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(TINY_JPEG);
    const wecom = String(
      (await get(stage.emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`))['access_token'],
    );
    expect(
      await get(stage.emu, `/cgi-bin/media/get?access_token=${wecom}&media_id=${up['media_id']}`),
    ).toMatchObject({
      errcode: 40007,
    });
    stage.emu.advance(3 * 24 * 3600);
    expect(
      await get(stage.emu, `/cgi-bin/media/get?access_token=${await fresh()}&media_id=${up['media_id']}`),
    ).toMatchObject({
      errcode: 40007,
    });
  });

  it('answers 40004 for a WeCom-only type, 40005 for a thumb that is not a JPG or a BMP image, 40006 for a thumb over 64 KB, and takes a GIF', async () => {
    expect(await upload('file', TINY_JPEG)).toMatchObject({ errcode: 40004 });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(await upload('thumb', png)).toMatchObject({ errcode: 40005 });
    // GIF is an OA image (WeCom takes only JPG/PNG); a BMP is not.
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0]);
    expect(await upload('image', gif)).toMatchObject({ type: 'image' });
    expect(await upload('image', new Uint8Array([0x42, 0x4d, 0, 0, 0, 0, 0, 0]))).toMatchObject({
      errcode: 40005,
    });
    const big = new Uint8Array(64 * 1024 + 1);
    big.set(TINY_JPEG);
    expect(await upload('thumb', big)).toMatchObject({ errcode: 40006 });
    expect(await upload('thumb', TINY_JPEG)).toMatchObject({
      type: 'thumb',
      thumb_media_id: expect.stringMatching(/^3emu/),
    });
  });

  it("serves an OA page's uploadImage serverId through the account's media/get", async () => {
    const dataUrl = `data:image/jpeg;base64,${Buffer.from(TINY_JPEG).toString('base64')}`;
    const page = await post(stage.emu, '/_emulator/jssdk/media', {
      appId: OA,
      action: 'upload',
      localId: 'wxlocalresource://1',
      dataUrl,
    });
    expect(page).toMatchObject({ ok: true });
    const got = await stage.emu.fetch(
      `/cgi-bin/media/get?access_token=${stage.token}&media_id=${page['serverId']}`,
    );
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(TINY_JPEG);
  });
});

describe('outside input on the message endpoints', () => {
  it('answers an object whose toString is not a function with an errcode, not an emulator 500 (fast-check counterexample)', async () => {
    for (const path of ['message/custom/send', 'message/template/send', 'message/subscribe/bizsend']) {
      const response = await stage.emu.fetch(`/cgi-bin/${path}?access_token=${stage.token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: { toString: { value: '' } }, template_id: { toString: 1 } }),
      });
      expect(response.status, path).toBe(200);
      expect(((await response.json()) as { errcode: number }).errcode, path).toBeGreaterThan(0);
    }
  });

  it('answers any JSON body to template/send and custom/send with an errcode, never a 500 (property)', async () => {
    const body = fc.dictionary(
      fc.constantFrom(
        'touser',
        'template_id',
        'data',
        'msgtype',
        'text',
        'news',
        'image',
        'client_msg_id',
        'url',
      ),
      fc.oneof(
        fc.string(),
        fc.constantFrom('o-xiaoming', TEMPLATE, 'text', 'news', 'image'),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string(), fc.record({ value: fc.string() }))),
        fc.array(fc.anything(), { maxLength: 3 }),
        fc.integer(),
        fc.constant(null),
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, toTemplate) => {
        const path = toTemplate ? 'message/template/send' : 'message/custom/send';
        const response = await stage.emu.fetch(`/cgi-bin/${path}?access_token=${stage.token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
        expect(response.status).toBe(200);
        expect(typeof ((await response.json()) as { errcode?: unknown }).errcode).toBe('number');
      }),
      { numRuns: 60 },
    );
  });
});

describe('the state of Official Account messages', () => {
  it('keeps interaction windows, the outbox and msgid numbering across --persist', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'emu-oa-persist-')), 'state.json');
    let saved = await emulator({ persist: file });
    const access = oaToken;
    let token = await access(saved);
    expect(await oaSaveServer(saved.fetch, { url: stage.recorder.url, token: 'RulesToken' })).toMatchObject({
      ok: true,
    });
    await oaPush(saved.fetch, { type: 'text', openid: 'o-xiaohong', content: 'hi' });
    const first = await post(saved, `/cgi-bin/message/template/send?access_token=${token}`, {
      touser: 'o-xiaoming',
      template_id: TEMPLATE,
      data: DATA,
    });
    await saved.close();
    saved = await emulator({ persist: file });
    token = await access(saved);
    expect(
      await post(saved, `/cgi-bin/message/custom/send?access_token=${token}`, {
        touser: 'o-xiaohong',
        msgtype: 'text',
        text: { content: 'still in the window' },
      }),
    ).toMatchObject({ errcode: 0 });
    const second = await post(saved, `/cgi-bin/message/template/send?access_token=${token}`, {
      touser: 'o-xiaoming',
      template_id: TEMPLATE,
      data: DATA,
    });
    expect(Number(second['msgid'])).toBe(Number(first['msgid']) + 1);
    expect(await (await saved.fetch('/_emulator/oa/outbox')).text()).toContain(
      `data-msgid="${first['msgid']}"`,
    );
    await saved.close();
  });

  it('forgets the least recently active follower past OA_INTERACTIONS_KEPT', () => {
    const world = new World(defaultSeed(), () => 1_700_000_000_000);
    for (let i = 0; i <= OA_INTERACTIONS_KEPT; i++)
      recordInteraction(world, OA, { FromUserName: `o-${i}`, MsgType: 'text', Content: 'x' });
    expect(windowState.of(world).interactions.size).toBe(OA_INTERACTIONS_KEPT);
    expect(windowState.of(world).interactions.has(`${OA}:o-0`)).toBe(false);
    const copy = restore(JSON.parse(snapshot(world, 0)), defaultSeed(), () => 1_700_000_000_000);
    expect(windowState.of(copy).interactions.get(`${OA}:o-1`)).toEqual(
      windowState.of(world).interactions.get(`${OA}:o-1`),
    );
  });
});
