import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { createCardUpdate } from './card-update.js';
import { assertMpnews, assertTemplateCard, type MpnewsArticle, type TemplateCard } from './template-card.js';

export interface Recipients {
  touser?: string[] | '@all';
  toparty?: number[];
  totag?: number[];
}

export type Message = Recipients &
  (
    | { text: { content: string } }
    | { markdown: { content: string } }
    | { image: { media_id: string } }
    | { file: { media_id: string } }
    | { textcard: { title: string; description: string; url: string; btntxt?: string } }
    | {
        news: {
          articles: {
            title: string;
            description?: string;
            url?: string;
            picurl?: string;
            appid?: string;
            pagepath?: string;
          }[];
        };
      }
    | { mpnews: { articles: MpnewsArticle[] } }
    | { template_card: TemplateCard }
  ) & { safe?: 0 | 1; enable_duplicate_check?: 0 | 1; duplicate_check_interval?: number };

export interface SendResult {
  msgid: string;
  invaliduser: string[];
  invalidparty: string[];
  invalidtag: string[];
  /** Interactive template cards (and cards with an action_menu): the code for one update_template_card, 72 hours. */
  response_code?: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function limit(value: unknown, name: string, max: number, required = true): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || (required && value === '')) throw inputError(`${name} is required`);
  if (bytes(value) > max) throw inputError(`${name} is ${bytes(value)} bytes; at most ${max} UTF-8 bytes`);
}

function body(message: Message, agentId: number): Record<string, unknown> {
  const { touser, toparty, totag, ...rest } = message;
  if ((!touser || touser.length === 0) && !toparty?.length && !totag?.length) {
    throw inputError(`give touser, toparty or totag (the platform answers 82001 when all are empty)`);
  }
  if (Array.isArray(touser) && touser.length > 1000)
    throw inputError(`touser takes at most 1000 userids per message (got ${touser.length})`);
  if ((toparty?.length ?? 0) > 100 || (totag?.length ?? 0) > 100)
    throw inputError(`toparty and totag take at most 100 ids each`);
  const base: Record<string, unknown> = { agentid: agentId, ...rest };
  if (touser) base['touser'] = touser === '@all' ? '@all' : touser.join('|');
  if (toparty?.length) base['toparty'] = toparty.join('|');
  if (totag?.length) base['totag'] = totag.join('|');
  if ('text' in message) {
    base['msgtype'] = 'text';
    limit(message.text?.content, 'text.content', 2048);
  } else if ('markdown' in message) {
    base['msgtype'] = 'markdown';
    // Doc 90236: markdown content at most 2048 bytes, UTF-8.
    limit(message.markdown?.content, 'markdown.content', 2048);
  } else if ('image' in message || 'file' in message) {
    const kind = 'image' in message ? 'image' : 'file';
    base['msgtype'] = kind;
    const mediaId = (message as { image?: { media_id?: unknown }; file?: { media_id?: unknown } })[kind]
      ?.media_id;
    if (typeof mediaId !== 'string' || mediaId.trim() === '')
      throw inputError(
        `${kind}.media_id is required: upload the file with media.upload('${kind}', …) first (40007 for an unknown or expired id)`,
      );
  } else if ('textcard' in message) {
    base['msgtype'] = 'textcard';
    const card = message.textcard;
    limit(card?.title, 'textcard.title', 128);
    limit(card?.description, 'textcard.description', 512);
    if (!/^https?:\/\//.test(card?.url ?? '')) throw inputError(`textcard.url must be an http(s) URL`);
    // The platform truncates btntxt past 4 characters; say so instead.
    if (card?.btntxt !== undefined && [...card.btntxt].length > 4)
      throw inputError(`textcard.btntxt is at most 4 characters (default 详情)`);
  } else if ('news' in message) {
    base['msgtype'] = 'news';
    const articles = message.news?.articles;
    if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) {
      throw inputError(`news carries 1 to 8 articles`);
    }
    articles.forEach((a, i) => {
      limit(a.title, `news.articles[${i}].title`, 128);
      limit(a.description, `news.articles[${i}].description`, 512, false);
      if (!a.url && !(a.appid && a.pagepath))
        throw inputError(`news.articles[${i}] needs url or appid+pagepath`);
    });
  } else if ('mpnews' in message) {
    base['msgtype'] = 'mpnews';
    assertMpnews(message.mpnews);
  } else if ('template_card' in message) {
    base['msgtype'] = 'template_card';
    assertTemplateCard(message.template_card);
  } else {
    throw inputError(
      `the message needs one of text, markdown, image, file, textcard, news, mpnews or template_card`,
    );
  }
  return base;
}

const split = (value: unknown) => (typeof value === 'string' && value !== '' ? value.split('|') : []);

export function createWeComMessages(ctx: ClientContext, agentId: number) {
  return {
    async send(message: Message): Promise<SendResult> {
      const data = await ctx.call<Record<string, unknown>>(ctx.hosts.qyapi, '/cgi-bin/message/send', {
        method: 'POST',
        body: body(message, agentId),
        repeatable: false,
      });
      return {
        msgid: String(data['msgid'] ?? ''),
        invaliduser: split(data['invaliduser']),
        invalidparty: split(data['invalidparty']),
        invalidtag: split(data['invalidtag']),
        ...(typeof data['response_code'] === 'string' && data['response_code'] !== ''
          ? { response_code: data['response_code'] }
          : {}),
      };
    },
    ...createCardUpdate(ctx, agentId),
  };
}
