/** The kit's two languages for what it says to a browser. */
export type ReplyLang = 'zh' | 'en';

/**
 * The language a browser asks for first (RFC 9110 Accept-Language: tags with q weights, the first one wins a tie):
 * Chinese when the top-weighted tag is `zh` or `zh-*`, English otherwise (also for `*`, a malformed header or none).
 */
export function replyLang(header: string | undefined): ReplyLang {
  if (!header) return 'en';
  let best = { tag: '', q: 0 };
  for (const part of header.slice(0, 500).split(',')) {
    const [rawTag = '', ...params] = part.split(';');
    const tag = rawTag.trim().toLowerCase();
    if (!/^(?:[a-z]{1,8}(?:-[a-z0-9]{1,8})*|\*)$/.test(tag)) continue;
    const weight = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find(Boolean);
    const q = weight === undefined ? 1 : Math.min(1, Number(weight));
    if (q > best.q) best = { tag, q };
  }
  return best.tag === 'zh' || best.tag.startsWith('zh-') ? 'zh' : 'en';
}
