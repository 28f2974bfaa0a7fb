import { WxConfigError } from '@wxkit/core';
import type { SuiteClient, SuiteIdentity } from '@wxkit/core/provider';

const PKG = '@wxkit/server createWxServer';

/** Refused before any redirect: the kit's login error names it (`not_installed`). */
export class NotInstalled extends WxConfigError {}

/**
 * Which login a provider app's member gets. A third-party app: the suite's (appid = suite_id, getuserinfo3rd),
 * any corp. A 代开发 app (a dk… template, or a tenant registered as customized): the corp's own OAuth (appid =
 * the corp id, agentid = the corp's agent; doc 96441) with the corp's token from gettoken(permanent code) — so the
 * login must name the corp: the app's home URL carries `?corp=$CORPID$` (应用主页 supports $CORPID$).
 */
export function providerLogin(suite: SuiteClient, scope: 'snsapi_base' | 'snsapi_privateinfo') {
  const templated = suite.suiteId.startsWith('dk');
  /** The corp's client when this login goes through the corp's OAuth (代开发), else undefined. */
  const customized = async (corpId: string | undefined) => {
    if (corpId === undefined) {
      if (templated)
        throw new NotInstalled(
          `${PKG}: a 代开发 app logs members in through their corp's OAuth: the login needs ?corp=<corpId> (set the app's home URL to …?corp=$CORPID$)`,
        );
      return undefined;
    }
    const tenant = await suite.tenants.get(corpId).catch(() => undefined);
    if (!tenant)
      throw new NotInstalled(
        `${PKG}: corp ${corpId} has not installed suite ${suite.suiteId} (not in the tenant registry); install the app in that corp first`,
      );
    return tenant.kind === 'customized' ? suite.corp(corpId) : undefined;
  };
  return {
    async authorizeUrl(input: { redirectUri: string; state: string; corpId?: string }) {
      const corp = await customized(input.corpId);
      const { redirectUri, state } = input;
      return corp
        ? corp.oauth.authorizeUrl({ redirectUri, state, scope })
        : suite.oauth.authorizeUrl({ redirectUri, state, scope });
    },
    /** The member and their corp; `corpId` is the corp the login was started for (代开发 only). */
    async exchangeCode(
      code: string,
      options: { binding: string; corpId?: string },
    ): Promise<{ corpId: string; identity: SuiteIdentity }> {
      const corp = await customized(options.corpId);
      if (corp) {
        // The code is exchanged with this corp's token: a code of another corp's app is refused by the platform.
        const { userid, userTicket } = await corp.oauth.exchangeCode(code, { binding: options.binding });
        if (!userid)
          throw new WxConfigError(
            `${PKG}: the visitor is not a member of corp ${corp.appId} (getuserinfo gave no userid); only members can log in to a 代开发 app`,
          );
        const corpId = corp.appId;
        return { corpId, identity: { corpId, userid, ...(userTicket ? { userTicket } : {}) } };
      }
      const identity = await suite.oauth.exchangeCode(code, { binding: options.binding });
      const { corpId, userid } = identity;
      // A non-member (openid only) has no corp: a provider session without a corp could not be kept apart.
      if (!corpId || !userid)
        throw new WxConfigError(
          `${PKG}: the visitor is not a member of a corp that installed suite ${suite.suiteId} (getuserinfo3rd gave no corpid/userid); only members can log in to a provider app`,
        );
      // A member of a corp that is not (or no longer) in the tenant registry is refused here, before a session.
      if (!(await suite.tenants.get(corpId)))
        throw new NotInstalled(
          `${PKG}: corp ${corpId} has not installed suite ${suite.suiteId} (not in the tenant registry); install the app in that corp first`,
        );
      return { corpId, identity };
    },
  };
}
