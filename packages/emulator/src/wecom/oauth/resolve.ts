import type { Context } from 'hono';
import { oaTarget } from '../../oa/oauth/authorize-target.js';
import type { SeedCorp, SeedMember } from '../../seed.js';
import { traffic } from '../../traffic.js';
import type { World } from '../../world.js';
import { notEmulatedLoginType } from './login-panel.js';
import { pageError as bad, PROXY_HINT, redirectUri } from './refuse.js';
import { hostOf, type Params, type Target } from './target.js';

/** WeCom scopes the authorize page takes; snsapi_userinfo is an older one (see resolve). */
const WECOM_SCOPES = ['snsapi_base', 'snsapi_privateinfo', 'snsapi_userinfo'];

/** Checks an authorize request the way the platform does; a Target, or the platform's error page. */
export function resolve(world: World, c: Context, q: Params, web: boolean): Target | Response {
  const appid = q['appid'] ?? '';
  const state = q['state'] ?? '';
  // 10012 "appid不能为空" (community threads on 10012/10016; audit L8).
  if (!appid)
    return bad(c, 10012, 'appid 不能为空', 'Pass appid: the CorpID (WeCom) or the AppID (Official Account).');
  // ServiceApp is a valid login type (doc 98171: 服务商登录, appid = the login SuiteID), but the emulator has
  // no service-provider suites: say so instead of refusing it with a platform code.
  if (web && q['login_type'] === 'ServiceApp') return notEmulatedLoginType(c);
  const redirect = redirectUri(c, q);
  if (redirect instanceof Response) return redirect;
  // The doc asks for a-zA-Z0-9; the platform takes any state and hands it back raw (redirectWith). 128 bytes is the documented maximum; whether
  // the platform refuses a longer state is unverified, so the page says so instead of citing a platform code.
  if (Buffer.byteLength(state, 'utf8') > 128) {
    return bad(
      c,
      'state',
      'state 过长',
      'state is at most 128 bytes (documented limit; the emulator refuses longer ones, the platform may not).',
    );
  }
  const corp = world.corp(appid);
  if (!web && !q['scope'])
    return bad(
      c,
      10010,
      'scope 不能为空',
      'Pass scope: snsapi_base, or snsapi_privateinfo (WeCom) / snsapi_userinfo (Official Account).',
    );
  if (corp && !web && !q['agentid']) {
    // WeCom without agentid: the code is bound to no app. Its redirect domain is checked when it is exchanged,
    // against the token's app (50001 then; doc 96442), and the scope is snsapi_base (doc 96441).
    if (!WECOM_SCOPES.includes(q['scope'] ?? ''))
      return bad(c, 10005, 'scope 参数错误', 'WeCom scope is snsapi_base or snsapi_privateinfo.');
    // privateinfo needs agentid: the doc's table says "snsapi_privateinfo时必填否则报错" and a community report sees
    // "无效的agentid参数"; its other section says it is taken as snsapi_base. The stricter reading (audit L9).
    if (q['scope'] === 'snsapi_privateinfo')
      return bad(
        c,
        40056,
        '无效的agentid参数',
        'snsapi_privateinfo needs the agentid of the app (doc 96441: 必填否则报错; the doc elsewhere says it becomes snsapi_base — the stricter reading is kept).',
      );
    return {
      platform: 'wecom',
      owner: appid,
      scope: 'snsapi_base',
      redirect,
      state,
      people: corpPeople(corp, () => true),
    };
  }
  if (corp) {
    const agentId = Number(q['agentid']);
    const app = corp.apps.find((a) => a.agentId === agentId) ?? (q['agentid'] ? undefined : corp.apps[0]);
    if (!app)
      return bad(
        c,
        40056,
        '应用不存在 (invalid agentid)',
        `agentid ${q['agentid']} is not an app of corp ${appid}.`,
      );
    let scope = web ? 'snsapi_base' : (q['scope'] ?? '');
    if (!web && !WECOM_SCOPES.includes(scope)) {
      return bad(c, 10005, 'scope 参数错误', 'WeCom scope is snsapi_base or snsapi_privateinfo.');
    }
    // snsapi_userinfo (older docs: "静默授权，可获取成员的详细信息"; @logto/connector-wecom's default, tested on the
    // real platform, logto-io/logto#5411): silent like snsapi_base, but within the visible range (the older docs
    // require it for userinfo and privateinfo), and the code gives the userid only. Unverified: whether the platform
    // still hands out a user_ticket for it; the emulator gives none (the stricter reading).
    const userinfo = !web && scope === 'snsapi_userinfo';
    if (userinfo) {
      traffic.of(world).journal.push({
        at: world.now(),
        method: 'GET',
        path: '/connect/oauth2/authorize',
        errcode: 0,
        note: 'scope snsapi_userinfo on a self-built app: taken as silent snsapi_base within the visible range, no user_ticket (older docs; logto-io/logto#5411). Unverified whether the platform still gives a user_ticket',
      });
      scope = 'snsapi_base';
    }
    // WeCom: without agentid, snsapi_privateinfo is treated as snsapi_base.
    if (!q['agentid']) scope = 'snsapi_base';
    if (web && q['login_type'] !== 'CorpApp')
      return bad(
        c,
        10013,
        'login_type 参数错误',
        'Self-built apps use login_type=CorpApp with appid=CorpID and agentid; third-party apps ServiceApp with their SuiteID.',
      );
    // Web login (doc 98171, redirect_uri域名说明): the app's web-login callback domain or its OAuth trusted domain.
    const domains = web ? [...app.webLoginDomains, ...app.trustedDomains] : app.trustedDomains;
    if (!domains.includes(hostOf(redirect))) {
      return bad(
        c,
        50001,
        'redirect_uri 与配置的可信域名不一致',
        `The host of redirect_uri (${hostOf(redirect)}) must equal one of the app's ${web ? 'web login domains (企业微信授权登录)' : 'trusted domains (可信域名)'} exactly, port included: ${domains.join(', ') || '(none set)'}. ${PROXY_HINT}`,
      );
    }
    // snsapi_base issues a code to any member, in the visible range or not (doc 98177: "无论是否在应用可见范围之内");
    // snsapi_privateinfo requires the visible range (doc 96441). Web login keeps the visible range.
    const anyMember = !web && scope === 'snsapi_base' && !userinfo;
    const range = world.visibleRange(corp, app);
    const people = corpPeople(
      corp,
      (m) => anyMember || world.visible(corp, app, m, range),
      (m) => world.visible(corp, app, m, range),
    );
    return { platform: 'wecom', owner: appid, agentId: app.agentId, scope, redirect, state, people };
  }
  return oaTarget(world, c, q, redirect);
}

/** Active members of the corp that `include` admits, as picker rows (out-of-range ones say so). */
function corpPeople(
  corp: SeedCorp,
  include: (m: SeedMember) => boolean,
  inRange: (m: SeedMember) => boolean = () => true,
): Target['people'] {
  return corp.members
    .filter((m) => (m.status ?? 1) === 1 && include(m))
    .map((m) => ({
      id: m.userid,
      name: m.name,
      sub: `${corp.departments.find((d) => d.id === m.department[0])?.name ?? ''}${inRange(m) ? '' : ' · 不在可见范围'}`,
      member: true,
    }));
}
