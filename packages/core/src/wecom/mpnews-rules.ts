import { problems, type RuleProblem } from '../rules/problem.js';
import { CARD_FIELD_ERRCODE } from './card-limits.js';

/**
 * mpnews (图文消息, stored in WeCom rather than linked), doc 90236: 1 to 8 articles; title, thumb_media_id and
 * content required. The byte limits below are the doc's; past title/author/digest the platform truncates
 * ("超过会自动截断"), so core refuses them (say so before the member sees a cut title) and the emulator cuts.
 * Source: doc 90236 via wx-msg-push's README ("不超过666K个字节"); unsure whether 666K means 666×1024 or 666,000.
 */
export const MPNEWS_LIMITS = {
  articles: { min: 1, max: 8 },
  titleBytes: 128,
  authorBytes: 64,
  digestBytes: 512,
  contentBytes: 666 * 1024,
} as const;

/** Fields the platform cuts rather than refuses, with their byte limit. */
export const MPNEWS_TRUNCATED = {
  title: MPNEWS_LIMITS.titleBytes,
  author: MPNEWS_LIMITS.authorBytes,
  digest: MPNEWS_LIMITS.digestBytes,
} as const;

export interface MpnewsArticle {
  title: string;
  /** A media_id from media.upload('image', …): the cover. */
  thumb_media_id: string;
  /** HTML; at most 666 KB. */
  content: string;
  author?: string;
  /** Where 阅读原文 leads. */
  content_source_url?: string;
  /** The summary; the platform takes the start of content when absent. */
  digest?: string;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;
const text = (v: unknown): v is string => typeof v === 'string' && v !== '';
const bad = (field: string, message: string, errcode = CARD_FIELD_ERRCODE): RuleProblem => ({
  field,
  message,
  errcode,
});

/**
 * The rule the mpnews body breaks first, or none. `strict` (core) also refuses what the platform would truncate;
 * the emulator passes false and truncates instead.
 */
export const checkMpnews = (mpnews: unknown, strict = true): RuleProblem[] =>
  problems(firstProblem(mpnews, strict));

function firstProblem(mpnews: unknown, strict: boolean): RuleProblem | undefined {
  const articles = (mpnews as { articles?: unknown } | undefined)?.articles;
  const { min, max } = MPNEWS_LIMITS.articles;
  if (!Array.isArray(articles) || articles.length < min || articles.length > max)
    return bad('mpnews.articles', `carries ${min} to ${max} articles`);
  for (const [i, article] of articles.entries()) {
    const field = `mpnews.articles[${i}]`;
    if (typeof article !== 'object' || article === null) return bad(field, 'must be an object');
    const a = article as Record<string, unknown>;
    if (!text(a['title'])) return bad(`${field}.title`, 'is required');
    if (!text(a['thumb_media_id']))
      return bad(
        `${field}.thumb_media_id`,
        "is required: upload the cover with media.upload('image', …)",
        41006,
      );
    if (!text(a['content'])) return bad(`${field}.content`, 'is required (HTML)');
    if (bytes(a['content']) > MPNEWS_LIMITS.contentBytes)
      return bad(
        `${field}.content`,
        `is ${bytes(a['content'])} bytes; at most ${MPNEWS_LIMITS.contentBytes}`,
      );
    for (const [name, limit] of Object.entries(MPNEWS_TRUNCATED)) {
      const value = a[name];
      if (value === undefined) continue;
      if (typeof value !== 'string') return bad(`${field}.${name}`, 'must be a string');
      if (strict && bytes(value) > limit)
        return bad(
          `${field}.${name}`,
          `is ${bytes(value)} bytes; at most ${limit} (the platform cuts the rest)`,
        );
    }
    const source = a['content_source_url'];
    if (source !== undefined && (typeof source !== 'string' || !/^https?:\/\//.test(source)))
      return bad(`${field}.content_source_url`, 'must be an http(s) URL');
  }
  return undefined;
}
