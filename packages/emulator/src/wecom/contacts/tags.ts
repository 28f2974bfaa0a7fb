import { guarded, type Service } from '../../context.js';
import { tagMembers, tagOf, visibleDepartments } from '../../directory.js';
import { fail, ok } from '../../envelope.js';
import { weComCaller } from '../common.js';

/** tag/list and tag/get from the seed's tags. */
export const weComTags: Service = {
  name: 'wecom-tags',
  platform: 'wecom',
  register(app, ctx) {
    const wecom = guarded(app, (c) => weComCaller(ctx, c));
    // "自建应用或通讯同步助手可以获取所有标签列表；第三方应用仅可获取自己创建的标签" (doc 90216).
    wecom.get('/cgi-bin/tag/list', async (c, caller) => {
      return ok(c, {
        taglist: (caller.corp.tags ?? []).map((t) => ({ tagid: t.tagid, tagname: t.tagname })),
      });
    });

    // "无限制，但返回列表仅包含应用可见范围的成员" (doc 90213): members and departments outside the range are left out.
    wecom.get('/cgi-bin/tag/get', async (c, caller) => {
      const world = ctx.world();
      const raw = c.req.query('tagid');
      const tag = raw !== undefined && /^\d+$/.test(raw) ? tagOf(caller.corp, Number(raw)) : undefined;
      if (!tag) return fail(c, 'wecom', 40068, 'invalid tagid', `no tag ${raw ?? '(none given)'}`);
      const visible = world.visibleMembers(caller.corp.corpId, caller.app.agentId);
      const named = new Set((tag.userids ?? []).map((u) => u.toLowerCase()));
      const range = visibleDepartments(world, caller.corp, caller.app);
      return ok(c, {
        tagname: tag.tagname,
        // userlist holds the tag's own members; members through its departments are reached with partylist.
        userlist: tagMembers(world, caller.corp, { ...tag, partyids: [] }, visible)
          .filter((m) => named.has(m.userid.toLowerCase()))
          .map((m) => ({ userid: m.userid, name: m.name })),
        partylist: (tag.partyids ?? []).filter((p) => range.has(p)),
      });
    });
  },
};
