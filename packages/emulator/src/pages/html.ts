import { escapeHtml } from '@wxkit/core/contract';

// One escaping rule for every page, from core's contract.
export { escapeHtml };

/**
 * An `href` for a URL that came from an API caller (a card's button, a menu's view URL, a template message's url):
 * escaped, and only http(s) — escaping alone lets `javascript:` through, which would run on the emulator's own
 * origin, where `/_emulator/state` holds the seed's secrets. Anything else links nowhere.
 */
export const safeHref = (url: string): string =>
  /^https?:\/\//i.test(url.trim()) ? escapeHtml(url.trim()) : '#';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f3f5;color:#1f2329}
.bar{background:#fff;border-bottom:1px solid #e5e6eb;padding:12px 16px;font-weight:600;display:flex;align-items:center;gap:8px}
.badge{font-size:11px;font-weight:600;color:#fff;background:#f5a623;border-radius:4px;padding:1px 6px}
main{max-width:440px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:10px;padding:16px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
h1{font-size:18px;margin:0 0 4px}p.muted{color:#86909c;margin:0 0 12px;font-size:13px}
.member{display:flex;align-items:center;gap:12px;width:100%;border:0;background:#fff;padding:10px 4px;border-bottom:1px solid #f2f3f5;font:inherit;cursor:pointer;text-align:left}
.member:hover{background:#f7f8fa}.avatar{width:36px;height:36px;border-radius:6px;background:#3370ff;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600;flex:none}
.sub{color:#86909c;font-size:12px}.btn{display:inline-block;border:0;border-radius:6px;padding:10px 16px;font:inherit;cursor:pointer;background:#07c160;color:#fff;text-decoration:none}
.btn.secondary{background:#f2f3f5;color:#1f2329}.error h1{color:#f53f3f}.rule{background:#fff7e8;border-radius:6px;padding:10px;font-size:13px;margin-top:8px}
table{width:100%;border-collapse:collapse;font-size:13px}td,th{text-align:left;padding:4px;vertical-align:top;overflow-wrap:anywhere}.card{overflow-x:auto}time{white-space:nowrap}
input{font:inherit;padding:8px;border:1px solid #e5e6eb;border-radius:6px;width:100%;margin-bottom:8px}code{background:#f2f3f5;padding:1px 4px;border-radius:3px;font-size:12px;word-break:break-all}
`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><div class="bar">${escapeHtml(title)} <span class="badge">wxkit emulator</span></div><main>${body}</main></body></html>`;
}

/** The page the platform shows when an authorize link breaks a rule: what broke and how to fix it. */
export function errorPage(code: number | string, message: string, rule: string): string {
  return page(
    '出错了',
    `<div class="card error"><h1>${escapeHtml(message)}</h1><p class="muted">错误码 ${escapeHtml(code)}</p><div class="rule">${escapeHtml(rule)}</div></div>`,
  );
}

/**
 * One rule for every time the console shows: Beijing time (UTC+8, no daylight saving), as the WeCom and WeChat
 * clients show it to the people the platforms serve, labelled so nobody reads it as local or UTC. The exact instant
 * stays in `datetime` (ISO, UTC) for scripts and tests. `part`: a full stamp, to the minute, or the time of day.
 */
export function beijingTime(ms: number, part: 'full' | 'minute' | 'time' = 'full'): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '—';
  const shown = new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ');
  const text = part === 'time' ? shown.slice(11, 19) : shown.slice(0, part === 'minute' ? 16 : 19);
  return `<time datetime="${date.toISOString()}" title="北京时间 Beijing time">${text} UTC+8</time>`;
}

/** A person's avatar shows the last character of the name (张三 → 三), as the clients do. */
export const avatarLetter = (name: string) => escapeHtml([...name].slice(-1)[0] ?? '?');

/** An app's icon shows its first character (问卷调查 → 问): the last one said nothing about the app. */
export const tileLetter = (name: string) => escapeHtml([...name][0] ?? '?');
