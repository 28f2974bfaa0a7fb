import { createHash } from 'node:crypto';
import { WxConfigError } from '../errors/errors.js';

export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  url: string;
}

/** The page URL the platform verifies: everything before `#`. */
export function signableUrl(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (keys sorted, values not encoded), the same for
 * OA wx.config, WeCom wx.config (corp ticket) and wx.agentConfig (agent ticket).
 */
export function jsapiSignature(input: JsapiSignatureInput): { signature: string; string1: string } {
  for (const name of ['ticket', 'nonceStr', 'url'] as const) {
    if (typeof input?.[name] !== 'string' || input[name] === '') {
      throw new WxConfigError(`@wxkit/core jsapiSignature: \`${name}\` must be a non-empty string`);
    }
  }
  const timestamp = String(input.timestamp);
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WxConfigError(
      `@wxkit/core jsapiSignature: timestamp "${timestamp}" must be whole seconds (a 10-digit number today), not milliseconds`,
    );
  }
  const string1 = `jsapi_ticket=${input.ticket}&noncestr=${input.nonceStr}&timestamp=${timestamp}&url=${signableUrl(input.url)}`;
  return { signature: createHash('sha1').update(string1).digest('hex'), string1 };
}
