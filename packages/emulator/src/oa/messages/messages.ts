import type { XmlFields } from '@wxkit/core';
import { templateJobFields } from '@wxkit/core/contract';
import {
  keywordFault,
  keywordType,
  LINK_URL,
  OA_CUSTOM_REQUIRED,
  OA_CUSTOM_TYPES,
  placeholders,
} from '@wxkit/core/rules';
import type { Context } from 'hono';
import { guarded, type Service } from '../../context.js';
import { asText, fail, ok } from '../../envelope.js';
import type { SeedOfficialAccount } from '../../seed.js';
import { mediaStore } from '../../wecom/media/store.js';
import { defineState, type World } from '../../world.js';
import { originalId } from '../callbacks/ids.js';
import { pushAfterAnswer } from '../callbacks/send.js';
import { oaPost } from '../common.js';
import { isFollowing } from '../users/follow.js';
import { knownOpenid, takeFromWindow } from './window.js';

/** The platform dedupes one openid + client_msg_id for 10 minutes (模板消息接口, client_msg_id). */
const CLIENT_MSG_ID_MS = 10 * 60_000;
/** Template msgids: the platform's are large integers (200163840 in the doc's TEMPLATESENDJOBFINISH sample). */
const MSGID_BASE = 2_000_000_000;

export interface OaOutboxEntry {
  at: number;
  appId: string;
  openid: string;
  kind: 'template' | 'custom';
  msgid?: number;
  body: Record<string, unknown>;
  /** Template messages: the TEMPLATESENDJOBFINISH Status pushed afterwards. */
  status?: string;
}

/**
 * Template and customer-service messages accepted (newest last), the msgid numbering, and
 * `appId:openid:client_msg_id` → msgid and when it was sent (the platform dedupes for 10 minutes).
 */
export const oaMessageState = defineState('oa-messages', (store) => ({
  outbox: store.ring<OaOutboxEntry>('oaOutbox', 1000),
  sent: store.counter('oaSent'),
  clientMsgIds: store.map<string, { msgid: number; at: number }>('oaClientMsgIds', 10_000),
}));

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The openid checks both sends make: known to the account (40003). */
function recipient(
  c: Context,
  world: World,
  account: SeedOfficialAccount,
  touser: unknown,
): string | Response {
  if (typeof touser !== 'string' || touser === '' || !knownOpenid(world, account, touser))
    return fail(c, 'oa', 40003, 'invalid openid', `${asText(touser)} is not an openid of ${account.appId}`);
  return touser;
}

/**
 * The link of a template message (`url`) or subscription notification (`page`) and its `miniprogram`: an http(s)
 * URL (47003), the appid of a mini program linked to the account (40166 "invalid weapp appid", the menu API's code;
 * unverified for these sends, the doc says only "必须与发模板消息的公众号是绑定关联关系").
 */
export function linkProblem(
  c: Context,
  account: SeedOfficialAccount,
  body: Record<string, unknown>,
  urlField: 'url' | 'page',
): Response | undefined {
  const url = body[urlField];
  // An empty url is "no link" (co-wechat-api: "URL置空…无法点击").
  if (url !== undefined && url !== '' && (typeof url !== 'string' || !LINK_URL.test(url)))
    return fail(
      c,
      'oa',
      47003,
      `argument invalid! ${urlField} invalid`,
      `${urlField} must be an http(s) URL`,
      {
        bareRid: true,
      },
    );
  const mp = body['miniprogram'];
  if (mp === undefined) return undefined;
  const appid = isObject(mp) ? mp['appid'] : undefined;
  if (typeof appid !== 'string' || !(account.linkedMiniPrograms ?? []).includes(appid))
    return fail(
      c,
      'oa',
      40166,
      'invalid weapp appid',
      `miniprogram.appid ${asText(appid)} is not linked to ${account.appId} (seed officialAccounts[].linkedMiniPrograms); unverified: the errcode of template/send and bizsend for it (40166 is the menu API's)`,
    );
  return undefined;
}

/**
 * The data checks template/send (and subscribe/bizsend, oa-subscribe.ts) make against the template's placeholders:
 * the platform's words (`text`, for errmsg) and ours (`why`, for the journal).
 */
export function dataProblem(
  content: string,
  data: Record<string, unknown>,
): { text: string; why: string } | undefined {
  for (const key of placeholders(content)) {
    const field = data[key];
    const value = isObject(field) ? field['value'] : undefined;
    if (value === undefined || value === null) {
      // Untyped placeholders of old templates show empty; a 类目模板 keyword must be filled.
      if (keywordType(key)) return { text: `data.${key}.value is empty`, why: `data.${key} is missing` };
      continue;
    }
    const problem = keywordFault(key, asText(value));
    if (problem) return problem;
  }
  return undefined;
}

function pushJobFinish(
  world: World,
  account: SeedOfficialAccount,
  openid: string,
  msgid: number,
  status: string,
) {
  const fields: XmlFields = {
    ToUserName: originalId(account.appId),
    FromUserName: openid,
    CreateTime: Math.floor(world.now() / 1000),
    MsgType: 'event',
    ...templateJobFields({ msgId: String(msgid), status }),
  };
  pushAfterAnswer(world, account.appId, fields);
}

/**
 * Template messages (模板消息: template/get_all_private_template, template/get_industry, message/template/send
 * with the TEMPLATESENDJOBFINISH event) and customer-service messages (message/custom/send, within the
 * follower's interaction window: oa-window.ts).
 */
export const oaMessages: Service = {
  name: 'oa-messages',
  platform: 'oa',
  register(app, ctx) {
    const oaJson = guarded(app, (c) => oaPost(ctx, c));
    const oa = guarded(app, (c) => ctx.token(c, 'oa'));
    const accountOf = (owner: string) => ctx.world().account(owner) as SeedOfficialAccount;

    oa.get('/cgi-bin/template/get_all_private_template', async (c, token) => {
      const templates = accountOf(token.owner).templates ?? [];
      return c.json({
        template_list: templates.map((t) => ({
          template_id: t.template_id,
          title: t.title,
          primary_industry: t.primary_industry ?? '',
          deputy_industry: t.deputy_industry ?? '',
          content: t.content,
          example: t.example ?? '',
        })),
      });
    });

    oa.get('/cgi-bin/template/get_industry', async (c, token) => {
      const industry = accountOf(token.owner).industry;
      // An account that never set its industries: 46001-like? Unsure; the emulator answers empty classes.
      const pair = (p: [string, string] | undefined) => ({
        first_class: p?.[0] ?? '',
        second_class: p?.[1] ?? '',
      });
      return c.json({
        primary_industry: pair(industry?.primary),
        secondary_industry: pair(industry?.secondary),
      });
    });

    oaJson.post('/cgi-bin/message/template/send', async (c, post) => {
      const { token, body } = post;
      const world = ctx.world();
      const account = accountOf(token.owner);
      const template = (account.templates ?? []).find((t) => t.template_id === body['template_id']);
      if (!template)
        return fail(
          c,
          'oa',
          40037,
          'invalid template_id',
          `${asText(body['template_id'])} is not in ${account.appId}'s templates (seed officialAccounts[].templates)`,
          // "invalid template_id rid:" without a comma in captures (audit-3 N-L2).
          { bareRid: true },
        );
      const touser = recipient(c, world, account, body['touser']);
      if (touser instanceof Response) return touser;
      if (!isFollowing(account, touser))
        return fail(c, 'oa', 43004, 'require subscribe', `${touser} does not follow the account`);
      if (!isObject(body['data'])) return fail(c, 'oa', 47001, 'data format error', 'data must be an object');
      const problem = dataProblem(template.content, body['data']);
      // Captures of 47003 have no comma before rid ("argument invalid! data.time2.value is empty rid: …").
      if (problem)
        return fail(c, 'oa', 47003, `argument invalid! ${problem.text}`, problem.why, { bareRid: true });
      const link = linkProblem(c, account, body, 'url');
      if (link) return link;
      const clientMsgId = typeof body['client_msg_id'] === 'string' ? body['client_msg_id'] : undefined;
      const dedupe = clientMsgId ? `${account.appId}:${touser}:${clientMsgId}` : undefined;
      const earlier = dedupe ? oaMessageState.of(world).clientMsgIds.get(dedupe) : undefined;
      // Unsure: the platform's answer to a repeat; the emulator answers the first msgid and sends nothing more.
      if (earlier && earlier.at + CLIENT_MSG_ID_MS > world.now()) return ok(c, { msgid: earlier.msgid });
      const msgid = MSGID_BASE + oaMessageState.of(world).sent.next();
      if (dedupe) oaMessageState.of(world).clientMsgIds.set(dedupe, { msgid, at: world.now() });
      const status = account.followers.find((f) => f.openid === touser)?.templateStatus ?? 'success';
      oaMessageState.of(world).outbox.push({
        at: world.now(),
        appId: account.appId,
        openid: touser,
        kind: 'template',
        msgid,
        body,
        status,
      });
      pushJobFinish(world, account, touser, msgid, status);
      return ok(c, { msgid });
    });

    oaJson.post('/cgi-bin/message/custom/send', async (c, post) => {
      const { token, body } = post;
      const world = ctx.world();
      const account = accountOf(token.owner);
      const touser = recipient(c, world, account, body['touser']);
      if (touser instanceof Response) return touser;
      const type = body['msgtype'];
      if (typeof type !== 'string' || !(OA_CUSTOM_TYPES as readonly string[]).includes(type))
        return fail(
          c,
          'oa',
          40008,
          'invalid message type',
          `msgtype ${String(type)}: ${OA_CUSTOM_TYPES.join(', ')}`,
        );
      const content = body[type];
      const required = OA_CUSTOM_REQUIRED[type as keyof typeof OA_CUSTOM_REQUIRED];
      const missing = required.find((name) => {
        const v = isObject(content) ? content[name] : undefined;
        return v === undefined || v === null || v === '';
      });
      if (missing !== undefined)
        return fail(c, 'oa', 47001, 'data format error', `${type}.${missing} is required`);
      const fields = content as Record<string, unknown>;
      if (type === 'news' && Array.isArray(fields['articles']) && fields['articles'].length > 1)
        return fail(
          c,
          'oa',
          45008,
          'article size out of limit',
          'a customer-service news message carries 1 article',
        );
      if (
        (type === 'image' || type === 'voice' || type === 'video') &&
        !mediaStore(world).get('oa', account.appId, String(fields['media_id']))
      )
        return fail(c, 'oa', 40007, 'invalid media_id', "unknown, expired (3 days) or another account's");
      const window = takeFromWindow(world, account, touser);
      if (!('ok' in window))
        return fail(
          c,
          'oa',
          window.errcode,
          window.errcode === 45015
            ? 'response out of time limit or subscription is canceled'
            : 'out of response count limit',
          window.note,
        );
      oaMessageState
        .of(world)
        .outbox.push({ at: world.now(), appId: account.appId, openid: touser, kind: 'custom', body });
      return ok(c);
    });
  },
};
