import type { Platform } from '../contract/platform.js';
import type { Explanation } from './catalog.js';

/**
 * Base of every error wxkit throws on purpose. Every class takes `(message, details?)`, except WxApiError, whose
 * message is written from its details (the errcode and the catalog's explanation).
 */
export class WxError extends Error {
  override name = 'WxError';
  constructor(message: string, details?: { cause?: unknown }) {
    super(message, details?.cause === undefined ? undefined : { cause: details.cause });
  }
}

/** The platform answered with an errcode other than 0. */
export class WxApiError extends WxError {
  override name = 'WxApiError';
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path with secrets redacted, e.g. `/cgi-bin/gettoken?corpid=ww01&corpsecret=***`. */
  readonly path: string;
  readonly platform: Platform;
  /** The host that answered, e.g. `qyapi.weixin.qq.com` (an emulator or proxy shows as itself). */
  readonly host: string | undefined;
  readonly explanation: Explanation | undefined;
  /** One line: the likely cause and the fix. */
  readonly hint: string;

  constructor(init: {
    errcode: number;
    errmsg: string;
    path: string;
    platform: Platform;
    explanation: Explanation | undefined;
    host?: string;
  }) {
    const hint = init.explanation
      ? `${init.explanation.meaning}. Likely: ${init.explanation.causes[0] ?? 'see the catalog'}. Fix: ${init.explanation.fix}`
      : `errcode ${init.errcode} is not in the wxkit catalog; run \`wxkit explain ${init.errcode}\` or check the platform's error table`;
    super(`${init.host ?? ''}${init.path} failed with errcode ${init.errcode} (${init.errmsg}). ${hint}`);
    this.host = init.host;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.path = init.path;
    this.platform = init.platform;
    this.explanation = init.explanation;
    this.hint = hint;
  }
}

/**
 * The request never produced a WeChat envelope: network failure, timeout, HTTP status other than 200, or not
 * JSON. `status` is undefined when no HTTP answer came at all (network error, dropped connection, timeout).
 */
export class WxHttpError extends WxError {
  override name = 'WxHttpError';
  /** The API path with secrets redacted. */
  readonly path: string;
  /** The HTTP status; undefined when no answer came (network error, dropped connection, timeout). */
  readonly status: number | undefined;
  /** The host that failed, e.g. `qyapi.weixin.qq.com`. */
  readonly host: string | undefined;
  constructor(message: string, details: { path: string; status?: number; host?: string; cause?: unknown }) {
    super(message, details);
    this.path = details.path;
    this.status = details.status;
    this.host = details.host;
  }
}

/**
 * The store could not do what was asked (Redis unreachable, stalled, or refusing): a write was NOT made, a read
 * has no answer. Never thrown for a write that happened.
 */
export class WxStoreError extends WxError {
  override name = 'WxStoreError';
}

/** Callback crypto failed; `errcode` is the WXBizMsgCrypt code (-40001 … -40011), explained by the catalog. */
export class WxCryptoError extends WxError {
  override name = 'WxCryptoError';
  readonly errcode: number;
  constructor(message: string, details: { errcode: number }) {
    super(`${message} (${details.errcode})`);
    this.errcode = details.errcode;
  }
}

/** An option or argument is wrong; the message names it and says how to fix it. */
export class WxConfigError extends WxError {
  override name = 'WxConfigError';
}

// Every guard matches by class or by name, so an error from another copy of @wxkit/core (two versions in one
// node_modules) is recognised too.
const guard =
  <T extends Error>(type: abstract new (...args: never[]) => T, ...names: string[]) =>
  (error: unknown): error is T =>
    error instanceof type || (error instanceof Error && names.includes(error.name));

export const isWxApiError = guard(WxApiError, 'WxApiError');
export const isWxHttpError = guard(WxHttpError, 'WxHttpError');
export const isWxCryptoError = guard(WxCryptoError, 'WxCryptoError');
export const isWxConfigError = guard(WxConfigError, 'WxConfigError');
export const isWxStoreError = guard(WxStoreError, 'WxStoreError');
export const isWxError = guard(
  WxError,
  'WxError',
  'WxApiError',
  'WxHttpError',
  'WxCryptoError',
  'WxConfigError',
  'WxStoreError',
);
