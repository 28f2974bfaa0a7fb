import { createCallbackCrypto, type SessionUser, WECOM_JSSDK_SCRIPT_PATH, WxConfigError } from '@wxkit/core';
import { OAUTH_SCOPES } from '@wxkit/core/contract';
import type { CorpClient, SuiteClient } from '@wxkit/core/provider';
import { checkCallbackOptions } from '../routes/event-config.js';
import { providerDataCallback } from './provider-data.js';
import { providerLogin } from './provider-login.js';
import { type AppStrategy, type Identity, type LoginSettings, pickScope } from './strategy.js';
import { verifyWeComUrl } from './wecom-callback.js';

const PKG = '@wxkit/server createWxServer';
type ProviderIdentity = Extract<Identity, { platform: 'provider' }>;

/** The corp a session belongs to: set by the kit at login, never by `loadUser`. */
export const corpOfUser = (user: SessionUser | undefined): string | undefined =>
  typeof user?.corpId === 'string' && user.corpId !== '' ? user.corpId : undefined;

/**
 * A service provider's third-party app (第三方应用): one suite installed in many corps. Members of any corp that
 * authorised the suite log in with appid = suite_id; the session carries the member's corp, and everything done
 * for the member (loading the user, signing the JS-SDK) goes through that corp's client and token.
 */
export function providerApp(suite: SuiteClient, login: LoginSettings): AppStrategy<ProviderIdentity> {
  const scope = pickScope(OAUTH_SCOPES.wecom, login.scope, 'a provider app');
  const corpOf = async (corpId: string): Promise<CorpClient> => suite.corp(corpId);
  const logins = providerLogin(suite, scope);
  const defaultUser = async (identity: ProviderIdentity, corp: CorpClient): Promise<SessionUser> => {
    const userid = identity.identity.userid as string;
    const user = await corp.users.get(userid);
    return {
      platform: 'wecom',
      id: user.userid,
      userid: user.userid,
      name: user.name,
      department: user.department,
      ...(identity.identity.openUserid ? { openUserid: identity.identity.openUserid } : {}),
    };
  };
  return {
    platform: 'wecom',
    hosts: suite.hosts,
    // `suite:` keeps a suite's keys apart from an own app's (`<corpid>:<agentid>`) and from every other suite's.
    appKey: `suite:${suite.suiteId}`,
    // The member login page of a third-party app has no QR variant for desktop browsers: the same URL for all.
    authorizeUrl: ({ redirectUri, state, corpId }) =>
      logins.authorizeUrl({ redirectUri, state, ...(corpId ? { corpId } : {}) }),
    async exchangeCode(code, options) {
      const { corpId, identity } = await logins.exchangeCode(code, options);
      return { platform: 'provider', suiteId: suite.suiteId, corpId, identity };
    },
    suite,
    // An uninstalled corp's sessions end at once, on every instance: the tenant registry is read per request (one
    // store read). While the store cannot answer the session stands (its corp client would fail on its own), so an
    // outage does not log every member out.
    async memberStillHere(member) {
      const corpId = corpOfUser(member);
      if (!corpId) return false;
      try {
        return (await suite.tenants.get(corpId)) !== undefined;
      } catch {
        return true;
      }
    },
    async clientOf(member) {
      const corpId = corpOfUser(member);
      // A provider session always carries its corp (stamped at login); one without is not a member's.
      if (!corpId)
        throw new WxConfigError(
          `${PKG}: this session has no corp: a provider app's member logs in through ${'{prefix}/login'}`,
        );
      return corpOf(corpId);
    },
    async loadUser(identity, custom) {
      const corp = await corpOf(identity.corpId);
      const user = custom ? await custom(identity, corp) : await defaultUser(identity, corp);
      // The corp comes from the platform's answer, last: a loadUser cannot move a member to another corp.
      return { ...user, corpId: identity.corpId };
    },
    jssdk: {
      scriptPath: WECOM_JSSDK_SCRIPT_PATH,
      domainList: "the suite's trusted domains (可信域名, 服务商管理端)",
      perMember: true,
      async sign(url, jsApiList, member) {
        const corpId = corpOfUser(member);
        if (!corpId)
          throw new WxConfigError(
            `${PKG}: a provider app signs the JS-SDK for the member's corp: log in first (${'GET {prefix}/login'})`,
          );
        // Both tickets with the corp's token (a suite token there gives 40014 and config:fail).
        const corp = await corpOf(corpId);
        const [config, agentConfig] = await Promise.all([
          corp.jssdk.config({ url, jsApiList }),
          corp.jssdk.agentConfig({ url, jsApiList }),
        ]);
        const { appId, timestamp, nonceStr, signature } = config;
        return { appId, timestamp, nonceStr, signature, jsApiList: config.jsApiList, agentConfig };
      },
    },
    // The data callbacks (数据回调) at {prefix}/events/{corpId}.
    callback: (options) => providerDataCallback(suite, options),
    commands(options) {
      const { token, encodingAESKey } = checkCallbackOptions({ ...options });
      if (encodingAESKey === undefined)
        throw new WxConfigError(`${PKG}: commands.encodingAESKey is required (43 characters, 回调配置)`);
      const providerCorpId = options.providerCorpId;
      if (typeof providerCorpId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(providerCorpId))
        throw new WxConfigError(
          `${PKG}: commands.providerCorpId must be the provider's CorpID (服务商管理端 → 服务商信息): the receive id of the URL check`,
        );
      // One key, two receive ids: the console's URL check uses the provider corpid, the pushes the suite_id.
      const check = createCallbackCrypto({ token, encodingAESKey, receiveId: providerCorpId });
      const pushes = createCallbackCrypto({ token, encodingAESKey, receiveId: suite.suiteId });
      return {
        suite,
        verifyUrl: (params) => verifyWeComUrl(check, params),
        decrypt: (query) => pushes.decrypt(query),
      };
    },
  };
}
