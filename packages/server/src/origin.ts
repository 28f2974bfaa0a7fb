import { WxConfigError } from '@wxkit/core';
import type { WxCall } from './call.js';

const PKG = '@wxkit/server createWxServer';
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

export type TrustProxy = boolean | number | string[];

export interface Origins {
  /** True when publicUrl was given: nothing the request says changes the origins. */
  readonly fixed: boolean;
  /** The configured public origins (empty without publicUrl). */
  readonly list: readonly URL[];
  /** The origin the browser uses for this call (shared between calls: never change it). */
  of(call: Pick<WxCall, 'url' | 'header' | 'remoteAddress'>): URL;
  /** The origins a state-changing request may come from. */
  allowed(call: Pick<WxCall, 'url' | 'header' | 'remoteAddress'>): string[];
}

function parsePublicUrl(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new WxConfigError(
      `${PKG}: publicUrl "${String(value)}" is not an absolute URL like https://app.example.com`,
    );
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
    throw new WxConfigError(`${PKG}: publicUrl must be http(s)://host[:port] (got ${String(value)})`);
  if (url.pathname !== '/' || url.search || url.hash)
    throw new WxConfigError(
      `${PKG}: publicUrl is an origin only, without path, query or # (got ${String(value)})`,
    );
  return new URL(url.origin);
}

function checkTrustProxy(value: unknown): TrustProxy {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10) return value;
  if (Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string' && a.length > 0))
    return value.map(normaliseAddress);
  throw new WxConfigError(
    `${PKG}: trustProxy is true, a hop count (1-10) or the proxies' addresses (["10.0.0.5"]); got ${JSON.stringify(value)}`,
  );
}

// Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d.
const normaliseAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * Where generated URLs point (redirect_uri, post-login Location, the default JS-SDK domain, cookie `Secure`).
 * With `publicUrl` they come from configuration only; without it from the connection, and from
 * X-Forwarded-Proto/Host only when the peer is a trusted proxy.
 */
export function createOrigins(options: {
  publicUrl?: string | string[] | undefined;
  trustProxy?: unknown;
}): Origins {
  const given = options.publicUrl;
  if (given !== undefined && !(typeof given === 'string' || (Array.isArray(given) && given.length > 0)))
    throw new WxConfigError(`${PKG}: publicUrl is an origin or a list of origins`);
  const list = given === undefined ? [] : (Array.isArray(given) ? given : [given]).map(parsePublicUrl);
  const trust = checkTrustProxy(options.trustProxy);

  const forwarded = (call: Pick<WxCall, 'header' | 'remoteAddress'>, name: string): string | undefined => {
    if (trust === false) return undefined;
    if (Array.isArray(trust)) {
      const peer = call.remoteAddress === undefined ? undefined : normaliseAddress(call.remoteAddress);
      if (peer === undefined || !trust.includes(peer)) return undefined;
    }
    const values = (call.header(name) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) return undefined;
    // With a hop count, the value the outermost trusted proxy saw; otherwise the nearest proxy's.
    return typeof trust === 'number' ? values[Math.max(0, values.length - trust)] : values[values.length - 1];
  };

  // A server sees the same origin on almost every request (a login asks for it four times): the last one parsed
  // is kept. The URL is shared, so no caller may change it.
  let last: { text: string; url: URL } | undefined;
  const fromRequest = (call: Pick<WxCall, 'url' | 'header' | 'remoteAddress'>): URL => {
    const url = call.url;
    const proto = forwarded(call, 'x-forwarded-proto');
    const host = forwarded(call, 'x-forwarded-host');
    const scheme = proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1);
    const text = `${scheme}://${host && HOST.test(host) ? host : url.host}`;
    if (last?.text !== text) last = { text, url: new URL(text) };
    return last.url;
  };

  if (list.length === 0)
    return { fixed: false, list, of: fromRequest, allowed: (call) => [fromRequest(call).origin] };
  const [first] = list as [URL, ...URL[]];
  const all = list.map((o) => o.origin);
  return {
    fixed: true,
    list,
    allowed: () => all,
    of(call) {
      if (list.length === 1) return first;
      // Several public origins: the one the browser named, if it is one of ours; never a host we were not given.
      const host = forwarded(call, 'x-forwarded-host') ?? call.header('host');
      return list.find((o) => o.host === host) ?? first;
    },
  };
}
