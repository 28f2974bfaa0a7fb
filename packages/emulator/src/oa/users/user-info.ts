import { OA_BATCHGET_MAX } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { fail, jsonBody } from '../../envelope.js';
import type { SeedFollower, SeedOfficialAccount } from '../../seed.js';

/** Seed followers without a follow time followed on 2023-01-01 (a fixed date: answers stay reproducible). */
const SEED_FOLLOW_TIME = 1_672_531_200;
/** "最多支持一次拉取100条" (批量获取用户基本信息); 40032 invalid openid list size past it: core's limit. */
const BATCH_MAX = OA_BATCHGET_MAX;

/**
 * One user as user/info answers. Since 2021-12-27 no nickname / headimgurl / sex / city ("不再输出头像、昵称信息");
 * the current doc marks `language` "该字段不再提供" too, so it is left out (unsure: older captures still show it).
 * An unfollowed user: `subscribe: 0` and only openid (+ unionid) — "值为0时……拉取不到其余信息".
 */
function info(follower: SeedFollower) {
  const unionid = follower.unionid ? { unionid: follower.unionid } : {};
  if (follower.subscribed === false) return { subscribe: 0, openid: follower.openid, ...unionid };
  return {
    subscribe: 1,
    openid: follower.openid,
    subscribe_time: follower.subscribeTime ?? SEED_FOLLOW_TIME,
    ...unionid,
    remark: '',
    groupid: 0,
    tagid_list: [],
    subscribe_scene: follower.subscribeScene ?? 'ADD_SCENE_OTHERS',
    qr_scene: follower.qrScene ?? 0,
    qr_scene_str: follower.qrSceneStr ?? '',
  };
}

const find = (account: SeedOfficialAccount | undefined, openid: unknown) =>
  typeof openid === 'string' ? account?.followers.find((f) => f.openid === openid) : undefined;

/**
 * `GET /cgi-bin/user/info` and `POST /cgi-bin/user/info/batchget`. An openid the account never saw is 40003 (doc:
 * "必须是已关注的用户的 openid"); lang is not checked (unsure what the platform answers for a bad one).
 */
export const oaUserInfo: Service = {
  name: 'oa-user-info',
  platform: 'oa',
  register(app, ctx) {
    const oa = guarded(app, (c) => ctx.token(c, 'oa'));
    oa.get('/cgi-bin/user/info', async (c, token) => {
      const openid = c.req.query('openid');
      // No openid at all: the global code for a missing one, 41009 "missing openid" (audit-3 N-L6; unverified for
      // this path).
      if (!openid)
        return fail(c, 'oa', 41009, 'missing openid', 'pass openid; unverified: 41009 on user/info');
      const follower = find(ctx.world().account(token.owner), openid);
      if (!follower)
        return fail(
          c,
          'oa',
          40003,
          'invalid openid',
          `${openid ?? '(none)'} is not a user of ${token.owner}`,
        );
      return c.json(info(follower));
    });
    oa.post('/cgi-bin/user/info/batchget', async (c, token) => {
      const list = (await jsonBody(c))?.['user_list'];
      if (!Array.isArray(list) || list.length === 0 || list.length > BATCH_MAX)
        return fail(c, 'oa', 40032, 'invalid openid list size', `user_list must hold 1..${BATCH_MAX} users`);
      const account = ctx.world().account(token.owner);
      const found: SeedFollower[] = [];
      for (const entry of list) {
        const openid = (entry as { openid?: unknown } | null)?.openid;
        const follower = find(account, openid);
        if (!follower)
          return fail(c, 'oa', 40003, 'invalid openid', `${String(openid)} is not a user of ${token.owner}`);
        found.push(follower);
      }
      return c.json({ user_info_list: found.map(info) });
    });
  },
};
