import type { XmlFields } from '@wxkit/core';
import type { SeedOfficialAccount } from '../../seed.js';
import { defineState, type World } from '../../world.js';
import { isFollowing, setFollowing } from '../users/follow.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * What a follower's action allows in customer-service messages (客服消息下发额度).
 * Source: OA doc 客服消息 "目前允许的动作列表" (user sends a message, clicks a click / scancode_push /
 * scancode_waitmsg menu, follows, scans a QR code) and the 2023-06-12 rule (third-party copy of the MP
 * announcement, docs.chatalog.ai): a message → 5 messages within 48 h; a click, a follow or a scan → 3 within
 * 1 minute. Before that rule it was 20 messages within 48 h of any of them (EasyWeChat #1426). Quotas do not add
 * up: a new action raises the count and the deadline to the larger of the old and the new (mini-program doc
 * 客服消息下发条件说明 "可发送客服消息条数不累加"). Unsure: the 2023 numbers come from a copy of the
 * announcement, not the announcement itself; the emulator follows them, being the stricter.
 */
export const OA_WINDOW_RULES: Readonly<Record<string, { quota: number; ms: number }>> = {
  message: { quota: 5, ms: 48 * HOUR },
  click: { quota: 3, ms: MINUTE },
  subscribe: { quota: 3, ms: MINUTE },
  scan: { quota: 3, ms: MINUTE },
};

/** The interaction a pushed message stands for; undefined for pushes that are not the follower acting. */
export function interactionOf(fields: XmlFields): string | undefined {
  const type = String(fields['MsgType'] ?? '');
  if (type !== 'event') return type === '' ? undefined : 'message';
  const event = String(fields['Event'] ?? '').toLowerCase();
  if (event === 'click' || event === 'scancode_push' || event === 'scancode_waitmsg') return 'click';
  if (event === 'subscribe' || event === 'unsubscribe') return event;
  if (event === 'scan') return 'scan';
  // VIEW, LOCATION, TEMPLATESENDJOBFINISH, …: no customer-service quota.
  return undefined;
}

const key = (appId: string, openid: string) => `${appId}:${openid}`;

/** A follower's interaction with an Official Account (opens the customer-service window). */
export interface OaInteraction {
  /** What the follower did last: message, click, scancode, subscribe, scan, unsubscribe. */
  kind: string;
  at: number;
  /** The customer-service window closes then (45015 after). */
  until: number;
  /** Customer-service messages left in the window (45047 at 0). */
  remaining: number;
}

/** Per `appId:openid`: the follower's last interaction, its customer-service quota and follow state. */
export const OA_INTERACTIONS_KEPT = 10_000;
export const windowState = defineState('oa-window', (store) => ({
  interactions: store.map<string, OaInteraction>('oaInteractions', OA_INTERACTIONS_KEPT),
}));

/**
 * The one hook every push from a follower goes through (oa/callbacks/send.ts `send`): opens or widens the follower's
 * customer-service window and keeps the follow state.
 */
export function recordInteraction(world: World, appId: string, fields: XmlFields): void {
  const kind = interactionOf(fields);
  const openid = String(fields['FromUserName'] ?? '');
  if (!kind || openid === '') return;
  // Only a follower can message, click a menu or scan into the account; an unsubscribe ends the follow.
  const account = world.account(appId);
  if (account) setFollowing(account, openid, kind !== 'unsubscribe');
  const now = world.now();
  const previous = windowState.of(world).interactions.get(key(appId, openid));
  const live = previous && previous.until > now ? previous : undefined;
  let next: OaInteraction;
  if (kind === 'unsubscribe') next = { kind, at: now, until: now, remaining: 0 };
  else {
    const rule = OA_WINDOW_RULES[kind] as { quota: number; ms: number };
    next = {
      kind,
      at: now,
      until: Math.max(live?.until ?? 0, now + rule.ms),
      remaining: Math.max(live?.remaining ?? 0, rule.quota),
    };
  }
  // Re-inserted so the CappedMap forgets the least recently active follower first.
  windowState.of(world).interactions.delete(key(appId, openid));
  windowState.of(world).interactions.set(key(appId, openid), next);
}

export function interactionOfFollower(
  world: World,
  appId: string,
  openid: string,
): OaInteraction | undefined {
  return windowState.of(world).interactions.get(key(appId, openid));
}

/** Whether the openid belongs to the account at all (a seed follower, or one that has pushed something). */
export function knownOpenid(world: World, account: SeedOfficialAccount, openid: string): boolean {
  return (
    account.followers.some((f) => f.openid === openid) ||
    windowState.of(world).interactions.has(key(account.appId, openid))
  );
}

export type WindowCheck = { ok: true } | { errcode: 45015 | 45047; note: string };

/** Takes one customer-service message from the follower's window, or says why it cannot. */
export function takeFromWindow(world: World, account: SeedOfficialAccount, openid: string): WindowCheck {
  const now = world.now();
  if (!isFollowing(account, openid))
    return { errcode: 45015, note: `${openid} does not follow the account (subscription is canceled)` };
  const window = windowState.of(world).interactions.get(key(account.appId, openid));
  if (!window || window.until <= now)
    return {
      errcode: 45015,
      note: window
        ? `the window of ${openid}'s last ${window.kind} closed ${Math.round((now - window.until) / 60_000)} min ago`
        : `${openid} has not interacted with the account (message, menu click, follow or scan) since the emulator started`,
    };
  if (window.remaining <= 0)
    return {
      errcode: 45047,
      note: `the ${window.kind}'s quota (${OA_WINDOW_RULES[window.kind]?.quota}) is spent; the next action of ${openid} opens a new one`,
    };
  window.remaining -= 1;
  return { ok: true };
}
