import type { Context } from 'hono';
import type { Service } from '../../context.js';
import { avatarLetter, errorPage, escapeHtml, page } from '../../pages/html.js';
import { Refusal } from '../../refusal.js';
import type { World } from '../../world.js';
import { parseAs } from './as-param.js';
import { authorise } from './authorise.js';
import { marketInstall } from './commands.js';
import { installableCorps } from './seed.js';
import { adminOf, corpsOf, findSuite, installOf, PROVIDER_LIFETIMES, providerState } from './state.js';

const bad = (c: Context, code: number | string, message: string, rule: string) =>
  c.html(errorPage(code, message, rule), 200);

/** The picker of the installing corp (and its admin): one button per corp that may install the suite. */
function picker(world: World, suiteId: string, q: Record<string, string>, action: string): string {
  const found = findSuite(world, suiteId);
  const hidden = Object.entries(q)
    .filter(([k]) => k !== 'install_as')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const rows = installableCorps(found?.suite ?? ({} as never), corpsOf(world))
    .map((corpId) => world.corp(corpId))
    .filter((corp) => corp !== undefined)
    .map((corp) => {
      const admin = adminOf(corp);
      const done = installOf(world, suiteId, corp.corpId) ? ' · 已安装 (installed)' : '';
      return `<button class="member" name="install_as" value="${escapeHtml(corp.corpId)}" data-install-as="${escapeHtml(corp.corpId)}"><span class="avatar">${avatarLetter(corp.name)}</span><span><b>${escapeHtml(corp.name)}</b><br><span class="sub">${escapeHtml(corp.corpId)} · 管理员 ${escapeHtml(admin)}${done}</span></span></button>`;
    })
    .join('');
  return page(
    '授权安装应用',
    `<div class="card"><h1>安装「${escapeHtml(found?.suite.name ?? suiteId)}」</h1><p class="muted">Pick the corp whose admin installs the app (授权范围: the whole corp; change it from the console).</p><form method="get" action="${action}">${hidden}${rows}</form></div>`,
  );
}

const STATE = /^[A-Za-z0-9]{0,128}$/;

/**
 * The install page of the provider's own site (企业授权应用, doc 90597): `/3rdapp/install?suite_id&pre_auth_code&
 * redirect_uri&state`, then `redirect_uri?auth_code&expires_in=600&state`. No create_auth push for this path.
 * `install_as=<corpId>[:<userid>]` skips the picker (scripts, tests). The redirect host must be one of the suite's
 * redirect domains (授权完成回调域名).
 */
async function installPage(world: World, c: Context): Promise<Response> {
  const q = c.req.query() as Record<string, string>;
  const suiteId = q['suite_id'] ?? '';
  const found = findSuite(world, suiteId);
  if (!found)
    return bad(
      c,
      40083,
      'suite_id 无效',
      `suite_id "${suiteId}" is not a suite in the emulator's seed (providers[].suites[].suiteId).`,
    );
  const pre = providerState.of(world).preAuthCodes.get(q['pre_auth_code'] ?? '');
  if (!pre || pre.suiteId !== suiteId || pre.expiresAt <= world.now())
    return bad(
      c,
      40077,
      'pre_auth_code 无效',
      'Get a pre_auth_code with get_pre_auth_code (valid 20 minutes) and pass the same one to set_session_info and to this page.',
    );
  let redirect: URL;
  try {
    redirect = new URL(q['redirect_uri'] ?? '');
  } catch {
    return bad(
      c,
      'redirect_uri',
      'redirect_uri 参数错误',
      'redirect_uri must be an absolute, URL-encoded http(s) URL.',
    );
  }
  if (!found.suite.redirectDomains.includes(redirect.host))
    return bad(
      c,
      'redirect_uri',
      'redirect_uri 与授权完成回调域名不一致',
      `The host of redirect_uri (${redirect.host}) must be one of the suite's redirect domains (授权完成回调域名), port included: ${found.suite.redirectDomains.join(', ') || '(none set)'}.`,
    );
  const state = q['state'] ?? '';
  if (!STATE.test(state))
    return bad(c, 'state', 'state 参数错误', 'state is at most 128 letters or digits (a-zA-Z0-9).');
  if (q['install_as'] === undefined) return c.html(picker(world, suiteId, q, '/3rdapp/install'));
  const as = parseAs(q['install_as']);
  if (!as) return bad(c, 'install_as', 'install_as 参数错误', 'install_as is <corpId> or <corpId>:<userid>.');
  try {
    const { authCode } = authorise(world, suiteId, as.corpId, {
      ...(as.userid ? { userid: as.userid } : {}),
      ...(pre.authType !== undefined ? { authType: pre.authType } : {}),
    });
    // One install per pre_auth_code (the emulator's reading; the docs say only that it lives 20 minutes).
    providerState.of(world).preAuthCodes.delete(q['pre_auth_code'] ?? '');
    redirect.searchParams.set('auth_code', authCode);
    redirect.searchParams.set('expires_in', String(PROVIDER_LIFETIMES.authCodeMs / 1000));
    redirect.searchParams.set('state', state);
    return c.redirect(redirect.toString(), 302);
  } catch (error) {
    if (error instanceof Refusal) return bad(c, 'install_as', '无法安装', error.message);
    throw error;
  }
}

/** The 代开发 QR link of get_customized_auth_url: the admin scans, the provider gets create_auth with State. */
async function customizedPage(world: World, c: Context): Promise<Response> {
  const q = c.req.query() as Record<string, string>;
  const link = providerState.of(world).customizedLinks.get(q['token'] ?? '');
  if (!link || link.expiresAt <= world.now())
    return bad(
      c,
      'link',
      '授权链接已失效',
      'The link of get_customized_auth_url is valid 10 days; ask the provider for a new one.',
    );
  const templateId = link.templateIds[0] ?? '';
  if (q['install_as'] === undefined) return c.html(picker(world, templateId, q, '/3rdapp/customized'));
  const as = parseAs(q['install_as']);
  if (!as) return bad(c, 'install_as', 'install_as 参数错误', 'install_as is <corpId> or <corpId>:<userid>.');
  try {
    const done = await marketInstall(world, templateId, as.corpId, {
      ...(as.userid ? { userid: as.userid } : {}),
      ...(link.state ? { state: link.state } : {}),
    });
    return c.html(
      page(
        '授权成功',
        `<div class="card"><h1>已授权「${escapeHtml(findSuite(world, templateId)?.suite.name ?? templateId)}」</h1><p class="muted">${escapeHtml(as.corpId)} · agent ${done.agentId} · create_auth pushed: HTTP ${done.push.status}</p></div>`,
      ),
    );
  } catch (error) {
    if (error instanceof Refusal) return bad(c, 'install_as', '无法安装', error.message);
    throw error;
  }
}

export const providerInstallPages: Service = {
  name: 'provider-install-pages',
  register(app, ctx) {
    app.get('/3rdapp/install', (c) => installPage(ctx.world(), c));
    app.get('/3rdapp/customized', (c) => customizedPage(ctx.world(), c));
  },
};
