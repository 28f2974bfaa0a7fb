import type { ClientContext } from '../client/context.js';
import { isOAuthScope, OAUTH_SCOPES } from '../contract/oauth.js';
import { inputError } from '../errors/place.js';
import { type Envelope, withoutEnvelope } from '../http/envelope.js';
import { assertRedirectUri, assertState } from '../oauth/checks.js';
import { createCodeExchanger, type ExchangeOptions } from '../oauth/exchange.js';
import type { WeComIdentity, WeComUserDetail } from './types.js';

export interface WeComOAuth {
  authorizeUrl(options: {
    redirectUri: string;
    state: string;
    scope?: 'snsapi_base' | 'snsapi_privateinfo';
  }): string;
  webLoginUrl(options: { redirectUri: string; state: string; lang?: 'zh' | 'en' }): string;
  /** The member behind a code; see ExchangeOptions for when the same code may come back. */
  exchangeCode(code: string, options?: ExchangeOptions): Promise<WeComIdentity>;
  getUserDetail(userTicket: string): Promise<WeComUserDetail>;
}

export function createWeComOAuth(
  ctx: ClientContext,
  corpId: string,
  agentId: number,
  scope: string,
): WeComOAuth {
  const exchangeOnce = createCodeExchanger<WeComIdentity>({
    store: ctx.store,
    scope,
    logger: ctx.logger,
  });
  return {
    authorizeUrl({ redirectUri, state, scope: oauthScope = 'snsapi_base' }) {
      if (!isOAuthScope('wecom', oauthScope)) {
        throw inputError(`scope must be ${OAUTH_SCOPES.wecom.join(' or ')}, got ${String(oauthScope)}`);
      }
      const query = new URLSearchParams({
        appid: corpId,
        redirect_uri: assertRedirectUri(redirectUri),
        response_type: 'code',
        scope: oauthScope,
        state: assertState(state),
        // WeCom: without agentid, snsapi_privateinfo silently degrades to snsapi_base.
        agentid: String(agentId),
      });
      return `${ctx.hosts.open}/connect/oauth2/authorize?${query}#wechat_redirect`;
    },
    webLoginUrl({ redirectUri, state, lang }) {
      const query = new URLSearchParams({
        login_type: 'CorpApp',
        appid: corpId,
        agentid: String(agentId),
        redirect_uri: assertRedirectUri(redirectUri),
        state: assertState(state),
      });
      if (lang !== undefined) {
        if (lang !== 'zh' && lang !== 'en') throw inputError(`lang must be zh or en`);
        query.set('lang', lang);
      }
      return `${ctx.hosts.login}/wwlogin/sso/login?${query}`;
    },
    exchangeCode(code, options) {
      return exchangeOnce(
        code,
        async () => {
          const data = await ctx.call<{
            userid?: string;
            openid?: string;
            user_ticket?: string;
            external_userid?: string;
          }>(ctx.hosts.qyapi, '/cgi-bin/auth/getuserinfo', { query: { code } });
          const identity: WeComIdentity = {};
          if (data.userid) identity.userid = data.userid;
          if (data.openid) identity.openid = data.openid;
          if (data.user_ticket) identity.userTicket = data.user_ticket;
          if (data.external_userid) identity.externalUserid = data.external_userid;
          return identity;
        },
        options,
      );
    },
    async getUserDetail(userTicket) {
      if (typeof userTicket !== 'string' || userTicket === '') {
        throw inputError(`getUserDetail needs the user_ticket from exchangeCode (scope snsapi_privateinfo)`);
      }
      const detail = withoutEnvelope(
        await ctx.call<WeComUserDetail & Envelope>(ctx.hosts.qyapi, '/cgi-bin/auth/getuserdetail', {
          method: 'POST',
          body: { user_ticket: userTicket },
        }),
      );
      return detail;
    },
  };
}
