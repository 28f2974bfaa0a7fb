import { type CallbackCrypto, type Platform, WxConfigError, WxCryptoError } from '@wxkit/core';
import type { SuiteClient } from '@wxkit/core/provider';

/**
 * The Official Account's message modes (MP console → 服务器配置 → 消息加解密方式): plaintext (the default),
 * compatible (plaintext fields and `Encrypt` together) and safe (`Encrypt` only). WeCom has safe mode only.
 */
export type CallbackMode = 'plaintext' | 'compatible' | 'safe';

export interface CallbackOptions {
  /** The Token from the console: 1-32 letters or digits. */
  token: string;
  /** 43 characters; WeCom always, an Official Account in compatible and safe mode. */
  encodingAESKey?: string;
  /** Official Accounts only; default 'plaintext'. */
  mode?: CallbackMode;
  /**
   * A provider app's data callback only: the provider's CorpID, the receive id of the console's URL check
   * (default: `commands.providerCorpId`).
   */
  providerCorpId?: string;
}

/** The signed query parameters of a callback, each checked for shape. */
export interface SignedQuery {
  timestamp: string;
  nonce: string;
  signature?: string;
  msg_signature?: string;
}

/** How one kind of app receives callbacks; built by its strategy from the checked `callback` option. */
export interface CallbackSetup {
  /** Which platform's message format the events come in. */
  platform: Platform;
  mode: CallbackMode;
  /** Present whenever messages can arrive encrypted (WeCom; OA compatible and safe). */
  crypto?: CallbackCrypto;
  /** Whether this message came encrypted. */
  encrypted(params: URLSearchParams): boolean;
  /** The signed query a message carries, refused (-40003) when a part is missing or malformed. */
  signedQuery(params: URLSearchParams, encrypted: boolean): SignedQuery;
  /** The signatures that cover the query only, checked before the body is read. */
  checkQuery(query: SignedQuery): void;
  /** The console's check when the URL is saved: what to answer (the echostr alone, no quotes or newline). */
  verifyUrl(params: URLSearchParams): string;
  /** A provider app: one data URL per authorised corp (`{prefix}/events/{corpId}`), set up per corp. */
  tenants?: TenantCallbacks;
}

/** A provider app's data callbacks (数据回调): the URL carries `$CORPID$`, each corp's messages its own receive id. */
export interface TenantCallbacks {
  suite: SuiteClient;
  /** The setup of one corp's data URL: its messages are decrypted with receive id = that corp's id. */
  forCorp(corpId: string): CallbackSetup;
  /** The console's URL check of the data URL (receive id: the provider corpid, or the path's tenant corp). */
  verifyUrl(params: URLSearchParams, corpId: string, isTenant: () => Promise<boolean>): Promise<string>;
}

const PKG = '@wxkit/server createWxServer';
const MODES: readonly CallbackMode[] = ['plaintext', 'compatible', 'safe'];

/** The checks every kind of app shares: the token's and the key's shape, a known mode. */
export function checkCallbackOptions(options: CallbackOptions): CallbackOptions {
  const { token, encodingAESKey, mode } = options;
  if (typeof token !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(token))
    throw new WxConfigError(`${PKG}: callback.token must be 1-32 letters or digits (the console's Token)`);
  if (encodingAESKey !== undefined && !/^[A-Za-z0-9]{43}$/.test(String(encodingAESKey)))
    throw new WxConfigError(
      `${PKG}: callback.encodingAESKey must be the 43 letters or digits of EncodingAESKey from the console`,
    );
  if (mode !== undefined && !MODES.includes(mode))
    throw new WxConfigError(`${PKG}: callback.mode is ${MODES.join(', ')} (got ${String(mode)})`);
  return options;
}

const SHAPES = {
  timestamp: /^\d{1,12}$/,
  // The platforms send digits; letters, `_` and `-` are allowed so other senders work, nothing that needs escaping.
  nonce: /^[\w-]{1,64}$/,
  signature: /^[0-9a-fA-F]{40}$/,
  msg_signature: /^[0-9a-fA-F]{40}$/,
} as const;

/** Reads the query parameters `names` in order, refusing a missing or malformed one (-40003). */
export function readQuery<N extends keyof typeof SHAPES>(
  params: URLSearchParams,
  names: readonly N[],
): Record<N, string> {
  const values = {} as Record<N, string>;
  for (const name of names) {
    const value = params.get(name) ?? '';
    if (!SHAPES[name].test(value)) {
      throw new WxCryptoError(
        value === '' ? `The query parameter ${name} is missing` : `The query parameter ${name} is malformed`,
        { errcode: -40003 },
      );
    }
    values[name] = value;
  }
  return values;
}
