import type { Logger, Store, WeComClient } from '@wxkit/core';
import { createWxServer, errorResponse, type SessionUser } from '@wxkit/server';
import { surveyCards } from './cards.js';
import type { SurveyConfig } from './config.js';
import type { SurveyDatabase } from './db.js';
import { type EditionParts, json, platformFailure } from './edition.js';
import { buttonCard, sendCard } from './pages.js';
import { SURVEY } from './survey.js';

export interface WeComEditionOptions {
  config: SurveyConfig;
  wecom: WeComClient;
  store: Store;
  db: SurveyDatabase;
  clock: () => number;
  logger?: Logger;
}

/** The WeCom edition: members of the corp, the directory's departments, messages to a department. */
export function weComEdition(options: WeComEditionOptions): EditionParts {
  const { config, wecom, db, clock } = options;
  const wx = createWxServer({
    wecom,
    store: options.store,
    session: { secret: config.sessionSecret },
    publicUrl: config.publicOrigins,
    jssdk: { domains: config.jssdkDomains, jsApiList: ['closeWindow'] },
    verifyFiles: config.verifyFiles,
    callback: config.callback,
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  wx.on('click', (event) =>
    event.key === 'RESULTS'
      ? `已有 ${db.count(SURVEY.id)} 人提交问卷，查看结果：${config.publicUrl}/results`
      : undefined,
  );
  wx.on('enter_agent', () => undefined);
  const cards = surveyCards({
    wecom,
    wx,
    db,
    clock,
    link: `${config.publicUrl}/`,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  let departments: { at: number; list: { id: number; name: string }[] } | undefined;
  const departmentList = async () => {
    if (!departments || clock() - departments.at > 600_000)
      departments = { at: clock(), list: await wecom.departments.list() };
    return departments.list;
  };

  // The app's own authorisation: the kit proves who the member is, the app decides what they may do.
  const isAdmin = (user: SessionUser) =>
    config.admins.userids.includes(user.id) ||
    ((user.department as number[] | undefined) ?? []).some((d) => config.admins.departments.includes(d));

  const sendTextcard = async (request: Request): Promise<Response> => {
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
      return platformFailure('send_failed', error);
    }
  };

  return {
    platform: 'wecom',
    base: '',
    wx,
    survey: SURVEY.id,
    media: (mediaId) => wecom.media.get(mediaId),
    async describe(user) {
      const ids = (user.department as number[] | undefined) ?? [];
      const list = await departmentList().catch(() => []);
      return ids.map((id) => list.find((d) => d.id === id)?.name ?? String(id)).join('、');
    },
    isAdmin,
    async admin() {
      const list = await departmentList();
      return { cards: sendCard(list) + buttonCard(list, cards.tally()), link: `${config.publicUrl}/` };
    },
    async adminApi(path, request) {
      if (path === '/api/admin/send') return sendTextcard(request);
      if (path === '/api/admin/card') return cards.send(request);
      return undefined;
    },
  };
}
