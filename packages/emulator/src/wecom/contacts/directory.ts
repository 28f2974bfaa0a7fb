import { createHash } from 'node:crypto';
import { LIST_IDS_MAX_LIMIT } from '@wxkit/core/rules';
import type { Context } from 'hono';
import { type EmulatorContext, guarded, type Service } from '../../context.js';
import { departmentOrder, memberFields, visibleDepartments } from '../../directory.js';
import { fail, journalNote, jsonBody, ok } from '../../envelope.js';
import type { SeedMember } from '../../seed.js';
import { CONTACT_SYNC_AGENT, type WeComCaller, weComCaller } from '../common.js';

/** user/list_id's largest page, core's LIST_IDS_MAX_LIMIT (doc 96067: "取值范围 1 ~ 10000"). */
export const LIST_ID_MAX = LIST_IDS_MAX_LIMIT;

const NO_PRIVILEGE = 'no privilege to access/modify contact/party/agent ';

const outside = (c: Context, caller: WeComCaller, what: string) =>
  fail(c, 'wecom', 60011, NO_PRIVILEGE, `${what} is outside the visible range of app ${caller.app.agentId}`);

/** The department named by `raw`, when it exists and the app may see it; else the answer to give. */
function visibleDepartment(
  ctx: EmulatorContext,
  c: Context,
  caller: WeComCaller,
  raw: string | undefined,
): { id: number; range: Set<number> } | Response {
  const range = visibleDepartments(ctx.world(), caller.corp, caller.app);
  // Unsure: the answer for a missing id on the paths that require one; 60123 like an unknown one.
  if (raw === undefined || !/^\d+$/.test(raw) || !caller.corp.departments.some((d) => d.id === Number(raw)))
    return fail(c, 'wecom', 60123, 'invalid party id', `no department ${raw ?? '(none given)'}`);
  if (!range.has(Number(raw))) return outside(c, caller, `department ${raw}`);
  return { id: Number(raw), range };
}

/**
 * A listed member's `department`: only the departments in the app's range (WeCom staff: a self-built app sees only
 * those, developers.weixin.qq.com community 0004e01f1b0d38c144abbf9c65b000; audit-3 N-L10).
 */
const inRange = (m: SeedMember, range: Set<number>): SeedMember => ({
  ...m,
  department: m.department.filter((d) => range.has(d)),
});

/**
 * The members `department_id` itself holds that the app can see. `fetch_child` is ignored: the current pages
 * (docs 96259, 96260, since the 2022-08 security change) dropped it and say to walk the tree ("需先获取该部门下的子部门，
 * 然后再获取子部门下的部门成员，逐层递归获取"). Unverified whether the live server still honours it; the stricter reading.
 */
function departmentMembers(ctx: EmulatorContext, c: Context): { members: SeedMember[] } | Response {
  const caller = weComCaller(ctx, c);
  if (caller instanceof Response) return caller;
  const world = ctx.world();
  const department = visibleDepartment(ctx, c, caller, c.req.query('department_id'));
  if (department instanceof Response) return department;
  if (c.req.query('fetch_child') === '1')
    journalNote(
      c,
      'fetch_child=1 ignored: the current docs (96259, 96260) removed it; walk department/simplelist instead. Unverified whether the live server still recurses',
    );
  const ids = new Set([department.id]);
  const range = world.visibleRange(caller.corp, caller.app);
  const members = caller.corp.members
    .filter((m) => m.department.some((d) => ids.has(d)) && world.visible(caller.corp, caller.app, m, range))
    .map((m) => inRange(m, range));
  return { members };
}

/** Opaque keyset cursor: the last (userid, department) pair given, so paging survives directory changes. */
const cursorOf = (userid: string, department: number) =>
  Buffer.from(`emu1\n${userid.toLowerCase()}\n${department}`).toString('base64url');

function readCursor(cursor: string): { userid: string; department: number } | undefined {
  const [tag, userid, department] = Buffer.from(cursor, 'base64url').toString('utf8').split('\n');
  if (tag !== 'emu1' || userid === undefined || department === undefined || !/^\d+$/.test(department))
    return undefined;
  return { userid, department: Number(department) };
}

const byKey = (a: { userid: string; department: number }, b: { userid: string; department: number }) => {
  const ua = a.userid.toLowerCase();
  const ub = b.userid.toLowerCase();
  return ua < ub ? -1 : ua > ub ? 1 : a.department - b.department;
};

/** The member the app may see, found by `match`, as the lookups answer it (46004 unknown, 60011 outside). */
function lookup(
  c: Context,
  ctx: EmulatorContext,
  caller: WeComCaller,
  match: (m: SeedMember) => boolean,
  what: string,
) {
  const member = caller.corp.members.find(match);
  if (!member) return fail(c, 'wecom', 46004, 'user no exist', `no member has ${what}`);
  // Unsure: whether a member outside the range answers 60011 or 46004; the docs say "应用须拥有指定成员的查看权限".
  if (!ctx.world().visible(caller.corp, caller.app, member)) return outside(c, caller, member.userid);
  return ok(c, { userid: member.userid });
}

/** Member lists, userid lookups and department details, each limited to the app's visible range. */
export const weComDirectory: Service = {
  name: 'wecom-directory',
  platform: 'wecom',
  register(app, ctx) {
    const wecom = guarded(app, (c) => weComCaller(ctx, c));
    const inDepartment = guarded(app, (c) => departmentMembers(ctx, c));
    inDepartment.get('/cgi-bin/user/simplelist', async (c, found) => {
      return ok(c, {
        userlist: found.members.map((m) => ({ userid: m.userid, name: m.name, department: m.department })),
      });
    });

    inDepartment.get('/cgi-bin/user/list', async (c, found) => {
      return ok(c, { userlist: found.members.map(memberFields) });
    });

    wecom.post('/cgi-bin/user/list_id', async (c, caller) => {
      if (caller.app.agentId !== CONTACT_SYNC_AGENT)
        return fail(
          c,
          'wecom',
          48002,
          'api forbidden',
          `user/list_id takes only the token of the contacts-sync secret (seed wecom[].contactSyncSecret; doc 96067 "仅支持通过通讯录同步secret调用"), not app ${caller.app.agentId}'s. Unverified: the errcode; 48002 is our reading of "无权限调用" (WxJava #4045)`,
        );
      const body = (await jsonBody(c)) ?? {};
      const limit = body['limit'] ?? LIST_ID_MAX;
      // Unsure: the platform's code for a limit outside 1..10000 (40058 "invalid parameter" assumed).
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIST_ID_MAX)
        return fail(c, 'wecom', 40058, 'invalid Request Parameter', `limit must be 1-${LIST_ID_MAX}`);
      const raw = body['cursor'];
      const after = typeof raw === 'string' && raw !== '' ? readCursor(raw) : undefined;
      if (raw !== undefined && raw !== '' && !after)
        return fail(c, 'wecom', 50100, 'invalid cursor', 'not a cursor user/list_id handed out');
      const world = ctx.world();
      const range = world.visibleRange(caller.corp, caller.app);
      const pairs = caller.corp.members
        .filter((m) => world.visible(caller.corp, caller.app, m, range))
        .flatMap((m) => m.department.map((department) => ({ userid: m.userid, department })))
        .sort(byKey);
      const rest = after ? pairs.filter((p) => byKey(p, after) > 0) : pairs;
      const page = rest.slice(0, limit);
      const last = page[page.length - 1];
      return ok(c, {
        next_cursor: rest.length > limit && last ? cursorOf(last.userid, last.department) : '',
        dept_user: page,
      });
    });

    wecom.post('/cgi-bin/user/convert_to_openid', async (c, caller) => {
      const userid = (await jsonBody(c))?.['userid'];
      if (typeof userid !== 'string' || userid === '') return fail(c, 'wecom', 41009, 'missing userid');
      const member = ctx.world().member(caller.corp.corpId, userid);
      if (!member) return fail(c, 'wecom', 60111, `invalid string value \`${userid}\`. userid not found`);
      if (!ctx.world().visible(caller.corp, caller.app, member)) return outside(c, caller, member.userid);
      // Unsure: a member who has not activated WeCom is taken as one without WeChat bound (43004).
      if (member.status === 4)
        return fail(c, 'wecom', 43004, 'user not bind wechat', `${member.userid} has not activated WeCom`);
      const digest = createHash('sha256')
        .update(`${caller.corp.corpId}:${member.userid.toLowerCase()}`)
        .digest('base64url');
      return ok(c, { openid: `o${digest.slice(0, 27)}` });
    });

    wecom.post('/cgi-bin/user/getuserid', async (c, caller) => {
      const mobile = (await jsonBody(c))?.['mobile'];
      if (typeof mobile !== 'string' || !/^[0-9+-]{5,32}$/.test(mobile))
        return fail(c, 'wecom', 60103, 'mobile invalid', 'a mobile is 5-32 characters of digits, + and -');
      return lookup(c, ctx, caller, (m) => m.mobile === mobile, `mobile ${mobile}`);
    });

    wecom.post('/cgi-bin/user/get_userid_by_email', async (c, caller) => {
      const body = (await jsonBody(c)) ?? {};
      const email = body['email'];
      const type = body['email_type'] ?? 1;
      if (type !== 1 && type !== 2)
        return fail(
          c,
          'wecom',
          40058,
          'invalid Request Parameter',
          'email_type is 1 (corp mailbox) or 2 (personal)',
        );
      if (typeof email !== 'string' || email.length > 64 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        return fail(c, 'wecom', 60105, 'email invalid', 'not an email address of at most 64 characters');
      const lower = email.toLowerCase();
      return lookup(
        c,
        ctx,
        caller,
        (m) => (type === 1 ? m.bizMail : m.email)?.toLowerCase() === lower,
        `${type === 1 ? 'corp mailbox' : 'personal email'} ${email}`,
      );
    });

    wecom.get('/cgi-bin/department/simplelist', async (c, caller) => {
      const world = ctx.world();
      const raw = c.req.query('id');
      let ids = visibleDepartments(world, caller.corp, caller.app);
      if (raw !== undefined && raw !== '') {
        const department = visibleDepartment(ctx, c, caller, raw);
        if (department instanceof Response) return department;
        ids = world.departmentTree(caller.corp, department.id);
      }
      return ok(c, {
        department_id: caller.corp.departments
          .filter((d) => ids.has(d.id))
          .map((d) => ({ id: d.id, parentid: d.parentId ?? 0, order: departmentOrder(caller.corp, d.id) })),
      });
    });

    wecom.get('/cgi-bin/department/get', async (c, caller) => {
      const department = visibleDepartment(ctx, c, caller, c.req.query('id'));
      if (department instanceof Response) return department;
      const d = caller.corp.departments.find((x) => x.id === department.id);
      return ok(c, {
        department: {
          id: department.id,
          name: d?.name ?? '',
          department_leader: [],
          parentid: d?.parentId ?? 0,
          order: departmentOrder(caller.corp, department.id),
        },
      });
    });
  },
};
