import type { Platform } from '../contract/platform.js';
import type { Explanation } from './catalog.js';

/** Base of every error wxkit throws on purpose. */
export class WxError extends Error {
  override name = 'WxError';
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
  /** The host that failed, e.g. `qyapi.weixin.qq.com`. */
  readonly host: string | undefined;
  constructor(
    message: string,
    readonly path: string,
    readonly status?: number,
    options?: { cause?: unknown; host?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.host = options?.host;
  }
}

/**
 * The store could not do what was asked (Redis unreachable, stalled, or refusing): a write was NOT made, a read
 * has no answer. Never thrown for a write that happened.
 */
export class WxStoreError extends WxError {
  override name = 'WxStoreError';
}

/** Callback crypto failed; `code` is the WXBizMsgCrypt code (-40001 … -40011). */
export class WxCryptoError extends WxError {
  override name = 'WxCryptoError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`${message} (${code})`);
  }
}

/** An option or argument is wrong; the message names it and says how to fix it. */
export class WxConfigError extends WxError {
  override name = 'WxConfigError';
}

const named =
  <T extends Error>(name: string) =>
  (error: unknown): error is T =>
    error instanceof Error && error.name === name;

export const isWxError = (error: unknown): error is WxError =>
  error instanceof Error && error.name.startsWith('Wx') && error instanceof WxError;
export const isWxApiError = named<WxApiError>('WxApiError');
export const isWxHttpError = named<WxHttpError>('WxHttpError');
export const isWxCryptoError = named<WxCryptoError>('WxCryptoError');
export const isWxConfigError = named<WxConfigError>('WxConfigError');
/** Matches by class or by name, so a WxStoreError from another copy of @wxkit/core is recognised too. */
export const isWxStoreError = (error: unknown): error is WxStoreError =>
  error instanceof WxStoreError || (error instanceof Error && error.name === 'WxStoreError');
