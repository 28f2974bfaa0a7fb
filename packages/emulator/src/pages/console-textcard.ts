import { escapeHtml as h, safeHref } from './html.js';

/**
 * A textcard as the WeCom client shows it (doc 90236, 文本卡片消息): the title, the description, a line and the
 * button (btntxt, "详情" by default, at most 4 characters). The description may use `<br>` for line breaks and
 * `<div class="gray|normal|highlight">` for the three built-in colours ("目前内置了3种文字颜色：灰色(gray)、高亮
 * (highlight)、默认黑色(normal)，将其作为div标签的class属性即可"). Those exact tags become markup; everything else
 * an API caller wrote, other tags and attributes included, is shown as text.
 */
export const TEXTCARD_STYLE = `
.textcard{border:1px solid #e5e6eb;border-radius:8px;background:#fff;max-width:360px;margin:4px 0;overflow-wrap:anywhere}
.textcard .t{font-weight:600;padding:10px 12px 4px}.textcard .body{padding:0 12px 10px;font-size:13px;color:#1f2329}
.textcard .gray{color:#86909c}.textcard .highlight{color:#3370ff}.textcard .normal{color:#1f2329}
.textcard a{display:block;border-top:1px solid #f2f3f5;padding:8px 12px;color:#1f2329;text-decoration:none;font-size:13px}
`;

// The description's markup the client renders; the only tags that ever leave this file unescaped.
const TOKEN = /<div\s+class\s*=\s*(["'])(gray|normal|highlight)\1\s*>|<\/div\s*>|<br\s*\/?>/gi;

/** The description's allowed markup as HTML (divs balanced), every other character escaped. */
export function textcardDescription(description: string): string {
  let out = '';
  let open = 0;
  let last = 0;
  for (const match of description.matchAll(TOKEN)) {
    out += h(description.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = match[0].toLowerCase();
    if (tag.startsWith('<br')) out += '<br>';
    else if (tag.startsWith('</')) {
      if (open > 0) {
        out += '</div>';
        open--;
      }
    } else {
      out += `<div class="${(match[2] ?? 'normal').toLowerCase()}">`;
      open++;
    }
  }
  return out + h(description.slice(last)) + '</div>'.repeat(open);
}

/** The whole card: title, description, and the button linking to its url (http(s) only). */
export function renderTextcard(content: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
  const button = [...(text(content['btntxt']) || '详情')].slice(0, 4).join('');
  return `<div class="textcard"><div class="t">${h(text(content['title']))}</div><div class="body">${textcardDescription(
    text(content['description']),
  )}</div><a href="${safeHref(text(content['url']))}">${h(button)} ›</a></div>`;
}
