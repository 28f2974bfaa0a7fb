import type { Context } from 'hono';
import type { Service } from '../../context.js';
import { avatarLetter, escapeHtml, page } from '../../pages/html.js';
import { randomToken, type World } from '../../world.js';
import { pageError as bad, redirectUri } from '../oauth/refuse.js';
import { parseAs } from './as-param.js';
import { findSuite, installsOf, providerState } from './state.js';

const SCOPES = ['snsapi_base', 'snsapi_privateinfo'];

/** Active members of every corp that installed the suite, as picker rows (value `<corpId>:<userid>`). */
function people(world: World, suiteId: string) {
  return installsOf(world, suiteId).flatMap((install) => {
    const corp = world.corp(install.corpId);
    if (!corp) return [];
    return corp.members
      .filter((m) => (m.status ?? 1) === 1)
      .map((m) => ({ corpId: corp.corpId, corpName: corp.name, userid: m.userid, name: m.name }));
  });
}

/**
 * The authorize page of a third-party app (构造第三方应用网页授权链接, doc 91120): appid is the suite_id; the
 * member of any corp that installed the suite logs in (`login_as=<corpId>:<userid>` skips the picker). The
 * redirect host must be one of the suite's trusted domains (doc 91121: "跳转的域名须完全匹配…可信域名", 50001).
 * Any other appid goes on to the corp/Official Account authorize page.
 */
async function authorize(world: World, c: Context, next: () => Promise<void>): Promise<Response | undefined> {
  const q = c.req.query() as Record<string, string>;
  const found = findSuite(world, q['appid'] ?? '');
  if (!found) {
    await next();
    return undefined;
  }
  const { suite } = found;
  const redirect = redirectUri(c, q);
  if (redirect instanceof Response) return redirect;
  const scope = q['scope'] ?? '';
  if (!SCOPES.includes(scope))
    return bad(c, 10005, 'scope 参数错误', 'A third-party app uses snsapi_base or snsapi_privateinfo.');
  if (!suite.trustedDomains.includes(redirect.host))
    return bad(
      c,
      50001,
      'redirect_uri 与配置的可信域名不一致',
      `The host of redirect_uri (${redirect.host}) must equal one of the suite's trusted domains (可信域名), port included: ${suite.trustedDomains.join(', ') || '(none set)'}.`,
    );
  const state = q['state'] ?? '';
  if (Buffer.byteLength(state, 'utf8') > 128)
    return bad(c, 'state', 'state 过长', 'state is at most 128 bytes.');
  const list = people(world, suite.suiteId);
  if (q['login_as'] === undefined) {
    const hidden = Object.entries(q)
      .filter(([k]) => k !== 'login_as')
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    const rows = list
      .map(
        (p) =>
          `<button class="member" name="login_as" value="${escapeHtml(`${p.corpId}:${p.userid}`)}" data-login-as="${escapeHtml(`${p.corpId}:${p.userid}`)}"><span class="avatar">${avatarLetter(p.name)}</span><span><b>${escapeHtml(p.name)}</b><br><span class="sub">${escapeHtml(p.corpName)} · ${escapeHtml(p.userid)}</span></span></button>`,
      )
      .join('');
    return c.html(
      page(
        '选择登录成员',
        `<div class="card"><h1>登录「${escapeHtml(suite.name)}」</h1><p class="muted">Members of the corps that installed the app</p><form method="get" action="/connect/oauth2/authorize">${hidden}${rows || '<p class="muted">No corp has installed this app yet: install it first (the console\'s Providers page).</p>'}</form></div>`,
      ),
    );
  }
  const as = parseAs(q['login_as']);
  if (!as?.userid)
    return bad(c, 'login_as', 'login_as 参数错误', 'login_as is <corpId>:<userid> for a third-party app.');
  const person = list.find(
    (p) => p.corpId === as.corpId && p.userid.toLowerCase() === as.userid?.toLowerCase(),
  );
  if (!person)
    return bad(
      c,
      60111,
      '成员不存在',
      `${as.userid} is not an active member of a corp that installed ${suite.suiteId} (installed in: ${
        installsOf(world, suite.suiteId)
          .map((i) => i.corpId)
          .join(', ') || 'none'
      }).`,
    );
  const code = randomToken(32);
  providerState.of(world).oauthCodes.set(code, {
    suiteId: suite.suiteId,
    corpId: person.corpId,
    userid: person.userid,
    scope,
    redirectHost: redirect.host,
    issuedAt: world.now(),
    used: false,
  });
  redirect.searchParams.set('code', code);
  redirect.searchParams.set('state', state);
  return c.redirect(redirect.toString(), 302);
}

export const providerLoginPage: Service = {
  name: 'provider-login-page',
  register(app, ctx) {
    // Registered before the emulator's own authorize page: a suite_id is answered here, anything else passes on.
    app.get('/connect/oauth2/authorize', async (c, next) => (await authorize(ctx.world(), c, next)) ?? c.res);
  },
};
