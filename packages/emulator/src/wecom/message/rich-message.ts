import {
  checkMpnews,
  checkTemplateCard,
  WECOM_MESSAGE_LIMITS as L,
  MPNEWS_TRUNCATED,
} from '@wxkit/core/rules';
import type { Context } from 'hono';
import { fail } from '../../envelope.js';
import { truncateUtf8 } from '../../text.js';
import type { World } from '../../world.js';
import { cardKey, cardState } from '../cards/cards.js';
import { mediaStore } from '../media/store.js';

/**
 * message/send for mpnews and template_card: the rules are core's (one definition, `checkMpnews` and
 * `checkTemplateCard`); here the platform's side of them: the answer's errcode, the cover media looked up, the
 * task_id unique per app, and the fields the platform cuts cut. Returns the message to store or the error reply.
 */
export function richMessage(
  c: Context,
  world: World,
  caller: { corpId: string; agentId: number },
  msgtype: string,
  body: Record<string, unknown>,
): Record<string, unknown> | Response {
  if (msgtype === 'mpnews') {
    const [problem] = checkMpnews(body['mpnews'], false);
    if (problem)
      return fail(
        c,
        'wecom',
        problem.errcode,
        'invalid Request Parameter',
        `${problem.field} ${problem.message}`,
      );
    const articles = (body['mpnews'] as { articles: Record<string, unknown>[] }).articles;
    for (const [i, article] of articles.entries()) {
      if (!mediaStore(world).get('wecom', caller.corpId, String(article['thumb_media_id'])))
        return fail(
          c,
          'wecom',
          40007,
          'invalid media_id',
          `mpnews.articles[${i}].thumb_media_id: unknown, expired (3 days) or another corp's media`,
        );
    }
    // Title, author and digest past their byte limits are cut, not refused (doc 90236 "超过会自动截断").
    const cut = articles.map((article) => {
      const copy = { ...article };
      for (const [name, limit] of Object.entries(MPNEWS_TRUNCATED))
        if (typeof copy[name] === 'string') copy[name] = truncateUtf8(copy[name] as string, limit);
      return copy;
    });
    return { ...body, mpnews: { ...(body['mpnews'] as object), articles: cut } };
  }
  if (msgtype === 'template_card') {
    const card = body['template_card'];
    const [problem] = checkTemplateCard(card);
    if (problem)
      return fail(
        c,
        'wecom',
        problem.errcode,
        problem.errcode === 42014
          ? 'taskid has existed or empty or exceed max len'
          : 'invalid Request Parameter',
        `template_card.${problem.field} ${problem.message}`,
      );
    const taskId = (card as { task_id?: unknown }).task_id;
    if (
      typeof taskId === 'string' &&
      cardState.of(world).cards.has(cardKey(caller.corpId, caller.agentId, taskId))
    )
      return fail(
        c,
        'wecom',
        42014,
        'taskid has existed or empty or exceed max len',
        `this app already sent a card with task_id ${taskId}`,
      );
  }
  if (msgtype === 'textcard') {
    // Cut, not refused (doc 90236: title, description "超过会自动截断", btntxt "不超过4个文字，超过自动截断").
    const card = body['textcard'] as Record<string, unknown>;
    const cut: Record<string, unknown> = { ...card };
    cutBytes(cut, 'title', L.textcardTitleBytes);
    cutBytes(cut, 'description', L.textcardDescriptionBytes);
    if (typeof cut['btntxt'] === 'string')
      cut['btntxt'] = [...cut['btntxt']].slice(0, L.btntxtChars).join('');
    return { ...body, textcard: cut };
  }
  if (msgtype === 'news') {
    const articles = (body['news'] as { articles?: unknown }).articles;
    if (!Array.isArray(articles)) return body;
    const cut = articles.map((article: Record<string, unknown>) => {
      const copy = { ...article };
      cutBytes(copy, 'title', L.newsTitleBytes);
      cutBytes(copy, 'description', L.newsDescriptionBytes);
      return copy;
    });
    return { ...body, news: { ...(body['news'] as object), articles: cut } };
  }
  return body;
}

function cutBytes(fields: Record<string, unknown>, name: string, limit: number): void {
  if (typeof fields[name] === 'string') fields[name] = truncateUtf8(fields[name] as string, limit);
}
