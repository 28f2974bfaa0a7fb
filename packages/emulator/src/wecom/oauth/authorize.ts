import type { Context } from 'hono';
import QRCode from 'qrcode';
import { issueCode } from '../../codes.js';
import type { Service } from '../../context.js';
import { errorPage } from '../../pages/html.js';
import type { SeedCorp, SeedMember } from '../../seed.js';
import { SEED_CAPS } from '../../seed.js';
import { traffic } from '../../traffic.js';
import type { World } from '../../world.js';
import { consent, picker } from './authorize-views.js';
import { loginPanelPage, loginPanelResult, notEmulatedLoginType } from './login-panel.js';
import type { Target } from './target.js';

type Params = Record<string, string>;

const bad = (c: Context, code: number | string, message: string, rule: string) =>
  c.html(errorPage(code, message, rule), 200);

const hostOf = (url: URL) => url.host;

/** The usual cause on a developer's machine: the app built redirect_uri from a Host its proxy changed. */
const PROXY_HINT =
  "An app behind a proxy (or a dev server's proxy) builds redirect_uri from the Host it receives: with wxkit, set publicUrl (or trustProxy for the proxy's X-Forwarded-Host).";

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
  let redirect: URL;
  try {
    redirect = new URL(q['redirect_uri'] ?? '');
  } catch {
    return bad(
      c,
      10011,
      'redirect_uri 参数错误',
      'redirect_uri must be an absolute, URL-encoded http(s) URL.',
    );
  }
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
  const account = world.account(appid);
  if (!account)
    return bad(
      c,
      10016,
      '不支持的 appid',
      `appid ${appid} is neither a corp nor an Official Account in the emulator's seed.`,
    );
  const scope = q['scope'] ?? '';
  if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo')
    return bad(c, 10005, 'scope 参数错误', 'Official Account scope is snsapi_base or snsapi_userinfo.');
  if (!account.oauthDomains.includes(hostOf(redirect))) {
    return bad(
      c,
      10003,
      'redirect_uri 域名与后台配置不一致',
      `Set 网页授权域名 to ${hostOf(redirect)}; configured: ${account.oauthDomains.join(', ') || '(none)'}. ${PROXY_HINT}`,
    );
  }
  const people = account.followers.map((f) => ({
    id: f.openid,
    name: f.nickname,
    sub: f.openid,
    member: false,
  }));
  return { platform: 'oa', owner: appid, scope, redirect, state, people };
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

/**
 * The platform appends `state` as it came, unencoded ("微信回调时没有对 state 参数进行编码": coderbusy.com/archives/1676,
 * cnblogs.com/Soar1991/p/15003465): after a `&` the rest arrives as other parameters and a `+` reads as a space.
 * Only what a browser itself escapes when it follows the Location (non-ASCII, spaces, controls) is escaped here.
 */
function redirectWith(target: Target, code?: string): string {
  const url = new URL(target.redirect);
  const hash = url.hash;
  url.hash = '';
  if (code) url.searchParams.set('code', code);
  url.searchParams.delete('state');
  const raw = target.state.replace(/[^\x21-\x7e]/gu, (ch) => encodeURIComponent(ch));
  return `${url.toString()}${url.search ? '&' : '?'}state=${raw}${hash}`;
}

export function grant(
  world: World,
  target: Target,
  person: { id: string; member: boolean },
  snapshot = false,
): string {
  const code = issueCode(world, {
    ...(snapshot ? { snapshot: true } : {}),
    platform: target.platform,
    owner: target.owner,
    ...(target.agentId ? { agentId: target.agentId } : {}),
    subject: person.id,
    member: person.member,
    scope: target.scope,
    redirectHost: hostOf(target.redirect),
  });
  return redirectWith(target, code);
}

/** The page's parameters: the query, and on a POST (decline, add member) the form's fields over it. */
async function paramsOf(c: Context): Promise<Params> {
  const q = c.req.query() as Params;
  if (c.req.method !== 'POST') return q;
  const form = await c.req.parseBody().catch(() => ({}));
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string') q[k] = v;
  return q;
}

async function handle(world: World, c: Context, web: boolean, implied: Params = {}): Promise<Response> {
  const q = { ...(await paramsOf(c)), ...implied };
  const target = resolve(world, c, q, web);
  if (target instanceof Response) return target;
  const action = web ? '/wwlogin/sso/login' : '/connect/oauth2/authorize';
  if (q['decline']) return c.redirect(redirectWith(target), 302);
  // Adding a member writes the directory: only the form's POST does it (a GET never writes).
  if (target.platform === 'wecom' && c.req.method === 'POST' && q['new_userid'] && q['new_name']) {
    const corp = world.corp(target.owner);
    if (corp && corp.members.length >= SEED_CAPS.members)
      return bad(
        c,
        'members',
        '成员过多',
        `The emulator keeps at most ${SEED_CAPS.members} members per corp.`,
      );
    if (corp && !world.member(target.owner, q['new_userid'])) {
      corp.members.push({
        userid: q['new_userid'],
        name: q['new_name'],
        department: [corp.departments[0]?.id ?? 1],
      });
    }
    q['pick'] = q['new_userid'];
    target.people.push({ id: q['new_userid'], name: q['new_name'], sub: '', member: true });
  }
  // login_as (scripts, tests) skips the page and the consent; pick is a click in the picker.
  const loginAs = q['login_as'] ?? q['pick'];
  // @wecom/jssdk's createWWLoginPanel loads this URL in an iframe with its own `version`.
  if (!loginAs && web && q['version']) return c.html(loginPanelPage(target, q));
  if (!loginAs) {
    const qr = web ? await QRCode.toString(c.req.url, { type: 'svg', margin: 1 }) : '';
    return c.html(
      web
        ? picker(
            target,
            q,
            action,
            '企业微信扫码登录',
            'Scan the QR code with WeCom — here, pick the member whose phone scans it.',
            qr,
          )
        : picker(
            target,
            q,
            action,
            '选择登录成员',
            target.platform === 'wecom'
              ? 'Members in the app’s visible range'
              : 'Followers of the Official Account',
          ),
    );
  }
  const person = target.people.find((p) => p.id.toLowerCase() === loginAs.toLowerCase());
  if (!person) {
    if (target.platform === 'wecom' && world.member(target.owner, loginAs)) {
      return bad(
        c,
        50002,
        '成员不在应用可见范围内',
        `${loginAs} is outside the app's visible range; add them (or their department) to 可见范围.`,
      );
    }
    // OA: anyone may authorise; an unknown openid becomes a new (non-following) user.
    if (target.platform === 'oa')
      return c.redirect(grant(world, target, { id: loginAs, member: false }), 302);
    return bad(c, 60111, '成员不存在', `${loginAs} is not a member of ${target.owner}.`);
  }
  // snapshot=1 (emulator only): the member opened the page in 朋友圈's snapshot mode (快照页) and did not authorize:
  // snsapi_userinfo then yields a virtual user, is_snapshotuser=1 at the exchange (OA web-auth doc, 2022-07-12).
  const snapshot = target.platform === 'oa' && target.scope === 'snsapi_userinfo' && q['snapshot'] === '1';
  const needsConsent = target.scope === 'snsapi_privateinfo' || target.scope === 'snsapi_userinfo';
  if (needsConsent && !snapshot && q['consent'] !== 'yes' && q['login_as'] === undefined) {
    return c.html(consent(target, { ...q, pick: person.id }, action, person.name));
  }
  const redirect = grant(world, target, person, snapshot);
  if (web && q['version']) return c.html(loginPanelResult(target, q, redirect));
  return c.redirect(redirect, 302);
}

/** The authorize page (/connect/oauth2/authorize) and WeCom web login (/wwlogin/sso/login). */
export const authorizePages: Service = {
  name: 'pages',
  register(app, ctx) {
    // The decline and "add member" forms post; everything else is the platform's GET.
    for (const [path, web] of [
      ['/connect/oauth2/authorize', false],
      ['/wwlogin/sso/login', true],
    ] as const) {
      app.get(path, (c) => handle(ctx.world(), c, web));
      app.post(path, (c) => handle(ctx.world(), c, web));
    }
    // The older web QR login (doc 91019, 构造扫码登录链接): appid = CorpID, agentid, redirect_uri, state; no
    // login_type (a self-built app's), `usertype`/`lang` optional. @logto/connector-wecom still sends browsers here.
    app.get('/wwopen/sso/qrConnect', (c) => handle(ctx.world(), c, true, { login_type: 'CorpApp' }));
  },
};
