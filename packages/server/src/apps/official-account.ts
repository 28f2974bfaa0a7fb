import {
  assertPlainSignature,
  createCallbackCrypto,
  JSSDK_SCRIPT_PATH,
  type OfficialAccountClient,
  type SessionUser,
  WxConfigError,
} from '@wxkit/core';
import { OAUTH_SCOPES } from '@wxkit/core/contract';
import { checkCallbackOptions, readQuery } from '../routes/event-config.js';
import { type AppStrategy, type Identity, type LoginSettings, pickScope } from './strategy.js';

const PKG = '@wxkit/server createWxServer';
type OaIdentity = Extract<Identity, { platform: 'oa' }>;

/** An Official Account (公众号): web authorization by openid, callbacks in plaintext, compatible or safe mode. */
export function officialAccountApp(
  client: OfficialAccountClient,
  login: LoginSettings,
): AppStrategy<OaIdentity> {
  const scope = pickScope(OAUTH_SCOPES.oa, login.scope, 'an Official Account');
  const defaultUser = async ({ token }: OaIdentity): Promise<SessionUser> => {
    const { openid, accessToken } = token;
    // Only snsapi_userinfo grants the profile; snsapi_base knows the openid alone.
    if (token.scope !== 'snsapi_userinfo') return { platform: 'oa', id: openid, openid, name: '微信用户' };
    const info = await client.oauth.userInfo(accessToken, openid);
    return {
      platform: 'oa',
      id: openid,
      openid,
      name: info.nickname,
      ...(info.headimgurl ? { avatar: info.headimgurl } : {}),
    };
  };
  return {
    platform: 'oa',
    hosts: client.hosts,
    appKey: client.appId,
    // No QR login for an Official Account: a desktop browser gets the same authorize URL (WeChat shows its own page).
    authorizeUrl: ({ redirectUri, state }) => client.oauth.authorizeUrl({ redirectUri, state, scope }),
    async exchangeCode(code, options) {
      return { platform: 'oa', token: await client.oauth.exchangeCode(code, options) };
    },
    loadUser: (identity, custom) => (custom ? custom(identity, client) : defaultUser(identity)),
    clientOf: async () => client,
    jssdk: {
      scriptPath: JSSDK_SCRIPT_PATH,
      domainList: 'the JS interface safe domains (JS接口安全域名)',
      perMember: false,
      sign: (url, jsApiList) => client.jssdk.config({ url, jsApiList }),
    },
    callback(options) {
      const { token, encodingAESKey, mode = 'plaintext' } = checkCallbackOptions(options);
      if (mode === 'plaintext' && encodingAESKey !== undefined)
        throw new WxConfigError(
          `${PKG}: callback.encodingAESKey is set but callback.mode is 'plaintext': pick mode 'compatible' or 'safe' as in the MP console, or leave the key out`,
        );
      if (mode !== 'plaintext' && encodingAESKey === undefined)
        throw new WxConfigError(
          `${PKG}: callback.mode '${mode}' needs callback.encodingAESKey (43 characters)`,
        );
      return {
        platform: 'oa',
        mode,
        ...(encodingAESKey === undefined
          ? {}
          : { crypto: createCallbackCrypto({ token, encodingAESKey, receiveId: client.appId }) }),
        encrypted: (params) => params.get('encrypt_type') === 'aes',
        signedQuery: (params, encrypted) =>
          readQuery(
            params,
            encrypted
              ? ['signature', 'timestamp', 'nonce', 'msg_signature']
              : ['signature', 'timestamp', 'nonce'],
          ),
        // `signature` covers the query only, so it is checked before the body is read, in every mode.
        checkQuery: (q) => assertPlainSignature(token, { ...q, signature: q.signature ?? '' }),
        verifyUrl(params) {
          // The MP console signs [token, timestamp, nonce] in every mode and expects echostr unchanged.
          assertPlainSignature(token, readQuery(params, ['signature', 'timestamp', 'nonce']));
          return params.get('echostr') ?? '';
        },
      };
    },
  };
}
