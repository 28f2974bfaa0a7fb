import type { Logger } from '@wxkit/core';
import type { WxCall } from './call.js';
import type { Origins } from './origin.js';

type Seen = Pick<WxCall, 'url' | 'header' | 'remoteAddress'>;

/**
 * Where the origin of the kit's URLs (redirect_uri first) came from, in words for a log line or an error page, and
 * what the request said that the kit did not use: forwarded headers it may not trust, or a page origin (Referer of a
 * same-origin navigation) that differs, which is what a proxy rewriting Host looks like.
 */
export function originSource(
  origins: Origins,
  call: Seen,
): { origin: string; from: string; ignored: string[] } {
  const origin = origins.of(call).origin;
  if (origins.fixed) return { origin, from: 'publicUrl', ignored: [] };
  const ignored: string[] = [];
  const proto = call.header('x-forwarded-proto');
  const host = call.header('x-forwarded-host');
  const scheme = origin.slice(0, origin.indexOf(':'));
  if (host && !host.split(',').some((h) => `${scheme}://${h.trim()}` === origin))
    ignored.push(`X-Forwarded-Host: ${host.slice(0, 100)}`);
  if (proto && !proto.split(',').some((p) => p.trim() === scheme))
    ignored.push(`X-Forwarded-Proto: ${proto.slice(0, 20)}`);
  // A same-origin navigation from a page whose origin is not the one the kit builds: the browser sees another host.
  const referer = call.header('referer');
  if (call.header('sec-fetch-site') === 'same-origin' && referer) {
    try {
      const page = new URL(referer).origin;
      if (page !== origin) ignored.push(`the page's own origin ${page}`);
    } catch {}
  }
  return { origin, from: "the request's Host header (no publicUrl)", ignored };
}

const warned = new WeakSet<Logger>();

/**
 * Warns once per logger, against the emulator as against the platform, when a login's redirect_uri is built from a
 * Host that the request itself contradicts: behind a proxy without publicUrl or trustProxy the platform answers
 * 50001/10003 (untrusted redirect domain) or the member lands on a dead http:// URL.
 */
export function watchOrigin(origins: Origins, call: Seen, logger: Logger, redirectUri: string): void {
  if (origins.fixed || warned.has(logger)) return;
  const { ignored } = originSource(origins, call);
  if (ignored.length === 0) return;
  warned.add(logger);
  logger.warn(
    `@wxkit/server: redirect_uri ${redirectUri} was built from the request's Host header, but the request shows ${ignored.join(', ')}: behind a proxy set publicUrl (e.g. "https://app.example.com"), or trustProxy for the proxy's X-Forwarded-* headers. Otherwise the platform refuses the redirect domain (50001/10003) or the member lands on a dead URL.`,
  );
}
