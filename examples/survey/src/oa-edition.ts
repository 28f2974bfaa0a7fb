import { createHmac } from 'node:crypto';
import type { Logger, OfficialAccountClient, Store } from '@wxkit/core';
import { createWxServer, type SessionUser, type WxEvent } from '@wxkit/server';
import QRCode from 'qrcode';
import type { SurveyConfig } from './config.js';
import type { SurveyDatabase } from './db.js';
import type { EditionParts } from './edition.js';
import { h, publishCard } from './pages.js';
import { publishResults } from './publish.js';
import { SURVEY } from './survey.js';

export interface OaEditionOptions {
  config: SurveyConfig;
  oa: OfficialAccountClient;
  store: Store;
  db: SurveyDatabase;
  clock: () => number;
  logger?: Logger;
}

/** The OA edition's answers are kept apart from the WeCom edition's (openids and userids are different people). */
export const OA_SURVEY = `${SURVEY.id}@oa`;

/**
 * The parametric QR code's scene: `survey:<id>` or `survey:<id>:<tag>` (a string scene is 1-64 characters, OA
 * doc "生成带参数的二维码"). The tag says where the code was printed and comes back in the link as `from`.
 */
export const sceneFor = (tag?: string) => `survey:${SURVEY.id}${tag ? `:${tag}` : ''}`;
const SCENE = /^survey:([A-Za-z0-9_-]{1,40})(?::([A-Za-z0-9_-]{1,16}))?$/;
/** A temporary code lives at most 30 days; the admin page renews it a day before it ends. */
const QR_SECONDS = 2_592_000;
const QR_RENEW_MS = 86_400_000;

/**
 * The passive reply to a follow (`subscribe`, scene or none) or a scan (`scan`) of one of the survey's codes: a
 * text with the survey link (`?from=<tag>` when the scene has one); undefined for a scene that is not the survey's.
 */
export function welcomeReply(type: string, scene: string | undefined, link: string): string | undefined {
  if (type === 'scan' && scene === undefined) return undefined;
  const match = scene === undefined ? null : SCENE.exec(scene);
  if (scene !== undefined && !match) return undefined;
  if (match && match[1] !== SURVEY.id) return '这个二维码对应的问卷已结束，感谢关注！';
  const url = match?.[2] ? `${link}?from=${match[2]}` : link;
  return `${type === 'subscribe' ? '感谢关注！' : ''}邀请你填写「${SURVEY.title}」（约 1 分钟）：<a href="${h(url)}">${h(url)}</a>`;
}

export function oaEdition(options: OaEditionOptions): EditionParts {
  const { config, oa, clock } = options;
  const { base } = config.oa;
  const link = `${config.publicUrl}${base}/`;
  const wx = createWxServer({
    officialAccount: oa,
    store: options.store,
    prefix: `${base}/wx`,
    // Its own sessions: a WeCom member's session must not open the OA edition, nor the reverse.
    session: {
      secret: createHmac('sha256', config.sessionSecret).update('survey-oa-edition').digest('base64url'),
      ...(base ? { cookieName: 'wx_oa_session' } : {}),
    },
    publicUrl: config.publicOrigins,
    jssdk: { domains: config.jssdkDomains, jsApiList: ['closeWindow'] },
    verifyFiles: config.oa.verifyFiles,
    callback: config.oa.callback,
    // The nickname on the survey page: snsapi_userinfo (a follower coming from the account's messages is not asked).
    login: { scope: 'snsapi_userinfo' },
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  // A follow through the survey's QR code (subscribe with qrscene_…), or a follower scanning it again (SCAN):
  // the passive reply is the survey link.
  const welcome = (event: WxEvent) => welcomeReply(event.type, event.scene, link);
  wx.on('subscribe', welcome);
  wx.on('scan', welcome);

  let qr: { ticket: string; url: string; until: number } | undefined;
  const surveyQr = async () => {
    if (!qr || qr.until - clock() < QR_RENEW_MS) {
      const created = await oa.qrcode.create({ scene: sceneFor('qr'), expireSeconds: QR_SECONDS });
      qr = {
        ticket: created.ticket,
        url: created.url,
        until: clock() + (created.expire_seconds ?? QR_SECONDS) * 1000,
      };
    }
    return qr;
  };

  const isAdmin = (user: SessionUser) => config.oa.admins.includes(user.openid ?? user.id);
  const publish = publishResults({
    oa,
    db: options.db,
    survey: OA_SURVEY,
    templateId: config.oa.resultsTemplateId,
    resultsUrl: `${link}results`,
    clock,
  });

  return {
    platform: 'oa',
    base,
    wx,
    survey: OA_SURVEY,
    answers: () => options.db,
    // A page's uploadImage serverId is a temporary media_id of the account (3 days), fetched with media/get.
    media: (mediaId) => oa.media.get(mediaId),
    describe: async () => '微信用户 · 公众号',
    isAdmin,
    async admin() {
      try {
        const code = await surveyQr();
        const svg = await QRCode.toString(code.url, { type: 'svg', margin: 1 });
        return {
          link,
          cards: `${publishCard(config.oa.resultsTemplateId !== undefined)}<div class="card" id="oa-qr" data-ticket="${h(code.ticket)}"><div class="q">关注并填写（带参数二维码）</div><div style="width:200px;margin:0 auto">${svg}</div><p class="muted" style="text-align:center">扫码关注公众号，关注后自动收到问卷链接 · 30 天有效 · <a href="${h(oa.qrcode.imageUrl(code.ticket))}">二维码图片</a></p></div>`,
        };
      } catch (error) {
        // The admin page still opens (with the plain link's QR code) when the platform refuses the code.
        return {
          link,
          cards: `${publishCard(config.oa.resultsTemplateId !== undefined)}<div class="card" id="oa-qr"><div class="q">关注并填写（带参数二维码）</div><p class="error">带参数二维码暂不可用：${h((error as Error).message)}</p></div>`,
        };
      }
    },
    async adminApi(path) {
      return path === '/api/admin/publish' ? publish() : undefined;
    },
  };
}

/**
 * Against the emulator only: saves the edition's callback URL for the account, as a person does once in the MP
 * console (设置与开发 → 基本配置 → 服务器配置); the emulator checks it with a GET before keeping it.
 */
export async function registerOaCallback(
  config: SurveyConfig,
  options: {
    fetch?: typeof fetch;
    /** The emulator's origin; '' for an in-process emulator's fetch. Default: http://WXKIT_EMULATOR_HOST. */
    emulatorUrl?: string;
    /** Where the emulator sends the messages; default PUBLIC_URL + the edition + /wx/events. */
    url?: string;
  } = {},
): Promise<{ ok: boolean; reason?: string }> {
  const { callback } = config.oa;
  const fetcher = options.fetch ?? fetch;
  const response = await fetcher(
    `${options.emulatorUrl ?? `http://${config.emulatorHost ?? ''}`}/_emulator/oa/callback`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        appId: config.oa.appId,
        url: options.url ?? `${config.publicUrl}${config.oa.base}/wx/events`,
        token: callback.token,
        mode: callback.mode ?? 'plaintext',
        ...(callback.encodingAESKey ? { encodingAESKey: callback.encodingAESKey } : {}),
      }),
    },
  );
  return (await response.json()) as { ok: boolean; reason?: string };
}
