import type { Context } from 'hono';
import QRCode from 'qrcode';
import type { Service } from '../../context.js';
import { SEED_CAPS } from '../../seed.js';
import type { World } from '../../world.js';
import { consent, picker } from './authorize-views.js';
import { grant, redirectWith } from './grant.js';
import { loginPanelPage, loginPanelResult } from './login-panel.js';
import { pageError as bad } from './refuse.js';
import { resolve } from './resolve.js';
import type { Params } from './target.js';

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
