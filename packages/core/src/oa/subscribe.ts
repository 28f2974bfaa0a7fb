import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { assertOpenid } from './openid.js';
import { assertMiniprogram, assertTemplateData, LINK_URL } from './template-rules.js';

/*
 * Official Account subscription notifications (订阅通知, 2021+).
 *
 * Source: OA doc 订阅通知 (doc/offiaccount/Subscription_Messages/api.html) as wrapped by silenceper/wechat
 * (officialaccount/message/subscribe.go: `bizsend` { touser, template_id, page?, miniprogram?: { appid, pagepath },
 * data: { key: { value } } }; `wxaapi/newtmpl/gettemplate` → `data: [{ priTmplId, title, content, example, type }]`,
 * type 2 one-time, 3 long-term), WxJava WxMpSubscribeMsgService and EasyWeChat's OfficialAccount subscribe; the value
 * limits are the subscribe-message ones (订阅消息参数值内容限制说明), kept in `template-rules.ts`.
 * Unsure: whether bizsend answers a msgid (the MP doc's subscribe_msg_sent_event says "消息id（调用接口时也会返回）"; the OA
 * page shows only errcode/errmsg) — `send` returns it when there is one; and the exact `time`/`date`/`amount`
 * formats (template-rules.ts takes the stricter reading of the doc and the captures).
 */

/** One template of the account's 我的模板 for subscription notifications (wxaapi/newtmpl/gettemplate). */
export interface OaSubscribeTemplate {
  /** The template_id to send with. */
  priTmplId: string;
  title: string;
  /** With `{{key.DATA}}` placeholders of typed keywords (`thing1`, `time2`, …). */
  content: string;
  example: string;
  /** 2: one-time (一次性订阅, one send per acceptance); 3: long-term (长期订阅). */
  type: number;
}

export interface OaSubscribeMessage {
  /** The user's openid (they accepted this template in the page's `wx-open-subscribe` popup). */
  touser: string;
  /** priTmplId from `subscribe.templates()`. */
  template_id: string;
  /** A web page a tap opens (http or https). */
  page?: string;
  /** Opens a mini program linked to the account instead of page when both are given. */
  miniprogram?: { appid: string; pagepath?: string };
  /** One entry per `{{key.DATA}}` of the template; values follow the keyword's type (thing ≤ 20, …; 47003). */
  data: Record<string, { value: string | number }>;
}

/** Checks a bizsend request as the platform would and builds its body; throws WxConfigError before any call. */
export function assertSubscribeMessage(message: OaSubscribeMessage): Record<string, unknown> {
  if (!message || typeof message !== 'object')
    throw inputError(`pass { touser, template_id, page?, miniprogram?, data }`);
  const touser = assertOpenid('touser', message.touser);
  const id = message.template_id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw inputError(
      `template_id must be a priTmplId from subscribe.templates() (MP console → 订阅通知 → 我的模板); got ${JSON.stringify(id)} (the platform answers 40037)`,
    );
  const body: Record<string, unknown> = { touser, template_id: id };
  if (message.page !== undefined) {
    if (typeof message.page !== 'string' || !LINK_URL.test(message.page))
      throw inputError(
        `page must be the http(s) URL a tap opens (got ${JSON.stringify(message.page)}; 47003 otherwise)`,
      );
    body['page'] = message.page;
  }
  if (message.miniprogram !== undefined) body['miniprogram'] = assertMiniprogram(message.miniprogram);
  body['data'] = assertTemplateData(message.data);
  return body;
}

export function createOaSubscribe(ctx: ClientContext) {
  const api = ctx.hosts.api;
  return {
    /** GET /wxaapi/newtmpl/gettemplate: the account's subscription-notification templates. */
    async templates(): Promise<OaSubscribeTemplate[]> {
      const answer = await ctx.call<{ data?: OaSubscribeTemplate[] }>(api, '/wxaapi/newtmpl/gettemplate');
      return answer.data ?? [];
    },
    /**
     * POST /cgi-bin/message/subscribe/bizsend. Needs the user's acceptance of the template (43101 otherwise; a
     * one-time acceptance is used up by one send); the result comes later as `subscribe_msg_sent_event`
     * (`event.subscribeSent`). Never retried on network errors or 5xx: a retry could notify twice and spend a
     * second acceptance.
     */
    async send(message: OaSubscribeMessage): Promise<{ msgid?: string }> {
      const body = assertSubscribeMessage(message);
      const answer = await ctx.call<{ msgid?: number | string }>(api, '/cgi-bin/message/subscribe/bizsend', {
        method: 'POST',
        body,
        repeatable: false,
      });
      return answer.msgid !== undefined && answer.msgid !== null ? { msgid: String(answer.msgid) } : {};
    },
  };
}

export type OaSubscribe = ReturnType<typeof createOaSubscribe>;
