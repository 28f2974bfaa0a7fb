import type { Context } from 'hono';
import { credentials } from './tokens.js';
import type { Platform, World } from './world.js';

/** Paths that are a platform's API (routed by platform, counted, journalled, rate-limited and faulted). */
export const isApiPath = (path: string) =>
  path.startsWith('/cgi-bin/') || path.startsWith('/sns/') || path.startsWith('/wxaapi/');

/** Paths whose every answer goes to the journal and stats (the console's own requests do not). */
export const isPlatformPath = (path: string) =>
  isApiPath(path) || path.startsWith('/connect/') || path.startsWith('/wwlogin/');

/** Which paths each platform's router serves (any method), filled in once the services have registered. */
export interface RouteTable {
  wecom: Set<string>;
  oa: Set<string>;
}

/**
 * The platform a request is for, as the real hosts split them (qyapi.weixin.qq.com vs api.weixin.qq.com), never a
 * guess from the path alone:
 * 1. the `access_token` (or sns token) it carries, when the emulator issued it;
 * 2. the Host, when the caller kept the real host name (a hosts-file or proxy setup): `qyapi.` → WeCom, `api.` → OA;
 * 3. the only platform that serves the path (`/cgi-bin/gettoken` is WeCom's, `/cgi-bin/token` and `/sns/*` OA's);
 * 4. otherwise (an unknown token on a path both serve, or a path neither serves) WeCom, whose error shape then
 *    answers — both platforms say 40014 for a token they do not know.
 */
export function platformOf(world: World, c: Context, routes: RouteTable): Platform {
  const token = c.req.query('access_token');
  if (token) {
    const record = credentials.of(world).tokens.get(token);
    if (record) return record.platform;
  }
  const host = (c.req.header('host') ?? '').toLowerCase();
  if (host.startsWith('qyapi.')) return 'wecom';
  if (host.startsWith('api.weixin.')) return 'oa';
  const path = c.req.path;
  if (path.startsWith('/sns/')) return 'oa';
  const wecom = routes.wecom.has(path);
  const oa = routes.oa.has(path);
  if (oa && !wecom) return 'oa';
  return 'wecom';
}
