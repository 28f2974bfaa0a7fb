import { type Check, isText } from '../../seed-check.js';

/** The followers part of an Official Account in the seed (`officialAccounts[].followers`), beside oa/users. */
export interface SeedFollower {
  openid: string;
  nickname: string;
  unionid?: string;
  sex?: number;
  // Follow details (brief C1): set by a scan that made the user follow; a seed may give them too.
  /** false: the user unfollowed (user/info answers subscribe 0); a scan follows again. */
  subscribed?: boolean;
  /** Epoch seconds of the last follow. */
  subscribeTime?: number;
  /** user/info subscribe_scene, e.g. ADD_SCENE_QR_CODE. */
  subscribeScene?: string;
  qrScene?: number;
  qrSceneStr?: string;
  /** The TEMPLATESENDJOBFINISH Status of template messages to this follower (default success). */
  templateStatus?: 'success' | 'failed:user block' | 'failed: system failed';
}

/** The followers of the account at `at` (`officialAccounts[0]`). */
export function checkFollowers(followers: SeedFollower[] | undefined, at: string, check: Check): void {
  for (const [f, follower] of (followers ?? []).entries())
    check(isText(follower.openid), `${at}.followers[${f}].openid`, 'required');
}
