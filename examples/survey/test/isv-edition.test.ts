import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/index.js';
import { isvWorld } from './fixtures/isv.js';
import { JPEG } from './fixtures/session.js';

const ANSWERS_A = { q1: '地铁', q2: ['食堂'], q3: 5, q4: 'A 的建议' };
const ANSWERS_B = { q1: '自驾', q2: ['网络'], q3: 1, q4: 'B 的建议' };
const SURVEY = 'workplace-2026';

/** lisi's answer with a photo, filed straight into `corp`'s data; the photo's name. */
function answerWithPhoto(w: Awaited<ReturnType<typeof isvWorld>>, corp: string): string {
  const name = w.app.photos.keep({ data: JPEG, contentType: 'image/jpeg', filename: '' });
  w.app.db.corp(corp).save({
    survey: SURVEY,
    userid: 'lisi',
    name: 'lisi',
    department: '',
    answers: { q1: '地铁', q5: [name] },
    at: 1,
  });
  return name;
}

describe('the third-party app edition (/isv): one suite, many corps', () => {
  it('logs a member of each installed corp in and shows each corp only its own answers (same userid in both)', async () => {
    const w = await isvWorld();
    const a = await w.loginAs('wwcorpA');
    const b = await w.loginAs('wwcorpB');
    expect([a.status, b.status]).toEqual([302, 302]);
    const post = (cookie: string, body: unknown) =>
      w.call('/isv/api/answers', { method: 'POST', headers: { cookie }, body: JSON.stringify(body) });
    expect(await (await post(a.cookie, ANSWERS_A)).json()).toEqual({ ok: true, total: 1 });
    // Corp B's first answer: its total is 1, not 2 (A's member is `lisi` too).
    expect(await (await post(b.cookie, ANSWERS_B)).json()).toEqual({ ok: true, total: 1 });
    const resultsOf = async (cookie: string) =>
      (await w.call('/isv/results', { headers: { cookie } })).text();
    const [ra, rb] = [await resultsOf(a.cookie), await resultsOf(b.cookie)];
    expect(ra).toContain('<b id="total">1</b>');
    expect(ra).toContain('data-count="地铁">1<');
    expect(ra).toContain('data-count="自驾">0<');
    expect(rb).toContain('data-count="自驾">1<');
    expect(rb).toContain('data-count="地铁">0<');
    expect(w.app.db.corp('wwcorpA').get(SURVEY, 'lisi')?.answers['q4']).toBe('A 的建议');
    expect(w.app.db.corp('wwcorpB').get(SURVEY, 'lisi')?.answers['q4']).toBe('B 的建议');
    // The own app's edition (/) holds none of them.
    expect(w.app.db.count(SURVEY)).toBe(0);
  });

  it("refuses corp A's admin a photo of corp B's answer asked for by its name", async () => {
    const w = await isvWorld();
    const a = await w.loginAs('wwcorpA');
    const b = await w.loginAs('wwcorpB');
    const name = answerWithPhoto(w, 'wwcorpB');
    expect((await w.call(`/isv/photos/${name}`, { headers: { cookie: a.cookie } })).status).toBe(404);
    const own = await w.call(`/isv/photos/${name}`, { headers: { cookie: b.cookie } });
    expect(own.status).toBe(200);
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(JPEG);
    // Nor through the results page's gallery.
    expect(await (await w.call('/isv/results', { headers: { cookie: a.cookie } })).text()).not.toContain(
      name,
    );
  });

  it("files an answer under the session's corp whatever corp id the request names", async () => {
    const w = await isvWorld();
    const a = await w.loginAs('wwcorpA');
    const forged = await w.call('/isv/api/answers?corpId=wwcorpB&corp_id=wwcorpB', {
      method: 'POST',
      headers: { cookie: `${a.cookie}; corpId=wwcorpB`, 'x-corp-id': 'wwcorpB' },
      body: JSON.stringify(ANSWERS_A),
    });
    expect(forged.status).toBe(200);
    expect(w.app.db.corp('wwcorpB').count(SURVEY)).toBe(0);
    expect(w.app.db.corp('wwcorpA').count(SURVEY)).toBe(1);
    // A corp id in the body is not a question of the survey.
    const inBody = await w.call('/isv/api/answers', {
      method: 'POST',
      headers: { cookie: a.cookie },
      body: JSON.stringify({ ...ANSWERS_A, corpId: 'wwcorpB' }),
    });
    expect(inBody.status).toBe(400);
    expect(w.app.db.corp('wwcorpB').count(SURVEY)).toBe(0);
  });

  it('does not let an own-app session into the third-party app, nor a member of a corp that never installed it', async () => {
    const w = await isvWorld(['wwcorpA']);
    const stranger = await w.loginAs('wwstranger');
    expect(stranger.status).toBe(400);
    expect(stranger.cookie).toBe('');
    const a = await w.loginAs('wwcorpA');
    // The ISV session is not a session of the WeCom edition at / (its own key and cookie).
    const page = await w.call('/', { headers: { cookie: a.cookie.replace('wx_isv_session', 'wx_session') } });
    expect(await page.text()).toContain('正在登录');
  });

  it("sends an admin's survey to their own corp's department with that corp's token and agentid", async () => {
    const w = await isvWorld();
    const b = await w.loginAs('wwcorpB');
    const sent = await w.call('/isv/api/admin/send', {
      method: 'POST',
      headers: { cookie: b.cookie },
      body: JSON.stringify({ department: 2 }),
    });
    expect(await sent.json()).toMatchObject({ ok: true, delivered: 2 });
    const i = w.platform.calls.findIndex((u) => u.pathname === '/cgi-bin/message/send');
    expect(w.platform.calls[i]?.searchParams.get('access_token')).toMatch(/^CORP_wwcorpB_/);
    expect(w.platform.bodies[i]).toMatchObject({
      toparty: '2',
      agentid: 1000012,
      textcard: { url: 'http://localhost:3000/isv/' },
    });
  });

  it('shows the admin page with the departments of their own corp only, and refuses it to a non-admin', async () => {
    const w = await isvWorld();
    const a = await w.loginAs('wwcorpA');
    w.platform.queue('/cgi-bin/department/list', {
      errcode: 0,
      errmsg: 'ok',
      department: [{ id: 7, name: 'A 的研发部', parentid: 1, order: 1 }],
    });
    const page = await w.call('/isv/admin', { headers: { cookie: a.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<option value="7">A 的研发部</option>');
    const i = w.platform.calls.findIndex((u) => u.pathname === '/cgi-bin/department/list');
    expect(w.platform.calls[i]?.searchParams.get('access_token')).toMatch(/^CORP_wwcorpA_/);
    const plain = await isvWorld(['wwcorpA'], { SURVEY_ISV_ADMINS: 'someone-else' });
    const member = await plain.loginAs('wwcorpA');
    expect((await plain.call('/isv/admin', { headers: { cookie: member.cookie } })).status).toBe(403);
    const send = await plain.call('/isv/api/admin/send', {
      method: 'POST',
      headers: { cookie: member.cookie },
      body: JSON.stringify({ department: 1 }),
    });
    expect(send.status).toBe(403);
  });

  it("deletes a corp's answers and photos on cancel_auth; its sessions open nothing; the other corp keeps its own", async () => {
    const w = await isvWorld();
    const a = await w.loginAs('wwcorpA');
    const b = await w.loginAs('wwcorpB');
    const name = answerWithPhoto(w, 'wwcorpA');
    await w.call('/isv/api/answers', {
      method: 'POST',
      headers: { cookie: b.cookie },
      body: JSON.stringify(ANSWERS_B),
    });
    const reply = await w.command({ InfoType: 'cancel_auth', AuthCorpId: 'wwcorpA' });
    expect(await reply.text()).toBe('success');
    await vi.waitFor(() => expect(w.app.db.corps()).toEqual(['wwcorpB']));
    expect(w.app.photos.read(name)).toBeUndefined();
    // Corp A's live session: the login page, and no answer can bring its data back.
    expect(await (await w.call('/isv/', { headers: { cookie: a.cookie } })).text()).toContain('正在登录');
    const late = await w.call('/isv/api/answers', {
      method: 'POST',
      headers: { cookie: a.cookie },
      body: JSON.stringify(ANSWERS_A),
    });
    expect(late.status).toBe(401);
    expect(w.app.db.corp('wwcorpA').count(SURVEY)).toBe(0);
    // Its members can no longer log in; corp B is untouched.
    expect((await w.loginAs('wwcorpA')).status).toBe(400);
    expect(w.app.db.corp('wwcorpB').count(SURVEY)).toBe(1);
  });

  it("answers a member's menu click on their corp's data callback with that corp's count only", async () => {
    const w = await isvWorld();
    const b = await w.loginAs('wwcorpB');
    await w.call('/isv/api/answers', {
      method: 'POST',
      headers: { cookie: b.cookie },
      body: JSON.stringify(ANSWERS_B),
    });
    const fromB = await w.dataEvent('wwcorpB', 'wwcorpB');
    expect(fromB.status).toBe(200);
    expect(fromB.text).toContain('已有 1 人提交问卷');
    const fromA = await w.dataEvent('wwcorpA', 'wwcorpA');
    expect(fromA.text).toContain('已有 0 人提交问卷');
    // Corp A's message posted to corp B's URL is not corp B's (the kit refuses it before the survey hears it).
    expect((await w.dataEvent('wwcorpB', 'wwcorpA')).status).toBe(400);
  });

  it('deletes at start the answers of corps that are no longer tenants (an uninstall no process heard)', async () => {
    const first = await isvWorld(['wwcorpA']);
    const row = { survey: SURVEY, userid: 'u', name: 'u', department: '', answers: {}, at: 1 };
    first.app.db.corp('wwcorpGone').save(row);
    first.app.db.corp('wwcorpA').save(row);
    await first.app.close();
    // The same answers file and store (wwcorpA a tenant, wwcorpGone not): the new process cleans up as it starts.
    const restarted = await isvWorld([], {}, { dir: first.dir, store: first.store });
    await vi.waitFor(() => expect(restarted.app.db.corps()).toEqual(['wwcorpA']));
    expect(await restarted.isv.reconcile()).toEqual([]);
  });
});

describe('the third-party app edition for visitors', () => {
  it('shows a visitor outside WeCom the install link and a member login, and a WeCom member the silent login', async () => {
    const w = await isvWorld();
    const desktop = await (
      await w.call('/isv/', { headers: { 'user-agent': 'Mozilla/5.0 (Macintosh) Chrome/120' } })
    ).text();
    expect(desktop).toContain('href="/isv/wx/suite/install"');
    expect(desktop).toContain('href="/isv/wx/login?redirect=%2Fisv%2F"');
    expect(await (await w.call('/isv/')).text()).toContain('正在登录');
  });

  it("starts an install on the platform's install page and lands the admin on the installed page", async () => {
    const w = await isvWorld([]);
    const start = await w.call('/isv/wx/suite/install');
    expect(start.status).toBe(302);
    const target = new URL(start.headers.get('location') ?? '');
    expect(target.pathname).toBe('/3rdapp/install');
    expect(target.searchParams.get('suite_id')).toBe('wwsuite1');
    expect(target.searchParams.get('redirect_uri')).toBe('http://localhost:3000/isv/wx/suite/installed');
    const page = await (await w.call('/isv/installed?corp_id=wwcorpA%3Cb%3E')).text();
    expect(page).toContain('<b id="installed-corp">wwcorpA&lt;b&gt;</b>');
  });

  it('serves the third-party app at /isv beside the others against the emulator, and refuses its demo secrets on the real platform', () => {
    expect(loadConfig({ WXKIT_EMULATOR_HOST: 'e' }).editions).toEqual(['wecom', 'oa', 'isv']);
    expect(loadConfig({ WXKIT_EMULATOR_HOST: 'e' }).isv).toMatchObject({
      base: '/isv',
      suiteId: 'wwsuitedemo0000001',
      commands: { providerCorpId: 'wwproviderdemo0001', token: 'isvtoken0123456789' },
      admins: ['zhangsan'],
    });
    expect(loadConfig({ WXKIT_EMULATOR_HOST: 'e', SURVEY_PLATFORM: 'isv' }).isv.base).toBe('');
    expect(() => loadConfig({ SUITE_ID: 'wwreal', SESSION_SECRET: 'x'.repeat(40) })).toThrow(
      /demo SUITE_SECRET and SURVEY_SEAL_SECRET/,
    );
    expect(() => loadConfig({ WXKIT_EMULATOR_HOST: 'e', SURVEY_PLATFORM: 'isv,wechat' })).toThrow(
      /SURVEY_PLATFORM/,
    );
    expect(loadConfig({ WXKIT_EMULATOR_HOST: 'e', SURVEY_PLATFORM: 'both' }).editions).toEqual([
      'wecom',
      'oa',
    ]);
  });
});
