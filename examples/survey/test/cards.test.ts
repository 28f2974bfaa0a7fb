import { defaultSeed } from '@wxkit/emulator';
import { demoWeCom } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { CARD_SURVEY } from '../src/cards.js';
import { login, type SurveySetup, setupSurvey } from './fixtures/session.js';

/** The survey listening, with the seed's survey app calling back to it. */
async function setup() {
  const s = await setupSurvey({}, { listen: true });
  const seed = defaultSeed();
  const app = seed.wecom[0]!.apps[0]!;
  const url = `http://127.0.0.1:${s.port}/wx/events`;
  await s.emu.fetch('/_emulator/state', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      seed: {
        ...seed,
        wecom: [{ ...seed.wecom[0], apps: [{ ...app, callback: { ...app.callback, url } }] }],
      },
    }),
  });
  const admin = await login(s, 'linger');
  const post = (path: string, body: unknown, cookie = admin.cookie) =>
    s.call(path, { method: 'POST', headers: { cookie }, body: JSON.stringify(body) });
  const tap = async (userid: string, taskId: string, key: string) =>
    (await (
      await s.emu.fetch('/_emulator/card/click', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: 1000002, userid, taskId, key }),
      })
    ).json()) as { status?: number; error?: { code: string; message: string } };
  const views = async (taskId: string) =>
    (
      (await (await s.emu.fetch('/_emulator/cards')).json()) as {
        cards: { taskId: string; views: Record<string, { replaceName?: string }> }[];
      }
    ).cards.find((c) => c.taskId === taskId)?.views ?? {};
  const fault = (body: Record<string, unknown>) =>
    s.emu.fetch('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { ...s, admin, post, tap, views, fault };
}

const replyOf = (s: SurveySetup, userid: string) => s.app.db.get(CARD_SURVEY, userid)?.answers['reply'];

describe('the survey as a button card to a department', () => {
  it("records a member's tap and greys their buttons out with the answer; the admin page counts the replies", async () => {
    const s = await setup();
    const sent = await s.post('/api/admin/card', { department: 3 });
    const { taskId } = (await sent.json()) as { ok: boolean; taskId: string };
    expect(taskId).toMatch(/^survey-[0-9a-f]{16}$/);
    const inbox = (await (await s.emu.fetch('/_emulator/inbox')).json()) as {
      messages: { body: { msgtype: string; template_card?: { card_type: string } }; delivered: string[] }[];
    };
    const card = inbox.messages.at(-1);
    expect(card?.body.msgtype).toBe('template_card');
    expect(card?.body.template_card?.card_type).toBe('button_interaction');
    expect(card?.delivered).toEqual(expect.arrayContaining(['wangwu', 'wujiu', 'zhengshi']));

    expect((await s.tap('wangwu', taskId, 'will_answer')).status).toBe(200);
    expect((await s.tap('wujiu', taskId, 'not_now')).status).toBe(200);
    expect(replyOf(s, 'wangwu')).toBe('will_answer');
    expect(replyOf(s, 'wujiu')).toBe('not_now');
    expect(await s.views(taskId)).toEqual({
      wangwu: { replaceName: '已确认参与' },
      wujiu: { replaceName: '已选择暂不参与' },
    });
    // A greyed-out card does nothing when tapped again.
    expect((await s.tap('wangwu', taskId, 'not_now')).error?.message).toMatch(/已确认参与/);
    expect(replyOf(s, 'wangwu')).toBe('will_answer');
    const page = await (await s.call('/admin', { headers: { cookie: s.admin.cookie } })).text();
    expect(page).toContain('<b id="card-will">1</b>');
    expect(page).toContain('<b id="card-not-now">1</b>');
    // The card replies are not survey answers.
    expect(s.app.db.count('workplace-2026')).toBe(0);
  });

  it('leaves taps on cards the survey did not send alone (no record, no update)', async () => {
    const s = await setup();
    await demoWeCom(s.emu).messages.send({
      toparty: [3],
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: '别的卡片' },
        task_id: 'other-task-1',
        button_list: [{ text: '我会填写', key: 'will_answer' }],
      },
    });
    expect((await s.tap('wangwu', 'other-task-1', 'will_answer')).status).toBe(200);
    expect(replyOf(s, 'wangwu')).toBeUndefined();
    expect(await s.views('other-task-1')).toEqual({});
  });

  it('refuses a bad department (400) and anyone but an admin (403) before calling the platform', async () => {
    const s = await setup();
    for (const department of [0, -1, 'x', 1.5, null]) {
      const refused = await s.post('/api/admin/card', { department });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'bad_department' } });
    }
    const member = await login(s, 'wangwu');
    const forbidden = await s.post('/api/admin/card', { department: 3 }, member.cookie);
    expect(forbidden.status).toBe(403);
    const inbox = (await (await s.emu.fetch('/_emulator/inbox')).json()) as { messages: unknown[] };
    expect(inbox.messages).toEqual([]);
  });

  it('answers 502 with the errcode explained when message/send fails (emulator fault)', async () => {
    const s = await setup();
    await s.fault({ path: '/cgi-bin/message/send', errcode: 45009, count: 1 });
    const failed = await s.post('/api/admin/card', { department: 3 });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { code: 'send_failed', errcode: 45009 } });
  });

  it('still records the tap when update_template_card fails (emulator fault); the card keeps its buttons', async () => {
    const s = await setup();
    const { taskId } = (await (await s.post('/api/admin/card', { department: 3 })).json()) as {
      taskId: string;
    };
    await s.fault({ path: '/cgi-bin/message/update_template_card', errcode: 45009, count: 1 });
    expect((await s.tap('zhengshi', taskId, 'will_answer')).status).toBe(200);
    expect(replyOf(s, 'zhengshi')).toBe('will_answer');
    expect(await s.views(taskId)).toEqual({});
  });
});
