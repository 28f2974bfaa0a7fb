import type { Context } from 'hono';
import { consumeCode } from '../codes.js';
import type { Service } from '../context.js';
import { fail, ok } from '../envelope.js';
import { randomToken, type TokenRecord } from '../world.js';

const SNS_MS = 7200_000;
const REFRESH_MS = 30 * 86_400_000;

/** Web OAuth for Official Accounts: code → user access_token, refresh, userinfo, auth check. */
export const oaOAuth: Service = {
  name: 'oa-oauth',
  register(app, ctx) {
    const grant = (c: Context, appId: string, openid: string, scope: string, refreshToken?: string) => {
      const world = ctx.world();
      const value = randomToken(88);
      world.tokens.set(value, {
        value,
        platform: 'oa',
        owner: appId,
        kind: 'sns',
        openid,
        scope,
        expiresAt: world.now() + SNS_MS,
      });
      const refresh = refreshToken ?? randomToken(88);
      if (!refreshToken)
        world.refreshTokens.set(refresh, { appId, openid, scope, expiresAt: world.now() + REFRESH_MS });
      const follower = world.account(appId)?.followers.find((f) => f.openid === openid);
      return c.json({
        access_token: value,
        expires_in: SNS_MS / 1000,
        refresh_token: refresh,
        openid,
        scope,
        ...(scope === 'snsapi_userinfo' && follower?.unionid ? { unionid: follower.unionid } : {}),
      });
    };

    app.get('/sns/oauth2/access_token', (c) => {
      const world = ctx.world();
      const appId = c.req.query('appid') ?? '';
      const account = world.account(appId);
      if (!account) return fail(c, 'oa', 40013, 'invalid appid');
      if (account.secret !== c.req.query('secret')) return fail(c, 'oa', 40125, 'invalid appsecret');
      if (c.req.query('grant_type') !== 'authorization_code')
        return fail(c, 'oa', 40002, 'invalid grant_type');
      const checked = consumeCode(world, c.req.query('code'), 'oa');
      if ('errcode' in checked) return fail(c, 'oa', checked.errcode, checked.reason);
      if (checked.code.owner !== appId) return fail(c, 'oa', 40029, 'invalid code');
      return grant(c, appId, checked.code.subject, checked.code.scope);
    });

    app.get('/sns/oauth2/refresh_token', (c) => {
      const world = ctx.world();
      const record = world.refreshTokens.get(c.req.query('refresh_token') ?? '');
      if (!record || record.appId !== c.req.query('appid'))
        return fail(c, 'oa', 40030, 'invalid refresh_token');
      if (record.expiresAt <= world.now()) return fail(c, 'oa', 42002, 'refresh_token expired');
      return grant(c, record.appId, record.openid, record.scope, c.req.query('refresh_token'));
    });

    const snsToken = (c: Context): TokenRecord | Response => {
      const world = ctx.world();
      const value = c.req.query('access_token');
      if (!value) return fail(c, 'oa', 41001, 'access_token missing');
      const token = world.tokens.get(value);
      if (!token || token.kind !== 'sns')
        return fail(c, 'oa', 40001, 'invalid credential, access_token is invalid or not latest');
      if (token.expiresAt <= world.now()) return fail(c, 'oa', 42001, 'access_token expired');
      if (token.openid !== c.req.query('openid')) return fail(c, 'oa', 40003, 'invalid openid');
      return token;
    };

    app.get('/sns/userinfo', (c) => {
      const token = snsToken(c);
      if (token instanceof Response) return token;
      if (token.scope !== 'snsapi_userinfo')
        return fail(c, 'oa', 48001, 'api unauthorized: /sns/userinfo needs scope snsapi_userinfo');
      const follower = ctx
        .world()
        .account(token.owner)
        ?.followers.find((f) => f.openid === token.openid);
      return c.json({
        openid: token.openid,
        nickname: follower?.nickname ?? '微信用户',
        // Since 2021-10-20 the platform no longer returns real gender and region.
        sex: 0,
        province: '',
        city: '',
        country: '',
        headimgurl: `${ctx.origin(c)}/_emulator/avatar/${encodeURIComponent(token.openid ?? '')}.svg`,
        privilege: [],
        ...(follower?.unionid ? { unionid: follower.unionid } : {}),
      });
    });

    app.get('/sns/auth', (c) => {
      const token = snsToken(c);
      return token instanceof Response ? token : ok(c);
    });
  },
};
