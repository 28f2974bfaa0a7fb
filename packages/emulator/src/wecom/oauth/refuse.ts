import type { Context } from 'hono';
import { errorPage } from '../../pages/html.js';

/** An authorize or login page's refusal: the platform's error page (a browser never sees JSON), answered 200. */
export const pageError = (c: Context, code: number | string, message: string, rule: string) =>
  c.html(errorPage(code, message, rule), 200);

/** The usual cause on a developer's machine: the app built redirect_uri from a Host its proxy changed. */
export const PROXY_HINT =
  "An app behind a proxy (or a dev server's proxy) builds redirect_uri from the Host it receives: with wxkit, set publicUrl (or trustProxy for the proxy's X-Forwarded-Host).";

/** The page's redirect_uri as a URL, or the platform's 10011 page. */
export function redirectUri(c: Context, q: Record<string, string>): URL | Response {
  try {
    return new URL(q['redirect_uri'] ?? '');
  } catch {
    return pageError(
      c,
      10011,
      'redirect_uri 参数错误',
      'redirect_uri must be an absolute, URL-encoded http(s) URL.',
    );
  }
}
