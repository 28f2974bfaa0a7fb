import type { Context } from 'hono';
import { pageError as bad, PROXY_HINT } from '../../wecom/oauth/refuse.js';
import { hostOf, type Params, type Target } from '../../wecom/oauth/target.js';
import type { World } from '../../world.js';

/** The authorize page for an Official Account's appid: its scopes, its 网页授权域名, its followers to pick from. */
export function oaTarget(world: World, c: Context, q: Params, redirect: URL): Target | Response {
  const appid = q['appid'] ?? '';
  const state = q['state'] ?? '';
  const account = world.account(appid);
  if (!account)
    return bad(
      c,
      10016,
      '不支持的 appid',
      `appid ${appid} is neither a corp nor an Official Account in the emulator's seed.`,
    );
  const scope = q['scope'] ?? '';
  if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo')
    return bad(c, 10005, 'scope 参数错误', 'Official Account scope is snsapi_base or snsapi_userinfo.');
  if (!account.oauthDomains.includes(hostOf(redirect))) {
    return bad(
      c,
      10003,
      'redirect_uri 域名与后台配置不一致',
      `Set 网页授权域名 to ${hostOf(redirect)}; configured: ${account.oauthDomains.join(', ') || '(none)'}. ${PROXY_HINT}`,
    );
  }
  const people = account.followers.map((f) => ({
    id: f.openid,
    name: f.nickname,
    sub: f.openid,
    member: false,
  }));
  return { platform: 'oa', owner: appid, scope, redirect, state, people };
}
