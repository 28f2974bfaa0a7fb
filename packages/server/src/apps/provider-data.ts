import { createCallbackCrypto, isWxCryptoError, WxConfigError } from '@wxkit/core';
import type { SuiteClient } from '@wxkit/core/provider';
import { type CallbackOptions, type CallbackSetup, checkCallbackOptions } from '../routes/event-config.js';
import { weComCallbackSetup } from './wecom-callback.js';

const PKG = '@wxkit/server createWxServer';
/** Corps whose crypto this process keeps (least recently used dropped first); rebuilding one is cheap. */
const MAX_CORPS = 256;

/**
 * The data callbacks (数据回调) of a provider app: one URL per authorised corp (`{prefix}/events/$CORPID$`), the
 * suite's Token and EncodingAESKey, and per message the receive id of the corp in the URL.
 *
 * Receive ids, by source: the reference (community answers by official staff, service-providers.md "Crypto
 * receiveid rules") says a data-callback POST uses the authorising corp's id and the URL check (GET) the
 * provider corpid; a developers.weixin.qq.com question ("配置代开发应用时…corpid校验失败", the corp's own id used
 * on the GET) agrees. The official pages read (97172, 96238) name only the suite_id of command pushes. Our
 * provider contract (CONTRACT-PROVIDER.md) says the corp's id for GET too. So the GET check accepts the provider
 * corpid for any well-formed path and, failing that, the path corp's own id when that corp is a tenant.
 */
export function providerDataCallback(suite: SuiteClient, options: CallbackOptions): CallbackSetup {
  const { token, encodingAESKey, mode } = checkCallbackOptions(options);
  if (mode !== undefined && mode !== 'safe')
    throw new WxConfigError(`${PKG}: WeCom data callbacks are always encrypted; leave callback.mode out`);
  if (encodingAESKey === undefined)
    throw new WxConfigError(
      `${PKG}: a provider app's data callback needs callback.encodingAESKey (the suite's, 43 characters)`,
    );
  const providerCorpId = options.providerCorpId;
  if (typeof providerCorpId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(providerCorpId))
    throw new WxConfigError(
      `${PKG}: a provider app's data callback needs the provider's CorpID (callback.providerCorpId, or commands.providerCorpId): the receive id of the console's URL check`,
    );
  const setupOf = (receiveId: string): CallbackSetup =>
    weComCallbackSetup(createCallbackCrypto({ token, encodingAESKey, receiveId }));
  const corps = new Map<string, CallbackSetup>();
  const forCorp = (corpId: string) => {
    let setup = corps.get(corpId);
    corps.delete(corpId);
    setup ??= setupOf(corpId);
    corps.set(corpId, setup);
    if (corps.size > MAX_CORPS) corps.delete(corps.keys().next().value as string);
    return setup;
  };
  const check = setupOf(providerCorpId);
  return {
    ...check,
    tenants: {
      suite,
      forCorp,
      async verifyUrl(params, corpId, isTenant) {
        try {
          return check.verifyUrl(params);
        } catch (error) {
          // -40005: sealed for another receive id than the provider corpid.
          if (!isWxCryptoError(error) || error.errcode !== -40005 || !(await isTenant())) throw error;
          return forCorp(corpId).verifyUrl(params);
        }
      },
    },
  };
}
