import type { Transport } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { assertRedirectUri, assertState } from '../oauth/checks.js';
import { createCodeExchanger, type ExchangeOptions } from '../oauth/exchange.js';
import { checkNonEmptyString } from './checks.js';
import { providerKey } from './keys.js';
import type { TokenCaller } from './token-call.js';

/** Who opened a third-party app's page: a member of an authorised corp, or (openid only) a non-member. */
export interface SuiteIdentity {
  /** The member's corp (always present for members; the session must carry it). */
  corpId?: string;
  userid?: string;
  /** Provider-wide id of the member, the same in every app of this provider (doc 91121). */
  openUserid?: string;
  /** Non-members: an id unique per provider. */
  openid?: string;
  /** With scope snsapi_privateinfo for members in the visible range; valid `expires_in` (1800 s in the docs). */
  userTicket?: string;
}

export interface SuiteUserDetail {
  corpId: string;
  userid: string;
  /** Since 2020 the platform returns the userid here, not the real name (doc 91122). */
  name?: string;
  gender?: string;
  avatar?: string;
  qrCode?: string;
}

export interface SuiteOAuth {
  /** The member login page for a third-party app: appid is the suite_id, no agentid (doc 91120). */
  authorizeUrl(options: {
    redirectUri: string;
    state: string;
    scope?: 'snsapi_base' | 'snsapi_privateinfo';
  }): string;
  /** getuserinfo3rd with the suite token; the same code again from the same binding gets the same answer. */
  exchangeCode(code: string, options?: ExchangeOptions): Promise<SuiteIdentity>;
  /** getuserdetail3rd. */
  getUserDetail(userTicket: string): Promise<SuiteUserDetail>;
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export function createSuiteOAuth(transport: Transport, suiteId: string, caller: TokenCaller): SuiteOAuth {
  const exchangeOnce = createCodeExchanger<SuiteIdentity>({
    store: transport.store,
    scope: providerKey({ kind: 'suite_oauth', suiteId }),
    logger: transport.logger,
  });
  return {
    authorizeUrl({ redirectUri, state, scope = 'snsapi_base' }) {
      if (scope !== 'snsapi_base' && scope !== 'snsapi_privateinfo')
        throw inputError(`scope must be snsapi_base or snsapi_privateinfo, got ${String(scope)}`);
      const query = new URLSearchParams({
        appid: suiteId,
        redirect_uri: assertRedirectUri(redirectUri),
        response_type: 'code',
        scope,
        state: assertState(state),
      });
      return `${transport.hosts.open}/connect/oauth2/authorize?${query}#wechat_redirect`;
    },
    exchangeCode(code, options) {
      return exchangeOnce(
        code,
        async () => {
          const data = await caller.call<Record<string, unknown>>('/cgi-bin/service/auth/getuserinfo3rd', {
            query: { code },
          });
          // The current doc (91121, 2022) answers lower-case corpid/userid; older pages and answers still seen in
          // the field use CorpId/UserId/OpenId. Both are read, lower case first.
          const identity: SuiteIdentity = {};
          const corpId = str(data.corpid) ?? str(data.CorpId);
          const userid = str(data.userid) ?? str(data.UserId);
          const openid = str(data.openid) ?? str(data.OpenId);
          if (corpId) identity.corpId = corpId;
          if (userid) identity.userid = userid;
          if (str(data.open_userid)) identity.openUserid = data.open_userid as string;
          if (openid) identity.openid = openid;
          if (str(data.user_ticket)) identity.userTicket = data.user_ticket as string;
          return identity;
        },
        options,
      );
    },
    async getUserDetail(userTicket) {
      checkNonEmptyString(
        'userTicket',
        userTicket,
        40058,
        'pass user_ticket from exchangeCode (scope snsapi_privateinfo)',
      );
      const data = await caller.call<Record<string, unknown>>('/cgi-bin/service/auth/getuserdetail3rd', {
        method: 'POST',
        body: { user_ticket: userTicket },
      });
      const detail: SuiteUserDetail = {
        corpId: String(data.corpid ?? ''),
        userid: String(data.userid ?? ''),
      };
      for (const [from, to] of [
        ['name', 'name'],
        ['gender', 'gender'],
        ['avatar', 'avatar'],
        ['qr_code', 'qrCode'],
      ] as const)
        if (str(data[from])) detail[to] = data[from] as string;
      return detail;
    },
  };
}
