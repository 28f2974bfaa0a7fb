import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { assertOpenid } from './openid.js';
import { createOaTemplateAdmin } from './template-admin.js';
import { assertMiniprogram, assertTemplateData, LINK_URL } from './template-rules.js';

export interface OaTemplate {
  template_id: string;
  title: string;
  primary_industry: string;
  deputy_industry: string;
  /** With `{{key.DATA}}` placeholders. */
  content: string;
  example: string;
}

export interface OaTemplateMessage {
  /** The follower's openid. */
  touser: string;
  template_id: string;
  /** Where a tap on the message goes (http or https). */
  url?: string;
  /** Opens a mini program instead of url when both are given. */
  miniprogram?: { appid: string; pagepath?: string };
  /** One entry per `{{key.DATA}}` placeholder. `color` is ignored by the platform since 2023-05-04. */
  data: Record<string, { value: string | number; color?: string }>;
  /**
   * Idempotency key: the platform sends one message per openid + client_msg_id within 10 minutes. With it the
   * send is retried on network errors and HTTP 5xx; without it, it is not (a retry could deliver twice).
   */
  client_msg_id?: string;
}

export interface OaIndustry {
  primary_industry: { first_class: string; second_class: string };
  secondary_industry: { first_class: string; second_class: string };
}

function assertMessage(message: OaTemplateMessage): Record<string, unknown> {
  if (!message || typeof message !== 'object') throw inputError(`pass { touser, template_id, url?, data }`);
  const touser = assertOpenid('touser', message.touser);
  const id = message.template_id;
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(id))
    throw inputError(
      `template_id must be the id from templates.list() (MP console → 广告与服务 → 模板消息); got ${JSON.stringify(id)} (the platform answers 40037)`,
    );
  const body: Record<string, unknown> = { touser, template_id: id };
  // co-wechat-api and others send url: '' for "no link" (the message then opens nothing).
  if (message.url !== undefined && message.url !== '') {
    if (typeof message.url !== 'string' || !LINK_URL.test(message.url))
      throw inputError(`url must be an http(s) URL (got ${JSON.stringify(message.url)})`);
    body['url'] = message.url;
  }
  if (message.miniprogram !== undefined) body['miniprogram'] = assertMiniprogram(message.miniprogram);
  body['data'] = assertTemplateData(message.data, { color: true });
  if (message.client_msg_id !== undefined) {
    if (typeof message.client_msg_id !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(message.client_msg_id))
      throw inputError(`client_msg_id must be 1-32 letters, digits, _ or -`);
    body['client_msg_id'] = message.client_msg_id;
  }
  return body;
}

export function createOaTemplates(ctx: ClientContext) {
  const api = ctx.hosts.api;
  return {
    /** Template management: setIndustry, add (api_add_template), remove (template-admin.ts). */
    ...createOaTemplateAdmin(ctx),
    /** GET /cgi-bin/template/get_all_private_template: the account's templates. */
    async list(): Promise<OaTemplate[]> {
      const data = await ctx.call<{ template_list?: OaTemplate[] }>(
        api,
        '/cgi-bin/template/get_all_private_template',
      );
      return data.template_list ?? [];
    },
    /** GET /cgi-bin/template/get_industry: the account's two industries (templates come from their library). */
    industry: () => ctx.call<OaIndustry>(api, '/cgi-bin/template/get_industry'),
    /**
     * POST /cgi-bin/message/template/send → `{ msgid }`. The delivery result comes later as the
     * TEMPLATESENDJOBFINISH event (`event.templateJob`). Not retried on network errors or 5xx unless
     * client_msg_id makes it idempotent.
     */
    async send(message: OaTemplateMessage): Promise<{ msgid: number }> {
      const body = assertMessage(message);
      const data = await ctx.call<{ msgid: number | string }>(api, '/cgi-bin/message/template/send', {
        method: 'POST',
        body,
        repeatable: body['client_msg_id'] !== undefined,
      });
      return { msgid: Number(data.msgid) };
    },
  };
}

export type OaTemplates = ReturnType<typeof createOaTemplates>;
