import {
  createCallbackCrypto,
  type SessionUser,
  WECOM_JSSDK_SCRIPT_PATH,
  type WeComClient,
  WxConfigError,
} from '@wxkit/core';
import { OAUTH_SCOPES } from '@wxkit/core/contract';
import { checkCallbackOptions } from '../routes/event-config.js';
import { type AppStrategy, type Identity, type LoginSettings, pickScope } from './strategy.js';
import { weComCallbackSetup } from './wecom-callback.js';

const PKG = '@wxkit/server createWxServer';
type WeComIdentity = Extract<Identity, { platform: 'wecom' }>;

/** WeCom's own app (自建应用): member login by userid, QR login on desktop browsers, always-encrypted callbacks. */
export function wecomApp(client: WeComClient, login: LoginSettings): AppStrategy<WeComIdentity> {
  const scope = pickScope(OAUTH_SCOPES.wecom, login.scope, 'WeCom');
  const defaultUser = async ({ identity }: WeComIdentity): Promise<SessionUser> => {
    const { userid, openid } = identity;
    // Someone outside the corp (an external contact) has an openid only.
    if (!userid)
      return { platform: 'wecom', id: openid ?? 'unknown', ...(openid ? { openid } : {}), name: '访客' };
    const user = await client.users.get(userid);
    return {
      platform: 'wecom',
      id: user.userid,
      userid: user.userid,
      name: user.name,
      department: user.department,
    };
  };
  return {
    platform: 'wecom',
    hosts: client.hosts,
    appKey: `${client.appId}:${client.agentId}`,
    authorizeUrl({ redirectUri, state, kind }) {
      // A desktop browser cannot open the in-app authorize page: it gets WeCom's QR login instead.
      return kind === 'browser' && login.webLogin === 'qr'
        ? client.oauth.webLoginUrl({ redirectUri, state })
        : client.oauth.authorizeUrl({ redirectUri, state, scope });
    },
    async exchangeCode(code, options) {
      return { platform: 'wecom', identity: await client.oauth.exchangeCode(code, options) };
    },
    loadUser: (identity, custom) => (custom ? custom(identity, client) : defaultUser(identity)),
    clientOf: async () => client,
    jssdk: {
      scriptPath: WECOM_JSSDK_SCRIPT_PATH,
      domainList: "the app's trusted domains (可信域名)",
      perMember: false,
      async sign(url, jsApiList) {
        const [config, agentConfig] = await Promise.all([
          client.jssdk.config({ url, jsApiList }),
          client.jssdk.agentConfig({ url, jsApiList }),
        ]);
        const { appId, timestamp, nonceStr, signature } = config;
        return { appId, timestamp, nonceStr, signature, jsApiList: config.jsApiList, agentConfig };
      },
    },
    callback(options) {
      const { token, encodingAESKey, mode } = checkCallbackOptions(options);
      if (mode !== undefined && mode !== 'safe')
        throw new WxConfigError(`${PKG}: WeCom callbacks are always encrypted; leave callback.mode out`);
      if (encodingAESKey === undefined)
        throw new WxConfigError(`${PKG}: WeCom callbacks need callback.encodingAESKey (43 characters)`);
      return weComCallbackSetup(createCallbackCrypto({ token, encodingAESKey, receiveId: client.appId }));
    },
  };
}
