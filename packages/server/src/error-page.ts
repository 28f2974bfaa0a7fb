import { explain, type Platform } from '@wxkit/core';
import { escapeHtml } from '@wxkit/core/contract';
import type { WxReply } from './call.js';

export interface LoginFailure {
  /** The kit's code: `platform_error`, `too_many_attempts`, `declined`, … */
  code: string;
  errcode?: number | undefined;
  /** Where "try again" goes. */
  retry: string;
}

const TITLES: Record<string, [zh: string, en: string]> = {
  declined: ['登录已取消', 'The login was cancelled'],
  too_many_attempts: ['登录未能完成', 'The login did not complete'],
  platform_error: ['登录失败', 'The login failed'],
  platform_unreachable: ['暂时无法连接微信', 'WeChat cannot be reached right now'],
  not_installed: ['应用未安装在该企业', 'The app is not installed in this organisation'],
};

/** Failures only an administrator can end: the platform refused the app itself (secret, domain, IP, scope). */
const ADMIN_ONLY = new Set(['platform_error']);

/**
 * The page a member sees when a login cannot finish: Chinese first, English second, the errcode with its
 * meaning and the administrator's fix from core's catalog. Never a raw JSON body for a navigation.
 */
export function loginErrorPage(failure: LoginFailure, platform: Platform, status = 400): WxReply {
  const [zh, en] = TITLES[failure.code] ?? ['登录失败', 'The login failed'];
  const known = failure.errcode === undefined ? undefined : explain(failure.errcode, platform);
  const zhKnown =
    failure.errcode === undefined ? undefined : explain(failure.errcode, platform, { lang: 'zh' });
  const chinese = zhKnown?.lang === 'zh' ? zhKnown : undefined;
  const detail =
    failure.errcode === undefined
      ? ''
      : `<section><h2>错误码 / errcode ${failure.errcode}</h2>${
          known
            ? `${chinese ? `<p>${escapeHtml(chinese.meaning)}</p><p><b>管理员请检查：</b>${escapeHtml(chinese.fix)}</p>` : ''}<p lang="en">${escapeHtml(known.meaning)}</p><p lang="en"><b>For the administrator:</b> ${escapeHtml(known.fix)}</p>`
            : '<p>未收录的错误码 / not in the catalog: <code>npx wxkit explain</code></p>'
        }</section>`;
  // A platform error (a wrong secret, an untrusted domain, 60020) stays until an admin fixes the app: waiting does
  // not help, so the page does not say "try again later".
  const next = ADMIN_ONLY.has(failure.code)
    ? '<p>这个问题需要应用管理员修改应用配置后才能解决，请把上面的错误码发给管理员。<br><span lang="en">This needs the app\'s administrator to change its settings; send them the errcode above.</span></p>'
    : '<p>请稍后重试；如果问题持续，请联系应用管理员。<br><span lang="en">Try again later; if it keeps happening, contact the app\'s administrator.</span></p>';
  const guard =
    failure.code === 'too_many_attempts'
      ? '<p>已自动重试多次，为避免循环已停止。/ Stopped after several automatic attempts to avoid a loop.</p>'
      : '';
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${zh}</title><style>body{font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}h1{font-size:1.3rem}h2{font-size:1rem;margin-top:1.5rem}section{background:#f6f6f6;border-radius:8px;padding:.5rem 1rem}a.button{display:inline-block;margin-top:1rem;padding:.5rem 1.2rem;background:#07c160;color:#fff;border-radius:6px;text-decoration:none}</style></head><body><h1>${zh}</h1><p lang="en">${en}</p>${guard}${detail}${next}<a class="button" href="${escapeHtml(failure.retry)}">重试 / Try again</a></body></html>`;
  return {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
      'x-wxkit-error': failure.code,
    },
    body,
  };
}
