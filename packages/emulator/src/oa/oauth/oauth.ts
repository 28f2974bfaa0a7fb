import type { Context } from 'hono';
import { consumeCode } from '../../codes.js';
import { guarded, type Service } from '../../context.js';
import { fail, ok } from '../../envelope.js';
import type { TokenRecord } from '../../tokens.js';
import { credentials } from '../../tokens.js';
import { randomToken } from '../../world.js';

const SNS_MS = 7200_000;
const REFRESH_MS = 30 * 86_400_000;

/** Web OAuth for Official Accounts: code → user access_token, refresh, userinfo, auth check. */
export const oaOAuth: Service = {
  name: 'oa-oauth',
  platform: 'oa',
  register(app, ctx) {
    const answer = (c: Context, token: TokenRecord, refresh: string, extra: { snapshot?: boolean } = {}) => {
      const world = ctx.world();
      const follower = world.account(token.owner)?.followers.find((f) => f.openid === token.openid);
      return c.json({
        access_token: token.value,
        expires_in: Math.ceil((token.expiresAt - world.now()) / 1000),
        refresh_token: refresh,
        openid: token.openid,
        scope: token.scope,
        // Snapshot-page (快照页) virtual users: only ever 1, absent otherwise (OA web-auth doc, since 2022-07-12).
        ...(extra.snapshot ? { is_snapshotuser: 1 } : {}),
        ...(token.scope === 'snsapi_userinfo' && follower?.unionid && !extra.snapshot
          ? { unionid: follower.unionid }
          : {}),
      });
    };
    const issue = (appId: string, openid: string, scope: string): TokenRecord => {
      const world = ctx.world();
      const token: TokenRecord = {
        value: randomToken(88),
        platform: 'oa',
        owner: appId,
        kind: 'sns',
        openid,
        scope,
        expiresAt: world.now() + SNS_MS,
      };
      credentials.of(world).addToken(token);
      return token;
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
      if ('errcode' in checked) return fail(c, 'oa', checked.errcode, checked.text, checked.reason);
      if (checked.code.owner !== appId)
        return fail(c, 'oa', 40029, 'invalid code', 'the code was issued for another appid');
      const token = issue(appId, checked.code.subject, checked.code.scope);
      const refresh = randomToken(88);
      credentials.of(world).refreshTokens.set(refresh, {
        appId,
        openid: token.openid ?? '',
        scope: token.scope ?? '',
        expiresAt: world.now() + REFRESH_MS,
        accessToken: token.value,
      });
      return answer(c, token, refresh, checked.code.snapshot ? { snapshot: true } : {});
    });

    app.get('/sns/oauth2/refresh_token', (c) => {
      const world = ctx.world();
      const value = c.req.query('refresh_token') ?? '';
      const record = credentials.of(world).refreshTokens.get(value);
      if (!record || record.appId !== c.req.query('appid'))
        return fail(c, 'oa', 40030, 'invalid refresh_token');
      if (record.expiresAt <= world.now()) return fail(c, 'oa', 42002, 'refresh_token expired');
      // An unexpired access_token is kept and only gets its 7200 s again; a new one is issued only after expiry
      // (OA web-auth doc, "刷新access_token"; reference §2.3).
      const current = record.accessToken ? credentials.of(world).tokens.get(record.accessToken) : undefined;
      if (current && current.expiresAt > world.now()) {
        current.expiresAt = world.now() + SNS_MS;
        return answer(c, current, value);
      }
      const token = issue(record.appId, record.openid, record.scope);
      record.accessToken = token.value;
      return answer(c, token, value);
    });

    const snsToken = (c: Context): TokenRecord | Response => {
      const world = ctx.world();
      const value = c.req.query('access_token');
      if (!value) return fail(c, 'oa', 41001, 'access_token missing');
      const token = credentials.of(world).tokens.get(value);
      if (token?.kind !== 'sns')
        return fail(c, 'oa', 40001, 'invalid credential, access_token is invalid or not latest');
      if (token.expiresAt <= world.now()) return fail(c, 'oa', 42001, 'access_token expired');
      if (token.openid !== c.req.query('openid')) return fail(c, 'oa', 40003, 'invalid openid');
      return token;
    };

    const sns = guarded(app, snsToken);
    sns.get('/sns/userinfo', async (c, token) => {
      if (token.scope !== 'snsapi_userinfo')
        return fail(c, 'oa', 48001, 'api unauthorized', '/sns/userinfo needs scope snsapi_userinfo');
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

    sns.get('/sns/auth', async (c) => ok(c));
  },
};
