import type { ClientContext } from '../client/context.js';
import { isOAuthScope, OAUTH_SCOPES } from '../contract/oauth.js';
import { isWxApiError } from '../errors/errors.js';
import { inputError } from '../errors/place.js';
import { type Envelope, withoutEnvelope } from '../http/envelope.js';
import { assertRedirectUri, assertState } from '../oauth/checks.js';
import { createCodeExchanger, type ExchangeOptions } from '../oauth/exchange.js';

export interface OaOAuthToken {
  openid: string;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  scope: string;
  unionid?: string;
  isSnapshotUser?: boolean;
}

export interface OaUserInfo {
  openid: string;
  nickname: string;
  sex: number;
  province: string;
  city: string;
  country: string;
  headimgurl: string;
  privilege: string[];
  unionid?: string;
}

interface RawToken {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  openid: string;
  scope: string;
  unionid?: string;
  is_snapshotuser?: number;
}

const toToken = (raw: RawToken): OaOAuthToken => ({
  openid: raw.openid,
  accessToken: raw.access_token,
  refreshToken: raw.refresh_token,
  expiresIn: raw.expires_in,
  scope: raw.scope,
  ...(raw.unionid ? { unionid: raw.unionid } : {}),
  ...(raw.is_snapshotuser === 1 ? { isSnapshotUser: true } : {}),
});

const need = (name: string, value: unknown) => {
  if (typeof value !== 'string' || value === '') throw inputError(`\`${name}\` is required`);
  return value;
};

export function createOaOAuth(ctx: ClientContext, appId: string, appSecret: string, scope: string) {
  const exchangeOnce = createCodeExchanger<OaOAuthToken>({
    store: ctx.store,
    scope,
    logger: ctx.logger,
  });
  const api = ctx.hosts.api;
  return {
    authorizeUrl({
      redirectUri,
      state,
      scope: oauthScope = 'snsapi_base',
    }: {
      redirectUri: string;
      state: string;
      scope?: 'snsapi_base' | 'snsapi_userinfo';
    }): string {
      if (!isOAuthScope('oa', oauthScope)) {
        throw inputError(`scope must be ${OAUTH_SCOPES.oa.join(' or ')}, got ${String(oauthScope)}`);
      }
      // OA: the doc demands this exact parameter order and the #wechat_redirect fragment.
      const query = new URLSearchParams({
        appid: appId,
        redirect_uri: assertRedirectUri(redirectUri),
        response_type: 'code',
        scope: oauthScope,
        state: assertState(state),
      });
      return `${ctx.hosts.open}/connect/oauth2/authorize?${query}#wechat_redirect`;
    },
    exchangeCode(code: string, options?: ExchangeOptions): Promise<OaOAuthToken> {
      return exchangeOnce(
        code,
        async () =>
          toToken(
            await ctx.request<RawToken>(api, '/sns/oauth2/access_token', {
              query: { appid: appId, secret: appSecret, code, grant_type: 'authorization_code' },
            }),
          ),
        options,
      );
    },
    async refresh(refreshToken: string): Promise<OaOAuthToken> {
      return toToken(
        await ctx.request<RawToken>(api, '/sns/oauth2/refresh_token', {
          query: {
            appid: appId,
            grant_type: 'refresh_token',
            refresh_token: need('refreshToken', refreshToken),
          },
        }),
      );
    },
    async userInfo(
      accessToken: string,
      openid: string,
      lang: 'zh_CN' | 'zh_TW' | 'en' = 'zh_CN',
    ): Promise<OaUserInfo> {
      const info = withoutEnvelope(
        await ctx.request<OaUserInfo & Envelope>(api, '/sns/userinfo', {
          query: { access_token: need('accessToken', accessToken), openid: need('openid', openid), lang },
        }),
      );
      return info;
    },
    async checkAuth(accessToken: string, openid: string): Promise<boolean> {
      try {
        await ctx.request(api, '/sns/auth', {
          query: { access_token: need('accessToken', accessToken), openid: need('openid', openid) },
        });
        return true;
      } catch (error) {
        if (isWxApiError(error) && [40001, 40003, 40014, 42001].includes(error.errcode)) return false;
        throw error;
      }
    },
  };
}
