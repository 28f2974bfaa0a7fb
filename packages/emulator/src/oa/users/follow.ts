import type { SeedFollower, SeedOfficialAccount } from '../../seed.js';
import { SEED_CAPS } from '../../seed.js';

/*
 * Who follows an Official Account: one home for the follow state, on the account's follower list (so `--persist`
 * and `GET /_emulator/state` carry it). Written by the scan and unfollow actions and by every subscribe /
 * unsubscribe pushed to the app (`POST /_emulator/oa/events` included); read by user/info, template messages
 * (43004) and the customer-service window (45015).
 */

export const followerOf = (account: SeedOfficialAccount, openid: string): SeedFollower | undefined =>
  account.followers.find((f) => f.openid === openid);

/** Follows the account now: on its follower list and not unfollowed since. */
export function isFollowing(account: SeedOfficialAccount, openid: string): boolean {
  const follower = followerOf(account, openid);
  return follower !== undefined && follower.subscribed !== false;
}

/**
 * Records a follow (`subscribed: true`, with how it happened) or an unfollow. A new openid is added to the list,
 * at most SEED_CAPS.followers per account; undefined when the list is full.
 */
export function setFollowing(
  account: SeedOfficialAccount,
  openid: string,
  following: boolean,
  details: Partial<SeedFollower> = {},
): SeedFollower | undefined {
  let follower = followerOf(account, openid);
  if (!follower) {
    if (!following) return undefined;
    if (account.followers.length >= SEED_CAPS.followers) return undefined;
    follower = { openid, nickname: '' };
    account.followers.push(follower);
  }
  Object.assign(follower, details, { subscribed: following });
  return follower;
}
