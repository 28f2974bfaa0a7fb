import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, silentLogger } from '@wxkit/core';
import { createEmulator, type Emulator } from '@wxkit/emulator';
import { freePort } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, startSurvey } from '../src/index.js';
import { OA_SURVEY, registerOaCallback, welcomeReply } from '../src/oa-edition.js';
import { login, setupSurvey } from './fixtures/session.js';

const ANSWERS = { q1: '骑行/步行', q2: ['食堂'], q3: 5, q4: '' };
const setup = setupSurvey;

describe('the Official Account edition (/oa beside the WeCom edition)', () => {
  it('logs a follower in with snsapi_userinfo and greets them by nickname', async () => {
    const s = await setup();
    const { cookie, authorize } = await login(s, 'o-xiaohong', '/oa');
    expect(authorize.searchParams.get('scope')).toBe('snsapi_userinfo');
    expect(authorize.searchParams.get('appid')).toBe('wx0123456789abcdef');
    expect(new URL(authorize.searchParams.get('redirect_uri') ?? '').pathname).toBe('/oa/');
    const page = await (await s.call('/oa/', { headers: { cookie } })).text();
    expect(page).toContain('<b id="member-name">小红</b>');
    expect(page).toContain('data-platform="oa"');
    expect(page).toContain('data-base="/oa"');
  });

  it("keeps the followers' answers apart from the members' ones", async () => {
    const s = await setup();
    const follower = await login(s, 'o-xiaohong', '/oa');
    const saved = await s.call('/oa/api/answers', {
      method: 'POST',
      headers: { cookie: follower.cookie },
      body: JSON.stringify(ANSWERS),
    });
    expect(await saved.json()).toEqual({ ok: true, total: 1 });
    expect(s.app.db.submitted(OA_SURVEY, 'o-xiaohong')).toBe(true);
    const member = await login(s, 'zhangsan');
    const results = await (await s.call('/results', { headers: { cookie: member.cookie } })).text();
    expect(results).toContain('<b id="total">0</b>');
    const oaResults = await (await s.call('/oa/results', { headers: { cookie: follower.cookie } })).text();
    expect(oaResults).toContain('<b id="total">1</b>');
  });

  it("does not let a WeCom member's session open the OA edition, nor a follower's the WeCom one", async () => {
    const s = await setup();
    const member = await login(s, 'zhangsan');
    const follower = await login(s, 'o-xiaohong', '/oa');
    expect(await (await s.call('/oa/', { headers: { cookie: member.cookie } })).text()).toContain('正在登录');
    expect(await (await s.call('/', { headers: { cookie: follower.cookie } })).text()).toContain('正在登录');
    // The bearer token of one edition is not a session of the other (each seals with its own key).
    const forged = await s.call('/oa/api/answers', {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}` },
      body: JSON.stringify(ANSWERS),
    });
    expect(forged.status).toBe(401);
    expect(s.app.db.count(OA_SURVEY)).toBe(0);
  });

  it('lets only SURVEY_OA_ADMINS followers open the OA admin page', async () => {
    const s = await setup();
    const follower = await login(s, 'o-xiaohong', '/oa');
    expect((await s.call('/oa/admin', { headers: { cookie: follower.cookie } })).status).toBe(403);
    const admin = await login(s, 'o-xiaoming', '/oa');
    const page = await s.call('/oa/admin', { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="oa-qr"');
  });

  it('signs the JS-SDK config of an /oa page with the account, not the corp', async () => {
    const s = await setup();
    const url = encodeURIComponent('http://localhost:3000/oa/');
    const config = (await (await s.call(`/oa/wx/jssdk/config?url=${url}&jsApiList=chooseImage`)).json()) as {
      appId: string;
      agentConfig?: unknown;
    };
    expect(config.appId).toBe('wx0123456789abcdef');
    expect(config.agentConfig).toBeUndefined();
  });
});

describe('the OA edition alone (SURVEY_PLATFORM=oa)', () => {
  it('serves the OA edition at / with the kit under /wx', async () => {
    const s = await setup({ SURVEY_PLATFORM: 'oa' });
    expect(s.config.editions).toEqual(['oa']);
    const start = await s.call('/wx/login?mode=spa&redirect=%2F');
    expect(start.headers.get('location')).toContain('appid=wx0123456789abcdef');
    expect(await (await s.call('/')).text()).toContain('data-platform="oa"');
  });

  it('refuses a wrong SURVEY_PLATFORM, safe mode without its key, and the demo OA secret on the real platform', () => {
    expect(() => loadConfig({ SURVEY_PLATFORM: 'wechat', WXKIT_EMULATOR_HOST: 'e' })).toThrow(ConfigError);
    expect(() => loadConfig({ OA_CALLBACK_MODE: 'safe', WXKIT_EMULATOR_HOST: 'e' })).toThrow(
      /OA_ENCODING_AES_KEY/,
    );
    expect(() =>
      loadConfig({ SURVEY_PLATFORM: 'oa', OA_APP_ID: 'wxreal', SESSION_SECRET: 'x'.repeat(40) }),
    ).toThrow(/OA_APP_SECRET/);
    expect(
      loadConfig({ OA_APP_ID: 'wxreal', OA_APP_SECRET: 's', SESSION_SECRET: 'x'.repeat(40) }).editions,
    ).toEqual(['oa']);
  });
});

describe('a follow through the survey QR code (callbacks from the emulator)', () => {
  let emulator: Emulator;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    emulator = await createEmulator();
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });

  const serve = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'survey-oa-'));
    const config = loadConfig({
      PORT: String(port),
      WXKIT_EMULATOR_HOST: 'emulator.local',
      SURVEY_DB: join(dir, 'survey.db'),
      ...env,
    });
    const survey = await startSurvey({
      config,
      host: '127.0.0.1',
      fetch: emulator.fetch,
      store: createMemoryStore(),
      logger: silentLogger,
    });
    closers.push(() => survey.close());
    expect(await registerOaCallback(config, { fetch: emulator.fetch, emulatorUrl: '' })).toMatchObject({
      ok: true,
    });
    return { config, survey };
  };
  const push = async (body: Record<string, unknown>) =>
    (await (
      await emulator.fetch('/_emulator/oa/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as { status: number; reply?: string };

  it("creates the survey's parametric QR code once for the admin page; scanning it follows, then SCANs, each answered with the link", async () => {
    const s = await setup({}, { listen: true });
    const saved = await registerOaCallback(s.config, {
      fetch: s.emu.fetch,
      emulatorUrl: '',
      url: `http://127.0.0.1:${s.port}/oa/wx/events`,
    });
    expect(saved).toMatchObject({ ok: true });
    const admin = await login(s, 'o-xiaoming', '/oa');
    const page = await (await s.call('/oa/admin', { headers: { cookie: admin.cookie } })).text();
    const ticket = /data-ticket="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(ticket).not.toBe('');
    expect(page).toContain(`/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`);
    // The page again: the same 30-day code, not a new one per view.
    expect(await (await s.call('/oa/admin', { headers: { cookie: admin.cookie } })).text()).toContain(
      `data-ticket="${ticket}"`,
    );
    const scan = async () =>
      (await (
        await s.emu.fetch('/_emulator/oa/scan', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ticket, openid: 'o-reader', nickname: '读者' }),
        })
      ).json()) as { pushed: string; scene: string; reply?: string };
    const first = await scan();
    expect(first).toMatchObject({ pushed: 'subscribe', scene: 'survey:workplace-2026:qr' });
    expect(first.reply).toContain('感谢关注');
    expect(first.reply).toContain('http://localhost:3000/oa/?from=qr');
    const second = await scan();
    expect(second.pushed).toBe('SCAN');
    expect(second.reply).toContain('http://localhost:3000/oa/?from=qr');
    expect(second.reply).not.toContain('感谢关注');
    // The new follower's nickname, through snsapi_userinfo.
    const reader = await login(s, 'o-reader', '/oa');
    expect(await (await s.call('/oa/', { headers: { cookie: reader.cookie } })).text()).toContain(
      '<b id="member-name">读者</b>',
    );
  });

  it('shows the admin page, without the code, when qrcode/create fails (emulator fault)', async () => {
    const s = await setup();
    await s.emu.fetch('/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/cgi-bin/qrcode/create', errcode: 45009, count: 1 }),
    });
    const admin = await login(s, 'o-xiaoming', '/oa');
    const page = await s.call('/oa/admin', { headers: { cookie: admin.cookie } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('带参数二维码暂不可用');
    expect(text).toContain('45009');
    expect(text).not.toContain('data-ticket');
    expect(text).not.toMatch(/access_token=(?!\*\*\*)/);
  });

  it('replies to a subscribe with the qrscene_ of the survey with the survey link, the tag carried as from', async () => {
    const { config } = await serve();
    const pushed = await push({
      type: 'subscribe',
      scene: 'survey:workplace-2026:poster',
      openid: 'o-newcomer',
    });
    expect(pushed.status).toBe(200);
    expect(pushed.reply).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(pushed.reply).toContain(`${config.publicUrl}/oa/?from=poster`);
    expect(pushed.reply).toContain('<ToUserName><![CDATA[o-newcomer]]></ToUserName>');
  });

  it('replies to a follower scanning the code again (SCAN) and to a plain follow with the link', async () => {
    const { config } = await serve();
    expect(
      (await push({ type: 'scan', scene: 'survey:workplace-2026', openid: 'o-xiaohong' })).reply,
    ).toContain(`${config.publicUrl}/oa/`);
    expect((await push({ type: 'subscribe', openid: 'o-xiaogang' })).reply).toContain('感谢关注');
  });

  it("says a closed survey's code has ended, and leaves other accounts' scenes unanswered", async () => {
    await serve();
    expect((await push({ type: 'subscribe', scene: 'survey:lunch-2025' })).reply).toContain('已结束');
    expect((await push({ type: 'subscribe', scene: '12345' })).reply).toBeUndefined();
    expect((await push({ type: 'scan', scene: 'survey:../../x' })).reply).toBeUndefined();
  });

  it('answers in safe mode when the account is set to it (the reply encrypted, read back by the emulator)', async () => {
    const { config } = await serve({
      OA_CALLBACK_MODE: 'safe',
      OA_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    });
    const pushed = (await (
      await emulator.fetch('/_emulator/oa/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'subscribe', scene: 'survey:workplace-2026' }),
      })
    ).json()) as { status: number; response?: string; reply?: string };
    expect(pushed.response).toContain('<Encrypt>');
    expect(pushed.response).not.toContain('workplace');
    expect(pushed.reply).toContain(`${config.publicUrl}/oa/`);
  });
});

describe('the reply to a follow or a scan (property)', () => {
  it('links only to the survey, whatever scene a QR code carries', () => {
    const link = 'http://localhost:3000/oa/';
    fc.assert(
      fc.property(
        fc.constantFrom('subscribe', 'scan'),
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.constant(undefined),
          fc.stringMatching(/^survey:workplace-2026(:[\w-]{0,20})?$/),
        ),
        (type, scene) => {
          const reply = welcomeReply(type, scene, link);
          if (reply === undefined) return;
          const hrefs = [...reply.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
          if (reply.includes('已结束')) expect(hrefs).toEqual([]);
          else expect(hrefs).toHaveLength(1);
          for (const href of hrefs)
            expect(href).toMatch(/^http:\/\/localhost:3000\/oa\/(\?from=[\w-]{1,16})?$/);
          // Nothing of the scene but its checked tag reaches the text.
          expect(reply.replace(/<a href="[^"]*">[^<]*<\/a>/, '')).not.toMatch(/[<>"]/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
