import type { ClientContext } from '../client/context.js';
import { inputError } from '../errors/place.js';
import { type Envelope, withoutEnvelope } from '../http/envelope.js';
import { assertOpenid } from './openid.js';

export type OaLang = 'zh_CN' | 'zh_TW' | 'en';
const LANGS: readonly OaLang[] = ['zh_CN', 'zh_TW', 'en'];

/** subscribe_scene values (OA doc 获取用户基本信息). */
export type OaSubscribeScene =
  | 'ADD_SCENE_SEARCH'
  | 'ADD_SCENE_ACCOUNT_MIGRATION'
  | 'ADD_SCENE_PROFILE_CARD'
  | 'ADD_SCENE_QR_CODE'
  | 'ADD_SCENE_PROFILE_LINK'
  | 'ADD_SCENE_PROFILE_ITEM'
  | 'ADD_SCENE_PAID'
  | 'ADD_SCENE_WECHAT_ADVERTISEMENT'
  | 'ADD_SCENE_REPRINT'
  | 'ADD_SCENE_LIVESTREAM'
  | 'ADD_SCENE_CHANNELS'
  | 'ADD_SCENE_WXA'
  | 'ADD_SCENE_OTHERS';

/**
 * A follower as `cgi-bin/user/info` answers (OA doc 获取用户基本信息, doc/service/api/usermanage/userinfo/api_userinfo).
 * Since 2021-12-27 the platform no longer returns nickname, headimgurl, sex, city, province or country ("2021年12月27日之
 * 后，不再输出头像、昵称信息"); use snsapi_userinfo OAuth for a name and picture. The current doc also marks
 * `language` "该字段不再提供", so it is optional here. When `subscribe` is 0 the platform returns only openid (and
 * unionid when bound): "值为0时，代表此用户没有关注该公众号，拉取不到其余信息".
 */
export interface OaFollower {
  subscribe: 0 | 1;
  openid: string;
  language?: string;
  /** Epoch seconds of the last follow. */
  subscribe_time?: number;
  /** Only when the account is bound to an Open Platform account. */
  unionid?: string;
  remark?: string;
  groupid?: number;
  tagid_list?: number[];
  subscribe_scene?: OaSubscribeScene | string;
  /** The integer scene of the parametric QR code the user followed through (0 when none). */
  qr_scene?: number;
  /** The string scene of that QR code ('' when none). */
  qr_scene_str?: string;
}

export interface OaFollowerPage {
  total: number;
  count: number;
  openids: string[];
  /** Pass to the next `list` call; '' (or the last openid of an empty page) at the end. */
  nextOpenid: string;
}

/** "最多支持一次拉取100条" (批量获取用户基本信息); more answers 40032 invalid openid list size. */
export const OA_BATCHGET_MAX = 100;
/** "一次拉取调用最多拉取10000个关注者的OpenID" (获取用户列表). */
export const OA_FOLLOWER_PAGE = 10_000;

function assertLang(lang: unknown): OaLang | undefined {
  if (lang === undefined) return undefined;
  if (typeof lang !== 'string' || !(LANGS as readonly string[]).includes(lang))
    throw inputError(`lang is zh_CN, zh_TW or en (got ${JSON.stringify(lang)})`);
  return lang as OaLang;
}

export interface OaUsers {
  /** GET /cgi-bin/user/info: one user's follow status and where they came from. */
  info(openid: string, options?: { lang?: OaLang }): Promise<OaFollower>;
  /** POST /cgi-bin/user/info/batchget: up to 100 users, in the order asked. */
  batchGet(users: readonly (string | { openid: string; lang?: OaLang })[]): Promise<OaFollower[]>;
  /** GET /cgi-bin/user/get: one page (at most 10000 openids) after `nextOpenid`. */
  list(nextOpenid?: string): Promise<OaFollowerPage>;
  /** Every follower's openid, page by page, stopping at `max` (default 100000) so memory stays bounded. */
  listAll(options?: { max?: number }): Promise<string[]>;
}

export function createOaUsers(ctx: ClientContext): OaUsers {
  const api = ctx.hosts.api;
  const list = async (nextOpenid?: string): Promise<OaFollowerPage> => {
    if (nextOpenid !== undefined && nextOpenid !== '') assertOpenid('next_openid', nextOpenid);
    const data = await ctx.call<{
      total?: number;
      count?: number;
      data?: { openid?: string[] };
      next_openid?: string;
    }>(api, '/cgi-bin/user/get', { query: { next_openid: nextOpenid || undefined } });
    const openids = data.data?.openid ?? [];
    return {
      total: data.total ?? 0,
      count: data.count ?? openids.length,
      openids,
      nextOpenid: data.next_openid ?? '',
    };
  };
  return {
    async info(openid, options = {}) {
      assertOpenid('openid', openid);
      const lang = assertLang(options?.lang);
      return withoutEnvelope(
        await ctx.call<OaFollower & Envelope>(api, '/cgi-bin/user/info', { query: { openid, lang } }),
      );
    },
    async batchGet(users) {
      if (!Array.isArray(users) || users.length === 0 || users.length > OA_BATCHGET_MAX)
        throw inputError(
          `pass 1..${OA_BATCHGET_MAX} openids (got ${Array.isArray(users) ? users.length : typeof users}); split longer lists — the platform answers 40032 invalid openid list size`,
        );
      const user_list = users.map((u) => {
        const entry = typeof u === 'string' ? { openid: u } : u;
        const openid = assertOpenid('openid', entry?.openid);
        const lang = assertLang(entry.lang);
        return lang ? { openid, lang } : { openid };
      });
      const data = await ctx.call<{ user_info_list?: OaFollower[] }>(api, '/cgi-bin/user/info/batchget', {
        method: 'POST',
        body: { user_list },
      });
      return data.user_info_list ?? [];
    },
    list,
    async listAll(options = {}) {
      const max = options.max ?? 100_000;
      if (!Number.isInteger(max) || max < 1) throw inputError(`max must be a whole number >= 1 (got ${max})`);
      const all: string[] = [];
      let next: string | undefined;
      // Each page moves next_openid on; an empty page or a repeated cursor ends the walk.
      for (;;) {
        const page = await list(next);
        all.push(...page.openids.slice(0, max - all.length));
        if (
          all.length >= max ||
          page.openids.length === 0 ||
          page.nextOpenid === '' ||
          page.nextOpenid === next
        )
          return all;
        if (all.length >= page.total) return all;
        next = page.nextOpenid;
      }
    },
  };
}
