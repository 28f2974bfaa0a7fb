import {
  type CallbackCrypto,
  createCallbackCrypto,
  type Platform,
  type WxClient,
  WxConfigError,
} from '@wxkit/core';

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
}

export interface CallbackSetup {
  platform: Platform;
  token: string;
  mode: CallbackMode;
  /** Present whenever messages can arrive encrypted (WeCom; OA compatible and safe). */
  crypto?: CallbackCrypto;
}

const PKG = '@wxkit/server createWxServer';
const MODES: readonly CallbackMode[] = ['plaintext', 'compatible', 'safe'];

/** Checks `callback` against the platform once, at creation. */
export function callbackSetup(options: CallbackOptions, client: WxClient): CallbackSetup {
  const { token, encodingAESKey, mode } = options;
  if (typeof token !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(token))
    throw new WxConfigError(`${PKG}: callback.token must be 1-32 letters or digits (the console's Token)`);
  if (encodingAESKey !== undefined && !/^[A-Za-z0-9]{43}$/.test(String(encodingAESKey)))
    throw new WxConfigError(
      `${PKG}: callback.encodingAESKey must be the 43 letters or digits of EncodingAESKey from the console`,
    );
  if (mode !== undefined && !MODES.includes(mode))
    throw new WxConfigError(`${PKG}: callback.mode is ${MODES.join(', ')} (got ${String(mode)})`);
  if (client.platform === 'wecom') {
    if (mode !== undefined && mode !== 'safe')
      throw new WxConfigError(`${PKG}: WeCom callbacks are always encrypted; leave callback.mode out`);
    if (encodingAESKey === undefined)
      throw new WxConfigError(`${PKG}: WeCom callbacks need callback.encodingAESKey (43 characters)`);
    return {
      platform: 'wecom',
      token,
      mode: 'safe',
      crypto: createCallbackCrypto({ token, encodingAESKey, receiveId: client.appId }),
    };
  }
  const oaMode = mode ?? 'plaintext';
  if (oaMode === 'plaintext') {
    if (encodingAESKey !== undefined)
      throw new WxConfigError(
        `${PKG}: callback.encodingAESKey is set but callback.mode is 'plaintext': pick mode 'compatible' or 'safe' as in the MP console, or leave the key out`,
      );
    return { platform: 'oa', token, mode: oaMode };
  }
  if (encodingAESKey === undefined)
    throw new WxConfigError(
      `${PKG}: callback.mode '${oaMode}' needs callback.encodingAESKey (43 characters)`,
    );
  return {
    platform: 'oa',
    token,
    mode: oaMode,
    crypto: createCallbackCrypto({ token, encodingAESKey, receiveId: client.appId }),
  };
}
