import { OA_FOLLOWER_PAGE } from '@wxkit/core/rules';
import { guarded, type Service } from '../../context.js';
import { fail } from '../../envelope.js';

/** At most this many openids per page (core's OA_FOLLOWER_PAGE, from 获取用户列表). */
const PAGE = OA_FOLLOWER_PAGE;

/** The Official Account's follower list, `GET /cgi-bin/user/get` (the same path as WeCom's member lookup). */
export const oaUsers: Service = {
  name: 'oa-users',
  platform: 'oa',
  register(app, ctx) {
    const oa = guarded(app, (c) => ctx.token(c, 'oa'));
    oa.get('/cgi-bin/user/get', async (c, token) => {
      const followers = ctx.world().account(token.owner)?.followers ?? [];
      const next = c.req.query('next_openid') ?? '';
      let start = 0;
      if (next !== '') {
        const at = followers.findIndex((f) => f.openid === next);
        if (at === -1) return fail(c, 'oa', 40003, 'invalid openid', `next_openid ${next} is not a follower`);
        start = at + 1;
      }
      const page = followers.slice(start, start + PAGE).map((f) => f.openid);
      // The last page of a list has count 0 and no data; next_openid is the last openid returned.
      return c.json({
        total: followers.length,
        count: page.length,
        ...(page.length > 0 ? { data: { openid: page } } : {}),
        next_openid: page[page.length - 1] ?? '',
      });
    });
  },
};
