import { hash } from 'node:crypto';
import { withoutHash } from '../contract/url.js';
import { WxConfigError } from '../errors/errors.js';

export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}

/** The page URL the platform verifies (the contract's rule: everything before `#`). */
export const signableUrl = withoutHash;

/**
 * sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (keys sorted, values not encoded), the same for
 * OA wx.config, WeCom wx.config (corp ticket) and wx.agentConfig (agent ticket).
 */
export function jsapiSignature(input: JsapiSignatureInput): { signature: string; string1: string } {
  const { ticket, nonceStr, url } = input ?? ({} as JsapiSignatureInput);
  if (typeof ticket !== 'string' || ticket === '') throw missing('ticket');
  if (typeof nonceStr !== 'string' || nonceStr === '') throw missing('nonceStr');
  if (typeof url !== 'string' || url === '') throw missing('url');
  const timestamp = assertTimestamp(input.timestamp);
  const string1 = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${signableUrl(url)}`;
  // One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash for strings this short.
  return { signature: hash('sha1', string1, 'hex'), string1 };
}

const missing = (name: string) =>
  new WxConfigError(`@wxkit/core jsapiSignature: \`${name}\` must be a non-empty string`);

function assertTimestamp(value: number | string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 1e12)
    return String(value);
  const timestamp = String(value);
  if (typeof value === 'string' && /^\d{1,12}$/.test(timestamp)) return timestamp;
  throw new WxConfigError(
    `@wxkit/core jsapiSignature: timestamp "${timestamp}" must be whole seconds (a 10-digit number today), not milliseconds`,
  );
}
