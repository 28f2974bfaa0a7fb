import { randomUUID } from 'node:crypto';
import { inputError } from '../errors/place.js';
import { jsapiSignature } from './signature.js';

export interface SignedUrl {
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/** 16 random hex characters (randomUUID draws from Node's entropy pool, cheap on the hot path). */
export const randomNonce = () => randomUUID().replaceAll('-', '').slice(0, 16);

const PAGE_URL = /^https?:\/\/[^\s/?#]+/i;

/** Signs a page URL with a ticket: the `{ timestamp, nonceStr, signature }` shape ww.register callbacks return. */
export function signUrl(
  ticket: string,
  url: string,
  now: number,
  nonce: () => string = randomNonce,
): SignedUrl {
  if (typeof url !== 'string' || !PAGE_URL.test(url)) {
    throw inputError(`url "${String(url)}" must be the full page URL, http(s) (location.href.split('#')[0])`);
  }
  const timestamp = Math.floor(now / 1000);
  const nonceStr = nonce();
  return { timestamp, nonceStr, signature: jsapiSignature({ ticket, nonceStr, timestamp, url }).signature };
}

export function assertJsApiList(list: unknown): string[] {
  if (list === undefined) return [];
  if (
    !Array.isArray(list) ||
    list.some((name) => typeof name !== 'string' || !/^[A-Za-z][\w]*$/.test(name))
  ) {
    throw inputError(`jsApiList must be an array of API names like ["scanQRCode", "closeWindow"]`);
  }
  return [...list];
}
