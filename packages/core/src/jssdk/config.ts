import { randomBytes } from 'node:crypto';
import { WxConfigError } from '../errors/errors.js';
import { jsapiSignature } from './signature.js';

export interface SignedUrl {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const randomNonce = () =>
  Array.from(randomBytes(16), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');

/** Signs a page URL with a ticket: the `{ timestamp, nonceStr, signature }` shape ww.register callbacks return. */
export function signUrl(
  pkg: string,
  ticket: string,
  url: string,
  now: number,
  nonce: () => string = randomNonce,
): SignedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WxConfigError(`${pkg}: url "${url}" must be the full page URL (location.href.split('#')[0])`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WxConfigError(`${pkg}: url must be an http(s) page URL, got ${parsed.protocol}`);
  }
  const timestamp = Math.floor(now / 1000);
  const nonceStr = nonce();
  return { timestamp, nonceStr, signature: jsapiSignature({ ticket, nonceStr, timestamp, url }).signature };
}

export function checkJsApiList(pkg: string, list: unknown): string[] {
  if (list === undefined) return [];
  if (
    !Array.isArray(list) ||
    list.some((name) => typeof name !== 'string' || !/^[A-Za-z][\w]*$/.test(name))
  ) {
    throw new WxConfigError(
      `${pkg}: jsApiList must be an array of API names like ["scanQRCode", "closeWindow"]`,
    );
  }
  return [...list];
}
