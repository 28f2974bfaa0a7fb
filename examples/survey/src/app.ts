import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileStore, createMemoryStore, createWeCom, type Logger, type Store } from '@wxkit/core';
import { createRedisStore } from '@wxkit/redis';
import { createWxServer, errorResponse, type SessionUser } from '@wxkit/server';
import QRCode from 'qrcode';
import type { SurveyConfig } from './config.js';
import { openDatabase } from './db.js';
import { adminPage, forbiddenPage, loginPage, resultsPage, surveyPage } from './pages.js';
import { AnswerError, SURVEY, validateAnswers } from './survey.js';

export interface SurveyAppOptions {
  config: SurveyConfig;
  /** Injected in tests (e.g. the emulator's in-process fetch). */
  fetch?: typeof fetch;
  store?: Store;
  clock?: () => number;
  logger?: Logger;
}

const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });

/** The survey app as one web-standard handler, built only on the public wxkit kits. */
export function createSurveyApp(options: SurveyAppOptions) {
  const { config } = options;
  const clock = options.clock ?? Date.now;
  const env = config.emulatorHost ? { WXKIT_EMULATOR_HOST: config.emulatorHost } : {};
  const redis =
    !options.store && config.redisUrl
      ? createRedisStore({ url: config.redisUrl, prefix: config.redisPrefix })
      : undefined;
  // Against the emulator, whose tokens and tickets die with it, a cache that survives restarts would hand the
  // page a ticket the next emulator never issued: keep them in memory there.
  const store =
    options.store ??
    redis ??
    (config.emulatorHost
      ? createMemoryStore()
      : createFileStore({ path: join(dirname(config.dbPath), 'tokens.json') }));
  const common = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    env,
  };
  const wecom = createWeCom({
    corpId: config.corpId,
    corpSecret: config.secret,
    agentId: config.agentId,
    store,
    ...common,
  });
  const wx = createWxServer({
    wecom,
    store,
    session: { secret: config.sessionSecret },
    publicUrl: config.publicOrigins,
    jssdk: { domains: config.jssdkDomains, jsApiList: ['closeWindow'] },
    verifyFiles: config.verifyFiles,
    callback: config.callback,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  wx.on('click', (event) =>
    event.key === 'RESULTS'
      ? `已有 ${db.count(SURVEY.id)} 人提交问卷，查看结果：${config.publicUrl}/results`
      : undefined,
  );
  wx.on('enter_agent', () => undefined);
  const db = openDatabase(config.dbPath);
  // The pages' script (page/app.ts with @wxkit/browser inlined), bundled by the build: the same file whether
  // this module runs from src/ or dist/.
  const pageScript = fileURLToPath(new URL('../dist/page/app.js', import.meta.url));

  let departments: { at: number; list: { id: number; name: string }[] } | undefined;
  const departmentList = async () => {
    if (!departments || clock() - departments.at > 600_000)
      departments = { at: clock(), list: await wecom.departments.list() };
    return departments.list;
  };
  const departmentName = async (user: SessionUser) => {
    const ids = (user.department as number[] | undefined) ?? [];
    const list = await departmentList().catch(() => []);
    return ids.map((id) => list.find((d) => d.id === id)?.name ?? String(id)).join('、');
  };

  const asset = async (path: string): Promise<Response> => {
    if (path !== '/assets/app.js') return errorResponse(404, { code: 'not_found', message: path });
    try {
      return new Response(await readFile(pageScript), {
        headers: { 'content-type': 'text/javascript; charset=utf-8' },
      });
    } catch {
      return errorResponse(404, { code: 'not_found', message: `${path} (build the survey: npm run build)` });
    }
  };

  // The app's own authorisation: the kit proves who the member is, the app decides what they may do.
  const isAdmin = (user: SessionUser) =>
    config.admins.userids.includes(user.id) ||
    ((user.department as number[] | undefined) ?? []).some((d) => config.admins.departments.includes(d));
  const notAdmin = () =>
    errorResponse(403, {
      code: 'not_admin',
      message: '只有管理员可以发送问卷 (admins only)',
      hint: 'Add the member to SURVEY_ADMINS or a department to SURVEY_ADMIN_DEPARTMENTS',
    });

  const route = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path.startsWith('/assets/')) return asset(path);
    if (path === '/healthz') return json({ ok: true });
    // The same CSRF rule as the kit's own routes: JSON only, and never from another site.
    const crossSite = wx.refuseCrossSite(request, { json: true });
    if (crossSite) return crossSite;
    const user = await wx.getUser(request);
    if (request.method === 'GET' && ['/', '/results', '/admin'].includes(path)) {
      if (!user) return html(loginPage());
      const department = await departmentName(user);
      if (path === '/') return html(surveyPage(user, department, db.submitted(SURVEY.id, user.id)));
      if (path === '/results')
        return html(resultsPage(user, department, db.count(SURVEY.id), db.tally(SURVEY.id)));
      if (!isAdmin(user)) return html(forbiddenPage(user), 403);
      const link = `${config.publicUrl}/`;
      return html(
        adminPage(
          user,
          department,
          await departmentList(),
          link,
          await QRCode.toString(link, { type: 'svg', margin: 1 }),
        ),
      );
    }
    if (path === '/api/answers' && request.method === 'POST') {
      if (!user)
        return errorResponse(401, {
          code: 'unauthenticated',
          message: '请先登录',
          hint: 'GET /wx/login?redirect=/',
        });
      try {
        const answers = validateAnswers(await request.json().catch(() => undefined));
        db.save({
          survey: SURVEY.id,
          userid: user.id,
          name: user.name,
          department: await departmentName(user),
          answers,
          at: clock(),
        });
        return json({ ok: true, total: db.count(SURVEY.id) });
      } catch (error) {
        if (error instanceof AnswerError)
          return errorResponse(400, { code: 'invalid_answer', message: error.message });
        throw error;
      }
    }
    if (path === '/api/admin/send' && request.method === 'POST') {
      if (!user) return errorResponse(401, { code: 'unauthenticated', message: '请先登录' });
      if (!isAdmin(user)) return notAdmin();
      const body = (await request.json().catch(() => ({}))) as { department?: unknown };
      const department = Number(body.department);
      if (!Number.isInteger(department) || department < 1)
        return errorResponse(400, { code: 'bad_department', message: 'department must be a department id' });
      try {
        const result = await wecom.messages.send({
          toparty: [department],
          textcard: {
            title: SURVEY.title,
            description: `<div class="gray">${SURVEY.intro}</div><div class="highlight">请在本周内填写</div>`,
            url: `${config.publicUrl}/`,
            btntxt: '去填写',
          },
        });
        return json({ ok: true, msgid: result.msgid, delivered: department });
      } catch (error) {
        const e = error as { errcode?: number; hint?: string; message: string };
        return errorResponse(502, {
          code: 'send_failed',
          message: e.message,
          ...(e.errcode ? { errcode: e.errcode } : {}),
          ...(e.hint ? { hint: e.hint } : {}),
        });
      }
    }
    return errorResponse(404, {
      code: 'not_found',
      message: `${request.method} ${path} is not a page of the survey`,
    });
  };

  return {
    wx,
    db,
    /** The survey's own pages and APIs, without the wxkit routes. */
    pages: route,
    async fetch(request: Request): Promise<Response> {
      return (await wx.handle(request)) ?? route(request);
    },
    async close() {
      db.close();
      await redis?.close();
    },
  };
}

export type SurveyApp = ReturnType<typeof createSurveyApp>;
