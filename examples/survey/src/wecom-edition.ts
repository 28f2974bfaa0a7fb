import type { Logger, Store, WeComClient } from '@wxkit/core';
import { createWxServer, type SessionUser } from '@wxkit/server';
import { surveyCards } from './cards.js';
import type { SurveyConfig } from './config.js';
import type { SurveyDatabase } from './db.js';
import type { EditionParts } from './edition.js';
import { buttonCard, sendCard } from './pages.js';
import { SURVEY } from './survey.js';
import { sendTextcard } from './textcard.js';

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

  return {
    platform: 'wecom',
    base: '',
    wx,
    survey: SURVEY.id,
    answers: () => db,
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
      if (path === '/api/admin/send') return sendTextcard(wecom, request, `${config.publicUrl}/`);
      if (path === '/api/admin/card') return cards.send(request);
      return undefined;
    },
  };
}
