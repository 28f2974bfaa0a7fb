const BASE = 'http://wxkit.invalid';

declare const sitePath: unique symbol;
/** A path that passed `safeRedirectPath`: the only kind `siteLocation` takes, so the rule is checked in one place. */
export type SitePath = string & { readonly [sitePath]: true };
/** The site root, where a login goes when it has no usable return path. */
export const SITE_ROOT = '/' as SitePath;

/**
 * A same-origin path to return to after login, or undefined when it could leave the site. The check runs on
 * what the URL parser makes of the input, not on the input: `/.//evil.example`, `/a/..//evil`, `/%2e//evil` or a
 * tab inside `//` all resolve to `//evil.example`, which a browser reads as another host.
 */
export function safeRedirectPath(value: unknown): SitePath | undefined {
  if (value === null || value === undefined || value === '') return SITE_ROOT;
  if (typeof value !== 'string' || value.length > 2048 || !value.startsWith('/')) return undefined;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  const path = url.pathname + url.search + url.hash;
  if (!isSitePath(path)) return undefined;
  // What we hand back must resolve to itself, so storing and re-reading it can never change where it points.
  if (new URL(path, BASE).href !== url.href) return undefined;
  return path as SitePath;
}

/** "/x…", never "//host" or "/\host", also once percent-decoded (some proxies decode Location). */
export function isSitePath(path: string): boolean {
  if (!/^\/(?![/\\])/.test(path) || /[\u0000-\u001f\u007f\\]/.test(path)) return false;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return /^\/(?![/\\])/.test(decoded) && !/[\u0000-\u001f\u007f]/.test(decoded);
}

/** An absolute Location on `origin` for a path that passed `safeRedirectPath` (its type says so). */
export function siteLocation(origin: URL, path: SitePath): string {
  return `${origin.origin}${path}`;
}

// Which client the request comes from: one rule, in core's contract, shared with the browser kit.
export { type ClientKind, clientKind } from '@wxkit/core/contract';
