import { readFile } from 'node:fs/promises';
import type { Message, MpnewsArticle, TemplateCard } from '@wxkit/core';
import { CliExit } from '../io.js';

/** A JSON option: inline when it starts with `{` or `[`, else the path of a JSON file. */
export async function jsonOption(flag: string, value: string): Promise<unknown> {
  const inline = /^\s*[[{]/.test(value);
  let text = value;
  if (!inline) {
    try {
      text = await readFile(value, 'utf8');
    } catch (error) {
      throw new CliExit(`wxkit send: cannot read ${flag} ${value} (${(error as Error).message})`, 2);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliExit(`wxkit send: ${flag} is not JSON (${(error as Error).message})`, 2);
  }
}

/** --card: the template_card object itself, or a message body holding one (`{ "template_card": {…} }`). */
export async function cardOption(value: string): Promise<TemplateCard> {
  const parsed = await jsonOption('--card', value);
  const card =
    parsed && typeof parsed === 'object' && 'template_card' in parsed
      ? (parsed as { template_card: unknown }).template_card
      : parsed;
  return card as TemplateCard;
}

/** --mpnews: `{ "articles": [...] }`, an array of articles or one article; --thumb's media_id fills missing covers. */
export async function mpnewsOption(value: string, thumb?: string): Promise<{ articles: MpnewsArticle[] }> {
  const parsed = await jsonOption('--mpnews', value);
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && 'articles' in parsed
      ? (parsed as { articles: unknown }).articles
      : [parsed];
  if (!Array.isArray(list))
    throw new CliExit('wxkit send: --mpnews takes {"articles": [...]} or an array', 2);
  const articles = list.map((a: unknown) =>
    a && typeof a === 'object' && thumb && !(a as { thumb_media_id?: unknown }).thumb_media_id
      ? { ...a, thumb_media_id: thumb }
      : a,
  );
  return { articles: articles as MpnewsArticle[] };
}

/** --news: `{ "articles": [...] }`, an array of articles or one article (title, url or appid+pagepath, …). */
export async function newsOption(value: string): Promise<{ articles: NewsArticle[] }> {
  const parsed = await jsonOption('--news', value);
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && 'articles' in parsed
      ? (parsed as { articles: unknown }).articles
      : [parsed];
  if (!Array.isArray(list)) throw new CliExit('wxkit send: --news takes {"articles": [...]} or an array', 2);
  return { articles: list as NewsArticle[] };
}

type NewsArticle = Extract<Message, { news: unknown }>['news']['articles'][number];
