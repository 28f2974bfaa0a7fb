import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import { OA_SURVEY } from '../src/oa-edition.js';
import { chinaTime } from '../src/publish.js';
import { dataUrl, JPEG, login, type SurveySetup, setupSurvey, uploadFromPage } from './fixtures/session.js';

const ANSWERS = { q1: '公交', q2: [], q3: 3, q4: '' };
const setup = setupSurvey;
const answerAs = async (s: SurveySetup, openid: string, extra: Record<string, unknown> = {}) => {
  const { cookie } = await login(s, openid, '/oa');
  const saved = await s.call('/oa/api/answers', {
    method: 'POST',
    headers: { cookie },
    body: JSON.stringify({ ...ANSWERS, ...extra }),
  });
  return { cookie, saved };
};
const publish = async (s: SurveySetup, cookie: string) =>
  s.call('/oa/api/admin/publish', { method: 'POST', headers: { cookie }, body: '{}' });
const outbox = async (s: SurveySetup) => (await (await s.emu.fetch('/_emulator/oa/outbox')).text()) as string;

describe('publishing the OA results: a template message to each respondent', () => {
  it('messages every follower who answered, linking to the results page', async () => {
    const s = await setup();
    await answerAs(s, 'o-xiaohong');
    await answerAs(s, 'o-xiaogang');
    const admin = await login(s, 'o-xiaoming', '/oa');
    const published = await publish(s, admin.cookie);
    expect(await published.json()).toMatchObject({ ok: true, total: 2, sent: 2, failed: [] });
    const sent = await outbox(s);
    expect(sent).toContain('o-xiaohong');
    expect(sent).toContain('o-xiaogang');
    expect(sent).toContain('已发布，共 2 人参与');
    expect(sent).toContain('http://localhost:3000/oa/results');
  });

  it('messages nobody twice when a publish is retried after one more answer came in', async () => {
    const s = await setup();
    const delivered = async () =>
      ((await (await s.emu.fetch('/_emulator/stats')).json()) as { sizes: Record<string, number> }).sizes[
        'oaOutbox'
      ];
    await answerAs(s, 'o-xiaohong');
    const admin = await login(s, 'o-xiaoming', '/oa');
    expect((await publish(s, admin.cookie)).status).toBe(200);
    expect(await delivered()).toBe(1);
    await answerAs(s, 'o-xiaogang');
    expect((await publish(s, admin.cookie)).status).toBe(200);
    // The retry reaches o-xiaogang; o-xiaohong's message is the same client_msg_id, sent once.
    expect(await delivered()).toBe(2);
  });

  it('reports the respondents the account cannot message (unfollowed: 43004; unknown openid: 40003) and messages the others', async () => {
    const s = await setup();
    await answerAs(s, 'o-xiaohong');
    await answerAs(s, 'o-xiaogang');
    // An unknown openid authorises as a new user the account has no follower record of (the emulator's authorize page).
    await answerAs(s, 'o-passerby');
    await s.emu.fetch('/_emulator/oa/unfollow', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'o-xiaogang' }),
    });
    const admin = await login(s, 'o-xiaoming', '/oa');
    const body = (await (await publish(s, admin.cookie)).json()) as {
      sent: number;
      failed: { openid: string; errcode?: number }[];
    };
    expect(body.sent).toBe(1);
    expect(body.failed).toEqual([
      expect.objectContaining({ openid: 'o-xiaogang', errcode: 43004 }),
      expect.objectContaining({ openid: 'o-passerby', errcode: 40003 }),
    ]);
  });

  it('answers 502 when every send fails (emulator fault on template/send), naming the errcode', async () => {
    const s = await setup();
    await answerAs(s, 'o-xiaohong');
    await s.emu.fetch('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/message/template/send', errcode: 45009, count: 1 }),
    });
    const admin = await login(s, 'o-xiaoming', '/oa');
    const failed = await publish(s, admin.cookie);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({
      sent: 0,
      failed: [{ openid: 'o-xiaohong', errcode: 45009 }],
    });
  });

  it('refuses to publish without a template (400, the button disabled) and to anyone but an OA admin (403)', async () => {
    const s = await setup({ OA_RESULTS_TEMPLATE_ID: '' });
    const { cookie } = await answerAs(s, 'o-xiaohong');
    expect((await publish(s, cookie)).status).toBe(403);
    const admin = await login(s, 'o-xiaoming', '/oa');
    const refused = await publish(s, admin.cookie);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'no_template' } });
    expect(await (await s.call('/oa/admin', { headers: { cookie: admin.cookie } })).text()).toContain(
      '<button type="submit" disabled>',
    );
    expect(await outbox(s)).toContain('None sent yet.');
  });

  it('writes the time as China time, as the template shows it', () => {
    expect(chinaTime(Date.UTC(2026, 11, 1, 16, 5))).toBe('2026年12月2日 00:05');
  });
});

describe('the photo question in the OA edition (oa.media.get)', () => {
  it("keeps a follower's photo and shows it to the OA admins only, never to the WeCom ones", async () => {
    const s = await setup();
    const serverId = await uploadFromPage(s.emu, DEMO_OA.appId, dataUrl(JPEG));
    const { saved } = await answerAs(s, 'o-xiaohong', { q5: [serverId] });
    expect(await saved.json()).toMatchObject({ ok: true, photos: 1 });
    const [photo] = (s.app.db.get(OA_SURVEY, 'o-xiaohong')?.answers['q5'] as string[] | undefined) ?? [];
    const admin = await login(s, 'o-xiaoming', '/oa');
    const page = await (await s.call('/oa/results', { headers: { cookie: admin.cookie } })).text();
    expect(page).toContain(`src="/oa/photos/${photo}"`);
    const served = await s.call(`/oa/photos/${photo}`, { headers: { cookie: admin.cookie } });
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(JPEG))).toBe(true);
    const wecomAdmin = await login(s, 'zhangsan');
    expect((await s.call(`/photos/${photo}`, { headers: { cookie: wecomAdmin.cookie } })).status).toBe(404);
  });

  it("refuses a serverId the corp's page uploaded: media belong to the account that uploaded them (40007)", async () => {
    const s = await setup();
    const wecomServerId = await uploadFromPage(s.emu, DEMO_WECOM.corpId, dataUrl(JPEG));
    const { saved } = await answerAs(s, 'o-xiaohong', { q5: [wecomServerId] });
    expect(saved.status).toBe(400);
    expect(await saved.json()).toMatchObject({ error: { code: 'photo_expired' } });
  });
});
