import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXmlTree, WxConfigError, xmlChild, xmlChildren } from '@wxkit/core';
import { assertSubscribeMessage } from '@wxkit/core/rules';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { defaultSeed, type Emulator } from '../src/index.js';
import { OA_SUBSCRIBE_GRANTS_KEPT, recordGrant, subscribeState } from '../src/oa/subscribe/bizsend.js';
import { restore, snapshot } from '../src/persist.js';
import { World } from '../src/world.js';
import { emulator, get, OA, oaToken, post, useOaAccount } from './helpers.js';

const NOTICE = 'wxkitSurveyNotice000000000000000000000000000';
const DATA = { thing1: { value: '员工满意度调查' }, time2: { value: '2026年12月1日 10:00' } };

const stage = useOaAccount('SubscribeToken');

const popup = (body: Record<string, unknown>) =>
  post(stage.emu, '/_emulator/oa/subscribe-popup', {
    openid: 'o-xiaoming',
    templateId: NOTICE,
    status: 'accept',
    ...body,
  });
const bizsend = (body: Record<string, unknown> = {}) =>
  post(stage.emu, `/cgi-bin/message/subscribe/bizsend?access_token=${stage.token}`, {
    touser: 'o-xiaoming',
    template_id: NOTICE,
    data: DATA,
    ...body,
  });
const pushed = (event: string) =>
  stage.recorder.received
    .filter((r) => r.body.includes(`<Event><![CDATA[${event}]]></Event>`))
    .map((r) => parseXmlTree(r.body));

describe('subscription templates (wxaapi/newtmpl/gettemplate)', () => {
  it("answers the seed's subscribeTemplates as data[] with priTmplId and type (2: one-time)", async () => {
    const answer = await get(stage.emu, `/wxaapi/newtmpl/gettemplate?access_token=${stage.token}`);
    expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(answer['data']).toEqual([
      expect.objectContaining({
        priTmplId: NOTICE,
        title: '问卷结果提醒',
        type: 2,
        content: expect.any(String),
      }),
    ]);
  });
  it('refuses an unknown access_token with the OA envelope (40001/40014) like any OA API', async () => {
    const answer = await get(stage.emu, '/wxaapi/newtmpl/gettemplate?access_token=nope');
    expect([40001, 40014]).toContain(answer['errcode']);
  });
});

describe('bizsend and the popup grant', () => {
  it('refuses a send without a grant for (openid, template) (43101)', async () => {
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it('sends once after an accept, then refuses the same one-time grant (43101)', async () => {
    expect(await popup({})).toMatchObject({ pushed: 'subscribe_msg_popup_event', status: 200 });
    const sent = await bizsend();
    expect(sent).toMatchObject({ errcode: 0, msgid: expect.any(Number) });
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it('counts two accepts of a one-time template as two sends', async () => {
    await popup({});
    await popup({});
    expect(await bizsend()).toMatchObject({ errcode: 0 });
    expect(await bizsend()).toMatchObject({ errcode: 0 });
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it('refuses after a reject, even when the user had accepted before (43101)', async () => {
    await popup({});
    await popup({ status: 'reject' });
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it('a grant is per openid: another follower still gets 43101', async () => {
    await popup({});
    expect(await bizsend({ touser: 'o-xiaohong' })).toMatchObject({ errcode: 43101 });
  });

  it('keeps sending under a long-term (type 3) grant', async () => {
    const seed = defaultSeed();
    const account = seed.officialAccounts[0];
    if (account?.subscribeTemplates?.[0]) account.subscribeTemplates[0].type = 3;
    stage.emu = await emulator({ seed });
    stage.token = await oaToken(stage.emu);
    await popup({});
    for (let i = 0; i < 3; i++) expect(await bizsend()).toMatchObject({ errcode: 0 });
  });

  it('refuses a template_id not in subscribeTemplates (40037), even one of the template messages', async () => {
    await popup({});
    expect(await bizsend({ template_id: 'nope' })).toMatchObject({ errcode: 40037 });
    expect(await bizsend({ template_id: 'wxkitSurveyResult00000000000000000000000000' })).toMatchObject({
      errcode: 40037,
    });
  });

  it('refuses an openid the account never saw (40003)', async () => {
    expect(await bizsend({ touser: 'o-stranger' })).toMatchObject({ errcode: 40003 });
  });

  it('refuses a thing value past 20 characters (47003) without spending the grant', async () => {
    await popup({});
    expect(await bizsend({ data: { ...DATA, thing1: { value: '问'.repeat(21) } } })).toMatchObject({
      errcode: 47003,
    });
    expect(await bizsend({ data: { time2: DATA.time2 } })).toMatchObject({ errcode: 47003 });
    expect(await bizsend()).toMatchObject({ errcode: 0 });
  });

  it('refuses time values out of format — 明天下午, a full-width ～ range, seconds — as 47003 "…value invalid rid:" without spending the grant', async () => {
    await popup({});
    for (const value of ['明天下午', '10:00～11:00', '2023-03-24 11:50:00', '25:00']) {
      const answer = await bizsend({ data: { ...DATA, time2: { value } } });
      expect(answer, value).toMatchObject({ errcode: 47003 });
      expect(String(answer['errmsg']), value).toMatch(/^argument invalid! data\.time2\.value invalid rid: /);
    }
    for (const value of ['15:01', '2019年10月1日 15:01', '2019-10-01 15:01', '10:00 ~ 11:30']) {
      await popup({});
      expect(await bizsend({ data: { ...DATA, time2: { value } } }), value).toMatchObject({ errcode: 0 });
    }
    const journal = JSON.stringify(await get(stage.emu, '/_emulator/journal'));
    expect(journal).toMatch(/24-hour time/);
  });

  it('refuses a page that is not http(s) (47003) and a miniprogram appid not linked to the account (40166)', async () => {
    await popup({});
    expect(await bizsend({ page: 'ftp://x' })).toMatchObject({ errcode: 47003 });
    expect(await bizsend({ miniprogram: { appid: 'wx-not-linked' } })).toMatchObject({
      errcode: 40166,
      errmsg: expect.stringMatching(/^invalid weapp appid, rid: /),
    });
    expect(
      await bizsend({ miniprogram: { appid: 'wx00000000000000aa', pagepath: 'pages/index' } }),
    ).toMatchObject({
      errcode: 0,
    });
  });

  it('pushes subscribe_msg_popup_event with TemplateId, SubscribeStatusString and PopupScene 1 (a web page; 0 is refused)', async () => {
    expect(await popup({ status: 'reject', scene: 0 })).toMatchObject({
      error: { code: 'bad_request', message: expect.stringMatching(/mini program/) },
    });
    await popup({ status: 'reject' });
    const [event] = pushed('subscribe_msg_popup_event');
    const list = xmlChildren(
      xmlChild(event ?? parseXmlTree('<xml/>'), 'SubscribeMsgPopupEvent') ?? parseXmlTree('<x/>'),
      'List',
    );
    expect(
      list.map((l) => [
        xmlChild(l, 'TemplateId')?.text,
        xmlChild(l, 'SubscribeStatusString')?.text,
        xmlChild(l, 'PopupScene')?.text,
      ]),
    ).toEqual([[NOTICE, 'reject', '1']]);
  });

  it('pushes subscribe_msg_sent_event with the MsgID the send answered and ErrorCode 0', async () => {
    await popup({});
    const sent = await bizsend();
    await vi.waitFor(() => expect(pushed('subscribe_msg_sent_event')).toHaveLength(1));
    const [event] = pushed('subscribe_msg_sent_event');
    const list = xmlChild(
      xmlChild(event ?? parseXmlTree('<xml/>'), 'SubscribeMsgSentEvent') ?? parseXmlTree('<x/>'),
      'List',
    );
    expect(list && xmlChild(list, 'MsgID')?.text).toBe(String(sent['msgid']));
    expect(list && xmlChild(list, 'ErrorCode')?.text).toBe('0');
    expect(list && xmlChild(list, 'TemplateId')?.text).toBe(NOTICE);
  });

  it('the popup action refuses an unknown template or status (400) and records nothing', async () => {
    const response = await stage.emu.fetch('/_emulator/oa/subscribe-popup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-xiaoming', templateId: 'nope', status: 'accept' }),
    });
    expect(response.status).toBe(400);
    expect(await popup({ status: 'maybe' })).toMatchObject({
      error: { message: expect.stringMatching(/accept or reject/) },
    });
    expect(await bizsend()).toMatchObject({ errcode: 43101 });
  });

  it('a fault on bizsend answers the injected errcode and spends no grant', async () => {
    await popup({});
    await post(stage.emu, '/_emulator/faults', {
      path: '/cgi-bin/message/subscribe/bizsend',
      errcode: -1,
      count: 1,
    });
    expect(await bizsend()).toMatchObject({ errcode: -1 });
    expect(await bizsend()).toMatchObject({ errcode: 0 });
  });
});

describe('state', () => {
  it('keeps grants and sent notifications through --persist', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'wxkit-sub-')), 'state.json');
    let saved = await emulator({ persist: file });
    const access = oaToken;
    const send = async (e: Emulator) =>
      post(e, `/cgi-bin/message/subscribe/bizsend?access_token=${await access(e)}`, {
        touser: 'o-xiaoming',
        template_id: NOTICE,
        data: DATA,
      });
    const accept = { openid: 'o-xiaoming', templateId: NOTICE, status: 'accept' };
    await post(saved, '/_emulator/oa/subscribe-popup', accept);
    await post(saved, '/_emulator/oa/subscribe-popup', accept);
    const first = await send(saved);
    expect(first).toMatchObject({ errcode: 0 });
    await saved.close();
    saved = await emulator({ persist: file });
    expect(await (await saved.fetch('/_emulator/oa/subscriptions')).text()).toContain(
      `data-msgid="${first['msgid']}"`,
    );
    const second = await send(saved);
    expect(Number(second['msgid'])).toBe(Number(first['msgid']) + 1);
    expect(await send(saved)).toMatchObject({ errcode: 43101 });
    await saved.close();
  });

  it('forgets the least recently chosen grant past OA_SUBSCRIBE_GRANTS_KEPT', () => {
    const world = new World(defaultSeed(), () => 1_700_000_000_000);
    const account = world.account(OA);
    const template = account?.subscribeTemplates?.[0];
    if (!account || !template) throw new Error('the default seed has a subscription template');
    for (let i = 0; i <= OA_SUBSCRIBE_GRANTS_KEPT; i++)
      recordGrant(world, account, `o-${i}`, template, 'accept');
    expect(subscribeState.of(world).grants.size).toBe(OA_SUBSCRIBE_GRANTS_KEPT);
    expect(subscribeState.of(world).grants.has(`${OA}:o-0:${NOTICE}`)).toBe(false);
    const copy = restore(JSON.parse(snapshot(world, 0)), defaultSeed(), () => 1_700_000_000_000);
    expect(subscribeState.of(copy).grants.get(`${OA}:o-1:${NOTICE}`)).toEqual(
      subscribeState.of(world).grants.get(`${OA}:o-1:${NOTICE}`),
    );
  });

  it('the console lists the grants and the notifications sent', async () => {
    await popup({});
    await bizsend();
    const html = await (await stage.emu.fetch('/_emulator/oa/subscriptions')).text();
    expect(html).toContain('data-grant="o-xiaoming:');
    expect(html).toContain('0 send(s) left');
    expect(html).toContain('员工满意度调查');
    expect(await (await stage.emu.fetch('/_emulator/console/oa')).text()).toContain(
      '/_emulator/oa/subscriptions',
    );
  });
});

describe('core and the emulator agree on data values', () => {
  it('core accepts a bizsend body exactly when the emulator does (fast-check)', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: fc.constantFrom('问', 'a', '1', ' ', '-', '\n'), maxLength: 24 }),
      fc.integer().map(String),
    );
    await fc.assert(
      fc.asyncProperty(value, value, async (thing, time) => {
        const data = { thing1: { value: thing }, time2: { value: time } };
        let coreOk = true;
        try {
          assertSubscribeMessage({ touser: 'o-xiaoming', template_id: NOTICE, data });
        } catch (error) {
          if (!(error instanceof WxConfigError)) throw error;
          coreOk = false;
        }
        await popup({});
        const answer = await bizsend({ data });
        if (answer['errcode'] !== 0)
          await post(stage.emu, '/_emulator/oa/subscribe-popup', {
            openid: 'o-xiaoming',
            templateId: NOTICE,
            status: 'reject',
          });
        expect(answer['errcode'] === 0).toBe(coreOk);
      }),
      { numRuns: 60 },
    );
  });
});

describe('bizsend errmsg as captured', () => {
  it('says "invalid template_id rid:", "invalid openid rid:" and 43101 without a comma before rid', async () => {
    expect((await bizsend({ template_id: 'nope' }))['errmsg']).toMatch(/^invalid template_id rid: /);
    expect((await bizsend({ touser: 'o-stranger' }))['errmsg']).toMatch(/^invalid openid rid: /);
    expect((await bizsend())['errmsg']).toMatch(/^user refuse to accept the msg rid: /);
  });
});
