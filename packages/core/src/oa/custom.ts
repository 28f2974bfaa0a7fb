import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { assertOpenid } from './openid.js';

/**
 * A customer-service message (客服消息, POST /cgi-bin/message/custom/send). The follower must have interacted
 * with the account recently (sent a message, clicked a menu, followed, scanned a QR code: 45015 otherwise) and the
 * interaction's quota must not be spent (45047). Source: OA doc 客服消息 → 客服接口-发消息.
 */
export type OaCustomMessage = { touser: string; customservice?: { kf_account: string } } & (
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | {
      msgtype: 'video';
      video: { media_id: string; thumb_media_id: string; title?: string; description?: string };
    }
  | {
      msgtype: 'music';
      music: {
        title?: string;
        description?: string;
        musicurl: string;
        hqmusicurl: string;
        thumb_media_id: string;
      };
    }
  /** An outside link card; one article only (45008 otherwise, since 2018-10). */
  | {
      msgtype: 'news';
      news: { articles: [{ title: string; description?: string; url: string; picurl?: string }] };
    }
  | { msgtype: 'mpnews'; mpnews: { media_id: string } }
  | { msgtype: 'mpnewsarticle'; mpnewsarticle: { article_id: string } }
  | {
      msgtype: 'msgmenu';
      msgmenu: { head_content?: string; list: { id: string; content: string }[]; tail_content?: string };
    }
  | { msgtype: 'wxcard'; wxcard: { card_id: string } }
  | {
      msgtype: 'miniprogrampage';
      miniprogrampage: { title?: string; appid: string; pagepath: string; thumb_media_id: string };
    }
);

export const OA_CUSTOM_TYPES = [
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'mpnewsarticle',
  'msgmenu',
  'wxcard',
  'miniprogrampage',
] as const;

/** The fields each type needs (the emulator answers 47001/40007 the same way). */
export const OA_CUSTOM_REQUIRED: Readonly<Record<(typeof OA_CUSTOM_TYPES)[number], readonly string[]>> = {
  text: ['content'],
  image: ['media_id'],
  voice: ['media_id'],
  video: ['media_id', 'thumb_media_id'],
  music: ['musicurl', 'hqmusicurl', 'thumb_media_id'],
  news: ['articles'],
  mpnews: ['media_id'],
  mpnewsarticle: ['article_id'],
  msgmenu: ['list'],
  wxcard: ['card_id'],
  miniprogrampage: ['appid', 'pagepath', 'thumb_media_id'],
};

const isType = (t: unknown): t is (typeof OA_CUSTOM_TYPES)[number] =>
  typeof t === 'string' && (OA_CUSTOM_TYPES as readonly string[]).includes(t);

function assertMessage(message: OaCustomMessage): Record<string, unknown> {
  if (!message || typeof message !== 'object') throw inputError(`pass { touser, msgtype, [msgtype]: { … } }`);
  assertOpenid('touser', message.touser);
  const type = message.msgtype;
  if (!isType(type))
    throw inputError(
      `msgtype must be one of ${OA_CUSTOM_TYPES.join(', ')} (got ${JSON.stringify(type)}; the platform answers 40008)`,
    );
  const content = (message as unknown as Record<string, unknown>)[type];
  if (!content || typeof content !== 'object')
    throw inputError(`a ${type} message carries its content under "${type}"`);
  const fields = content as Record<string, unknown>;
  for (const name of OA_CUSTOM_REQUIRED[type]) {
    const value = fields[name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
      throw inputError(
        `${type}.${name} is required${name.includes('media_id') ? ' (a media_id from media.upload, valid 3 days; 40007 otherwise)' : ''}`,
      );
  }
  if (type === 'news') {
    const articles = fields['articles'];
    if (!Array.isArray(articles) || articles.length !== 1)
      throw inputError(
        `news carries exactly one article since 2018-10 (the platform answers 45008 for more)`,
      );
    const a = articles[0] as Record<string, unknown>;
    if (typeof a['title'] !== 'string' || !/^https?:\/\//.test(String(a['url'] ?? '')))
      throw inputError(`news.articles[0] needs a title and an http(s) url`);
  }
  if (type === 'msgmenu') {
    const list = fields['list'];
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((i) => !i?.id || typeof i.content !== 'string')
    )
      throw inputError(`msgmenu.list needs at least one { id, content }`);
  }
  const kf = message.customservice?.kf_account;
  if (message.customservice !== undefined && (typeof kf !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(kf)))
    throw inputError(`customservice.kf_account is an account like kf2001@gh_…`);
  return message as unknown as Record<string, unknown>;
}

export function createOaCustom(ctx: ClientContext) {
  return {
    /** POST /cgi-bin/message/custom/send. Not retried on network errors or HTTP 5xx (it could deliver twice). */
    async send(message: OaCustomMessage): Promise<void> {
      const body = assertMessage(message);
      await ctx.call(ctx.hosts.api, '/cgi-bin/message/custom/send', {
        method: 'POST',
        body,
        repeatable: false,
      });
    },
  };
}

export type OaCustom = ReturnType<typeof createOaCustom>;
