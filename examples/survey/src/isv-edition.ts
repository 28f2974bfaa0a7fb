import { createHmac } from 'node:crypto';
import type { Logger, Store } from '@wxkit/core';
import type { CorpClient, SuiteClient } from '@wxkit/core/provider';
import { createWxServer, type SessionUser } from '@wxkit/server';
import type { SurveyConfig } from './config.js';
import type { SurveyDatabase } from './db.js';
import { type EditionParts, html, photoNames } from './edition.js';
import { installedPage, type PageContext, sendCard, visitorPage } from './pages.js';
import type { PhotoStore } from './photos.js';
import { SURVEY } from './survey.js';
import { sendTextcard } from './textcard.js';

export interface IsvEditionOptions {
  config: SurveyConfig;
  suite: SuiteClient;
  store: Store;
  db: SurveyDatabase;
  photos: PhotoStore;
  clock: () => number;
  logger?: Logger;
}

export interface IsvEdition extends EditionParts {
  suite: SuiteClient;
  /** Deletes the answers (and their photos) of every corp that is no longer a tenant; returns those corps. */
  reconcile(): Promise<string[]>;
}

/** The corp of a member's session: stamped by the kit from the platform's answer, never from the request. */
const corpOf = (user: SessionUser): string => {
  if (typeof user.corpId !== 'string' || user.corpId === '')
    throw new Error('survey (isv): a session without a corp reached the edition; member() lets none through');
  return user.corpId;
};

/** The department names of a corp, fetched with its own client, kept 10 minutes. */
const DEPARTMENTS_MS = 600_000;

/**
 * The third-party app edition (第三方应用): one suite installed in many corps. Members of every corp that installed
 * it log in (appid = suite_id); each member reads and writes only their corp's space of the database, and every
 * platform call for them goes through their corp's client. Uninstalling (cancel_auth) deletes that corp's data.
 */
export function isvEdition(options: IsvEditionOptions): IsvEdition {
  const { config, suite, db, photos, clock } = options;
  const { base } = config.isv;
  const link = `${config.publicUrl}${base}/`;
  const page: PageContext = { base, platform: 'wecom' };
  const wx = createWxServer({
    suite,
    store: options.store,
    prefix: `${base}/wx`,
    // Its own sessions: a member of the own app must not open the third-party app, nor the reverse.
    session: {
      secret: createHmac('sha256', config.sessionSecret).update('survey-isv-edition').digest('base64url'),
      ...(base ? { cookieName: 'wx_isv_session' } : {}),
    },
    publicUrl: config.publicOrigins,
    jssdk: { domains: config.jssdkDomains, jsApiList: ['closeWindow'] },
    commands: config.isv.commands,
    // The data callback (数据回调, URL …/isv/wx/events/$CORPID$): one Token and EncodingAESKey for both callbacks.
    callback: { token: config.isv.commands.token, encodingAESKey: config.isv.commands.encodingAESKey },
    install: { done: `${base}/installed` },
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  const departments = new Map<string, { at: number; list: { id: number; name: string }[] }>();
  const departmentList = async (corp: CorpClient) => {
    const held = departments.get(corp.corpId);
    if (held && clock() - held.at <= DEPARTMENTS_MS) return held.list;
    const list = await corp.departments.list();
    departments.set(corp.corpId, { at: clock(), list });
    return list;
  };
  const clientOf = (user: SessionUser) => suite.corp(corpOf(user));

  /** A corp's data gone: its answers (durably), their photos, what is cached of it. */
  const forget = (corpId: string) => {
    const dropped = db.dropCorp(corpId);
    photos.remove(dropped.flatMap((s) => photoNames(s.answers)));
    departments.delete(corpId);
    options.logger?.info(
      `survey (isv): corp ${corpId} uninstalled the app; ${dropped.length} answers deleted`,
    );
  };
  wx.on('uninstalled', ({ corpId }) => {
    if (corpId) forget(corpId);
  });
  // A member's menu click, on their corp's data callback: the count of that corp's answers (the event names the
  // corp the kit decrypted it for; a corp that is not a tenant never gets here).
  wx.on('click', (event) =>
    event.key === 'RESULTS' && event.corpId
      ? `已有 ${db.corp(event.corpId).count(SURVEY.id)} 人提交问卷，查看结果：${link}results`
      : undefined,
  );
  wx.on('enter_agent', () => undefined);
  wx.on('installed', ({ corpId }) => {
    options.logger?.info(`survey (isv): installed in corp ${corpId}`);
  });

  return {
    platform: 'wecom',
    base,
    wx,
    suite,
    survey: SURVEY.id,
    // The only way to the database from this edition: the space of the session's corp.
    answers: (user) => db.corp(corpOf(user)),
    async member(request) {
      const user = await wx.getUser(request);
      // A session outlives its corp's install: once the corp is gone (cancel_auth), it opens nothing.
      const corpId = typeof user?.corpId === 'string' ? user.corpId : '';
      return corpId && (await suite.tenants.get(corpId)) ? user : undefined;
    },
    openPage(path, request, user) {
      if (path === '/installed')
        return html(installedPage(page, new URL(request.url).searchParams.get('corp_id') ?? ''));
      // Outside WeCom a visitor may be an admin looking for the app: the install link, and a member login.
      // Inside WeCom (the workbench opens this page) the member is logged in silently instead.
      if (path === '/' && !user && !/wxwork/i.test(request.headers.get('user-agent') ?? ''))
        return html(visitorPage(page));
      return undefined;
    },
    media: async (mediaId, user) => (await clientOf(user)).media.get(mediaId),
    async describe(user) {
      const ids = (user.department as number[] | undefined) ?? [];
      const list = await clientOf(user)
        .then(departmentList)
        .catch(() => []);
      return ids.map((id) => list.find((d) => d.id === id)?.name ?? String(id)).join('、');
    },
    isAdmin: (user) => config.isv.admins.includes(user.id),
    async admin(user) {
      return { cards: sendCard(await departmentList(await clientOf(user))), link };
    },
    async adminApi(path, request, user) {
      // The corp client's token and agentid (the tenant record's) reach only the admin's own corp.
      if (path === '/api/admin/send') return sendTextcard(await clientOf(user), request, link);
      return undefined;
    },
    async reconcile() {
      const gone: string[] = [];
      for (const corpId of db.corps())
        if (!(await suite.tenants.get(corpId))) {
          forget(corpId);
          gone.push(corpId);
        }
      return gone;
    },
  };
}
