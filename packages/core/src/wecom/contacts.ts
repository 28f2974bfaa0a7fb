import type { ClientContext } from '../client/context.js';
import { WxError } from '../errors/errors.js';
import { inputError, unplaced } from '../errors/place.js';
import { type Envelope, withoutEnvelope } from '../http/envelope.js';
import {
  assertDepartment,
  assertFetchChild,
  assertPage,
  assertUserid,
  EMAIL,
  LIST_ALL_MAX_PAGES,
  MOBILE,
  UINT32,
} from './contacts-rules.js';
import type {
  WeComDepartmentDetail,
  WeComDepartmentId,
  WeComDeptUser,
  WeComSimpleUser,
  WeComTag,
  WeComTagMembers,
  WeComUserIdPage,
} from './contacts-types.js';
import { membersBelow } from './department-walk.js';
import type { WeComDepartment, WeComUser } from './types.js';

export { LIST_ALL_MAX_PAGES, LIST_IDS_MAX_LIMIT } from './contacts-rules.js';

/*
 * The directory as a self-built app sees it. Every read is limited to the app's visible range (60011 outside it).
 *
 * Privacy (doc 96260 / 90196, checked 2024-07 pages): since 2022-06-20 20:00, self-built apps created after that
 * date (and every non-contacts base app) get no avatar, gender, mobile, email, biz_mail, qr_code or address from
 * user/get and user/list: those come only from OAuth snsapi_privateinfo (auth/getuserdetail). Apps created before
 * keep them.
 * Since 2022-08-15 10:00 new IPs of the contacts-sync assistant (管理工具 → 通讯录同步) can no longer call
 * user/list, user/simplelist and department/list; the docs point to user/list_id and department/simplelist.
 * Source: docs 96260, 90200, 96067. Unsure: the brief said "apps created after 2022-08-15"; the pages we found tie
 * that date to new IPs of the sync assistant, not to app creation dates, and we found no page restricting
 * self-built apps' simplelist by creation date.
 */

export function createWeComContacts(ctx: ClientContext) {
  const qyapi = ctx.hosts.qyapi;
  const listIds = async (options?: { cursor?: string; limit?: number }): Promise<WeComUserIdPage> => {
    const body = assertPage(options);
    const data = await ctx.call<{ next_cursor?: string; dept_user?: WeComDeptUser[] }>(
      qyapi,
      '/cgi-bin/user/list_id',
      { method: 'POST', body },
    );
    return { deptUser: data.dept_user ?? [], nextCursor: data.next_cursor ? data.next_cursor : undefined };
  };

  return {
    users: {
      /** GET user/get: one member of the visible range (60011 outside it, 60111 unknown). */
      async get(userid: string): Promise<WeComUser> {
        assertUserid(userid);
        return withoutEnvelope(
          await ctx.call<WeComUser & Envelope>(qyapi, '/cgi-bin/user/get', { query: { userid } }),
        );
      },
      /**
       * GET user/simplelist: the members of a department in the visible range; with fetchChild, of every
       * department below it too, walked by department (the platform dropped `fetch_child`: department-walk.ts).
       */
      async simpleList(departmentId: number, options?: { fetchChild?: boolean }): Promise<WeComSimpleUser[]> {
        assertDepartment(departmentId);
        if (assertFetchChild(options))
          return membersBelow<WeComSimpleUser>(ctx, '/cgi-bin/user/simplelist', departmentId);
        const data = await ctx.call<{ userlist?: WeComSimpleUser[] }>(qyapi, '/cgi-bin/user/simplelist', {
          query: { department_id: departmentId },
        });
        return data.userlist ?? [];
      },
      /**
       * GET user/list: the same members with their details. New self-built apps (since 2022-06-20) get no
       * mobile, email, avatar or gender here. fetchChild walks the departments as simpleList does.
       */
      async list(departmentId: number, options?: { fetchChild?: boolean }): Promise<WeComUser[]> {
        assertDepartment(departmentId);
        if (assertFetchChild(options))
          return membersBelow<WeComUser>(ctx, '/cgi-bin/user/list', departmentId);
        const data = await ctx.call<{ userlist?: WeComUser[] }>(qyapi, '/cgi-bin/user/list', {
          query: { department_id: departmentId },
        });
        return data.userlist ?? [];
      },
      /**
       * POST user/list_id: one page of member-department pairs of the whole corp. Only the token of the
       * contacts-sync secret may call it ("仅支持通过通讯录同步secret调用", doc 96067; an app's secret gets 48002,
       * WxJava #4045): create a client with `corpSecret` = 管理工具 → 通讯录同步 → Secret for it.
       */
      listIds,
      /**
       * Pages user/list_id to the end, holding at most `max` member-department pairs (default 100,000; a
       * WxError past it, so a huge directory is paged with listIds instead of filling memory). Bounded: stops
       * with a WxError when the platform hands back a cursor it already gave (a loop), or after
       * {@link LIST_ALL_MAX_PAGES} pages. Contacts-sync secret only, as listIds.
       */
      async listAllIds(options?: { limit?: number; max?: number }): Promise<WeComDeptUser[]> {
        const { max = 100_000, ...paging } = options ?? {};
        if (!Number.isInteger(max) || max < 1)
          throw inputError(`max must be a whole number >= 1 (got ${max})`);
        const { limit } = assertPage(paging);
        const all: WeComDeptUser[] = [];
        const seen = new Set<string>();
        let cursor: string | undefined;
        for (let page = 0; page < LIST_ALL_MAX_PAGES; page++) {
          const next = await listIds({
            ...(cursor === undefined ? {} : { cursor }),
            ...(limit === undefined ? {} : { limit }),
          });
          all.push(...next.deptUser);
          if (next.nextCursor === undefined) return all;
          if (all.length >= max)
            throw unplaced(
              new WxError(`more than ${max} member-department pairs; page with users.listIds, or raise max`),
            );
          if (seen.has(next.nextCursor))
            throw unplaced(
              new WxError(
                `user/list_id handed back a cursor it had already given (after ${all.length} entries); stopped instead of looping`,
              ),
            );
          seen.add(next.nextCursor);
          cursor = next.nextCursor;
        }
        throw unplaced(new WxError(`more than ${LIST_ALL_MAX_PAGES} pages; stopped`));
      },
      /**
       * POST user/convert_to_openid: the member's openid for WeChat Pay (企业红包, 付款到零钱). The member must be in
       * the visible range and have used WeCom through WeChat (43004 otherwise).
       */
      async convertToOpenid(userid: string): Promise<string> {
        assertUserid(userid);
        const data = await ctx.call<{ openid: string }>(qyapi, '/cgi-bin/user/convert_to_openid', {
          method: 'POST',
          body: { userid },
        });
        return data.openid;
      },
      /**
       * POST user/getuserid. "请确保手机号的正确性，若出错的次数超出企业人数上限的20%，会导致1天不可调用" (doc 96267):
       * look up numbers you have reason to believe are members'.
       */
      async idByMobile(mobile: string): Promise<string> {
        if (typeof mobile !== 'string' || !MOBILE.test(mobile))
          throw inputError(
            `mobile must be 5-32 characters of digits, + and - (got ${JSON.stringify(mobile)}; the platform answers 60103)`,
          );
        const data = await ctx.call<{ userid: string }>(qyapi, '/cgi-bin/user/getuserid', {
          method: 'POST',
          body: { mobile },
        });
        return data.userid;
      },
      /** POST user/get_userid_by_email: emailType 1 the corp mailbox (biz_mail, the default), 2 the personal email. */
      async idByEmail(email: string, emailType: 1 | 2 = 1): Promise<string> {
        if (typeof email !== 'string' || email.length > 64 || !EMAIL.test(email))
          throw inputError(
            `email must be an address of at most 64 characters (got ${JSON.stringify(email)}; the platform answers 60105)`,
          );
        if (emailType !== 1 && emailType !== 2)
          throw inputError(
            `emailType is 1 (corp mailbox) or 2 (personal email) (got ${JSON.stringify(emailType)}; the platform answers 40058)`,
          );
        const data = await ctx.call<{ userid: string }>(qyapi, '/cgi-bin/user/get_userid_by_email', {
          method: 'POST',
          body: { email, email_type: emailType },
        });
        return data.userid;
      },
    },
    departments: {
      /** GET department/list: the visible departments (below `id` when given), with names. */
      async list(id?: number): Promise<WeComDepartment[]> {
        if (id !== undefined) assertDepartment(id);
        const data = await ctx.call<{ department?: WeComDepartment[] }>(qyapi, '/cgi-bin/department/list', {
          query: { id },
        });
        return data.department ?? [];
      },
      /** GET department/simplelist: ids, parents and order of `id` and everything below it (all, without id). */
      async simpleList(id?: number): Promise<WeComDepartmentId[]> {
        if (id !== undefined) assertDepartment(id);
        const data = await ctx.call<{ department_id?: WeComDepartmentId[] }>(
          qyapi,
          '/cgi-bin/department/simplelist',
          { query: { id } },
        );
        return data.department_id ?? [];
      },
      /** GET department/get: one department with its name. */
      async get(id: number): Promise<WeComDepartmentDetail> {
        assertDepartment(id);
        const data = await ctx.call<{ department: WeComDepartmentDetail }>(qyapi, '/cgi-bin/department/get', {
          query: { id },
        });
        return data.department;
      },
    },
    tags: {
      /** GET tag/list: a self-built app sees every tag of the corp. */
      async list(): Promise<WeComTag[]> {
        const data = await ctx.call<{ taglist?: WeComTag[] }>(qyapi, '/cgi-bin/tag/list');
        return data.taglist ?? [];
      },
      /** GET tag/get: the tag's members and departments, only those in the app's visible range. */
      async get(tagid: number): Promise<WeComTagMembers> {
        if (typeof tagid !== 'number' || !Number.isInteger(tagid) || tagid < 0 || tagid >= UINT32)
          throw inputError(
            `tagid must be a non-negative integer from tags.list (got ${JSON.stringify(tagid)}; the platform answers 40068)`,
          );
        const data = await ctx.call<Partial<WeComTagMembers>>(qyapi, '/cgi-bin/tag/get', {
          query: { tagid },
        });
        return {
          tagname: data.tagname ?? '',
          userlist: data.userlist ?? [],
          partylist: data.partylist ?? [],
        };
      },
    },
  };
}

export type WeComContacts = ReturnType<typeof createWeComContacts>;
