import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, silentLogger } from '@wxkit/core';
import { createEmulator } from '@wxkit/emulator';
import { cookiesOf, loginThroughEmulator } from '@wxkit/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createSurveyApp, loadConfig } from '../src/index.js';

const UA = 'Mozilla/5.0 (iPhone) wxwork/4.1.22 MicroMessenger/7.0.1';
const ANSWERS = { q1: '地铁', q2: ['网络', '食堂'], q3: 4, q4: '多一些绿植' };
const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'survey-'));
  const emu = await createEmulator();
  const config = loadConfig({
    PORT: '3000',
    WXKIT_EMULATOR_HOST: 'emulator.local',
    SURVEY_DB: join(dir, 'survey.db'),
  });
  const app = createSurveyApp({ config, fetch: emu.fetch, store: createMemoryStore(), logger: silentLogger });
  apps.push(app);
  // As the page's own fetch() sends them: POSTs as JSON.
  const call = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (init.method === 'POST' && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return app.fetch(new Request(new URL(path, 'http://localhost:3000'), { ...init, headers }));
  };
  return { emu, app, call, dir };
}

async function login(s: Awaited<ReturnType<typeof setup>>, userid: string) {
  const login = await loginThroughEmulator({
    app: s.call,
    emulator: s.emu.fetch,
    member: userid,
    userAgent: UA,
  });
  expect(login.back.pathname).toBe('/');
  const cookie = login.cookies
    .split('; ')
    .filter((c) => c.startsWith('wx_session='))
    .join('; ');
  const body = JSON.stringify({ code: login.code, state: login.state });
  return { cookie, stateCookie: cookiesOf(login.responses.start), body };
}

describe('the survey app', () => {
  it('shows the login page to a visitor without a session', async () => {
    const s = await setup();
    expect(await (await s.call('/')).text()).toContain('正在登录');
  });

  it('greets the member by name and department from the directory', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'zhangsan');
    const page = await (await s.call('/', { headers: { cookie } })).text();
    expect(page).toContain('<b id="member-name">张三</b>');
    expect(page).toContain('研发部');
  });

  it('stores a submission and counts it on the results page', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'lisi');
    const saved = await s.call('/api/answers', {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify(ANSWERS),
    });
    expect(await saved.json()).toEqual({ ok: true, total: 1 });
    const results = await (await s.call('/results', { headers: { cookie } })).text();
    expect(results).toContain('<b id="total">1</b>');
    expect(results).toMatch(/data-count="地铁">1</);
  });

  it('refuses invalid answers with the question that is wrong', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'wangwu');
    const bad = await s.call('/api/answers', {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify({ ...ANSWERS, q3: 9 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_answer', message: 'q3: rate from 1 to 5' },
    });
    expect((await s.call('/api/answers', { method: 'POST', body: JSON.stringify(ANSWERS) })).status).toBe(
      401,
    );
  });

  it('answers a reload that posts the used code again with the same session, not 40029', async () => {
    const s = await setup();
    const first = await login(s, 'zhaoliu');
    const again = await s.call('/wx/session', {
      method: 'POST',
      headers: { cookie: first.stateCookie },
      body: first.body,
    });
    expect(again.status).toBe(200);
  });

  it('sends the survey link to a department as a textcard that reaches the emulator inbox', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'linger');
    const sent = await s.call('/api/admin/send', {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify({ department: 3 }),
    });
    expect(await sent.json()).toMatchObject({ ok: true });
    const inbox = (await (await s.emu.fetch('/_emulator/inbox')).json()) as {
      messages: { body: { msgtype: string }; delivered: string[] }[];
    };
    expect(inbox.messages[0]?.body.msgtype).toBe('textcard');
    expect(inbox.messages[0]?.delivered).toEqual(expect.arrayContaining(['wangwu', 'wujiu', 'zhengshi']));
    const admin = await (await s.call('/admin', { headers: { cookie } })).text();
    expect(admin).toContain('<svg');
  });

  it('lets only the configured admins open the admin page or message a department', async () => {
    const s = await setup();
    const { cookie } = await login(s, 'wangwu');
    const page = await s.call('/admin', { headers: { cookie } });
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain('<svg');
    const sent = await s.call('/api/admin/send', {
      method: 'POST',
      headers: { cookie },
      body: '{"department":1}',
    });
    expect(sent.status).toBe(403);
    expect(await sent.json()).toMatchObject({ error: { code: 'not_admin' } });
    const inbox = (await (await s.emu.fetch('/_emulator/inbox')).json()) as { messages: unknown[] };
    expect(inbox.messages).toEqual([]);
  });

  it("refuses another site's form posting answers or messages in a member's name (CSRF)", async () => {
    const s = await setup();
    const { cookie } = await login(s, 'linger');
    for (const headers of [
      { cookie, 'content-type': 'text/plain' },
      { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      { cookie, 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
    ]) {
      const forged = await s.call('/api/admin/send', { method: 'POST', headers, body: '{"department":1}' });
      expect([403, 415]).toContain(forged.status);
    }
    const inbox = (await (await s.emu.fetch('/_emulator/inbox')).json()) as { messages: unknown[] };
    expect(inbox.messages).toEqual([]);
  });

  it('refuses to start against the real platform with the demo secrets', () => {
    expect(() => loadConfig({ PORT: '3000' })).toThrow(/WXKIT_EMULATOR_HOST/);
  });
});

describe('restarting against a new emulator', () => {
  it('signs with the new emulator ticket, not one cached from the previous run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'survey-restart-'));
    const env = { PORT: '3000', WXKIT_EMULATOR_HOST: 'emulator.local', SURVEY_DB: join(dir, 'survey.db') };
    const page = 'http://localhost:3000/';
    const signWith = async (emu: Awaited<ReturnType<typeof createEmulator>>) => {
      const app = createSurveyApp({ config: loadConfig(env), fetch: emu.fetch, logger: silentLogger });
      const config = (await (
        await app.fetch(new Request(`http://localhost:3000/wx/jssdk/config?url=${encodeURIComponent(page)}`))
      ).json()) as Record<string, unknown>;
      await app.close();
      const body = {
        kind: 'config',
        appId: config['appId'],
        timestamp: config['timestamp'],
        nonceStr: config['nonceStr'],
        signature: config['signature'],
        url: page,
      };
      return (
        await emu.fetch('/_emulator/jssdk/verify', { method: 'POST', body: JSON.stringify(body) })
      ).json();
    };
    expect(await signWith(await createEmulator())).toEqual({ ok: true });
    expect(await signWith(await createEmulator())).toEqual({ ok: true });
  });
});
