import { issueCode } from '../../codes.js';
import type { World } from '../../world.js';
import { hostOf, type Target } from './target.js';

/**
 * The platform appends `state` as it came, unencoded ("微信回调时没有对 state 参数进行编码": coderbusy.com/archives/1676,
 * cnblogs.com/Soar1991/p/15003465): after a `&` the rest arrives as other parameters and a `+` reads as a space.
 * Only what a browser itself escapes when it follows the Location (non-ASCII, spaces, controls) is escaped here.
 */
export function redirectWith(target: Target, code?: string): string {
  const url = new URL(target.redirect);
  const hash = url.hash;
  url.hash = '';
  if (code) url.searchParams.set('code', code);
  url.searchParams.delete('state');
  const raw = target.state.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
  return `${url.toString()}${url.search ? '&' : '?'}state=${raw}${hash}`;
}

export function grant(
  world: World,
  target: Target,
  person: { id: string; member: boolean },
  snapshot = false,
): string {
  const code = issueCode(world, {
    ...(snapshot ? { snapshot: true } : {}),
    platform: target.platform,
    owner: target.owner,
    ...(target.agentId ? { agentId: target.agentId } : {}),
    subject: person.id,
    member: person.member,
    scope: target.scope,
    redirectHost: hostOf(target.redirect),
  });
  return redirectWith(target, code);
}
