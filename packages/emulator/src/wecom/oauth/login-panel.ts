import type { Context } from 'hono';
import { avatarLetter, escapeHtml, page } from '../../pages/html.js';
import type { Target } from './target.js';

/**
 * The page `ww.createWWLoginPanel` (@wecom/jssdk >= 2.3.2, doc 98171) frames: GET /wwlogin/sso/login with the
 * SDK's `version`. The SDK only talks to https://login.work.weixin.qq.com (its origin is fixed), so a browser
 * must resolve that origin to the emulator (e2e: Playwright's route()).
 *
 * Protocol, read from the SDK (useIframeClient / useRemoteInvoke / handleCallMsg): on iframe load the parent posts
 * `{type:'ww-iframe-handle:init'}`; the panel answers `{type:'ww-iframe-handle:ready'}`; the panel then calls the
 * page's options with `{type:'ww-iframe-handle:call', args:{type:'call', name, payload}}`: `onCheckWeComLogin`
 * `{isWeComLogin}`, `onLoginSuccess` `{code}` (redirect_type=callback), `onLoginFail`. Messages are JSON strings.
 *
 * Our rule where the doc is silent: the panel speaks only to a parent on the redirect_uri's origin (a trusted
 * domain), so a page elsewhere that frames it never receives a code.
 */

type Params = Record<string, string>;

const redirectType = (q: Params) =>
  q['redirect_type'] === 'callback' || q['redirect_type'] === 'self' ? q['redirect_type'] : 'top';

/** Posts to the parent on the redirect's origin; `calls` run once the parent is known to listen. */
const protocol = (parentOrigin: string, calls: string) => `<script>
(function () {
  var parentOrigin = ${JSON.stringify(parentOrigin)};
  var send = function (msg) { window.parent.postMessage(JSON.stringify(msg), parentOrigin); };
  var call = function (name, payload) { send({ type: 'ww-iframe-handle:call', args: { type: 'call', name: name, payload: payload } }); };
  var started = false;
  var start = function () { if (started) return; started = true; send({ type: 'ww-iframe-handle:ready' }); ${calls} };
  window.addEventListener('message', function (event) {
    var msg; try { msg = typeof event.data === 'string' ? JSON.parse(event.data) : event.data; } catch (e) { return; }
    if (!msg || msg.type !== 'ww-iframe-handle:init') return;
    if (event.origin !== parentOrigin || event.source !== window.parent) {
      document.body.dataset.refused = event.origin;
      return;
    }
    start();
  });
  // A second document in the frame (after a pick) is not sent init again: it announces itself.
  if (document.body.dataset.announce === '1' && window.parent !== window) start();
})();
</script>`;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Doc 98171 (注意事项, as quoted by practitioners): "当redirect_type=callback，通过onLoginSuccess获取code时，
 * localhost方式本地调试是不支持的，必须要在可信域名下调用" (audit-3 N-L19). Quirk: the emulator still hands the code over
 * on localhost — a production page is never on localhost, so this hides no production bug, and refusing would leave
 * callback mode untestable here — but the panel says that the real platform will not, and how to debug against it.
 * Unsure: what the platform does instead (no onLoginSuccess, or onLoginFail).
 */
const callbackNote = (target: Target, q: Params) =>
  redirectType(q) === 'callback' && LOOPBACK.test(target.redirect.hostname)
    ? '<p class="muted" id="wwlogin-localhost-note">On the real platform redirect_type=callback does not work on localhost (doc 98171: onLoginSuccess needs a page under a trusted domain). The emulator hands the code over anyway; against the real corp, debug with redirect_type=top or a trusted domain.</p>'
    : '';

/** The panel itself: the members who may log in, as the QR code's stand-in. */
export function loginPanelPage(target: Target, q: Params): string {
  const link = (id: string) => {
    const url = new URLSearchParams({ ...q, login_as: id });
    return `/wwlogin/sso/login?${url.toString()}`;
  };
  const rows = target.people
    .map(
      (p) =>
        `<a class="member" href="${escapeHtml(link(p.id))}" data-login-as="${escapeHtml(p.id)}"><span class="avatar">${avatarLetter(p.name)}</span><span><b>${escapeHtml(p.name)}</b><br><span class="sub">${escapeHtml(p.sub)} · ${escapeHtml(p.id)}</span></span></a>`,
    )
    .join('');
  const body = `<div class="card" id="wwlogin-panel"><h1>企业微信登录</h1><p class="muted">Login panel (ww.createWWLoginPanel) · redirect_type=${escapeHtml(redirectType(q))} — pick the member whose phone scans the code.</p>${callbackNote(target, q)}${rows || '<p class="muted">No one is in the app\'s visible range.</p>'}</div>`;
  return page('企业微信登录', body).replace(
    '</body>',
    `${protocol(target.redirect.origin, "call('onCheckWeComLogin', { isWeComLogin: false });")}</body>`,
  );
}

/** After a pick: the code to the page (callback), or the redirect in the top window (top) or the frame (self). */
export function loginPanelResult(target: Target, q: Params, redirect: string): string {
  const code = new URL(redirect).searchParams.get('code') ?? '';
  const type = redirectType(q);
  const action =
    type === 'callback'
      ? `call('onLoginSuccess', { code: ${JSON.stringify(code)} });`
      : type === 'top'
        ? `window.top.location.href = ${JSON.stringify(redirect)};`
        : `location.replace(${JSON.stringify(redirect)});`;
  const html = page('企业微信登录', '<div class="card"><h1>登录成功</h1><p class="muted">…</p></div>');
  return html
    .replace('<body>', '<body data-announce="1">')
    .replace('</body>', `${protocol(target.redirect.origin, action)}</body>`);
}

/** ServiceApp (third-party login) needs service-provider suites, which the emulator does not have. */
export function notEmulatedLoginType(c: Context): Response {
  return c.html(
    page(
      'Not emulated',
      '<div class="card error"><h1>login_type=ServiceApp is not emulated by wxkit</h1><p class="muted">Third-party (service-provider) login needs a login SuiteID and suite tokens; the emulator has self-built apps only. Use login_type=CorpApp with appid=CorpID and agentid.</p></div>',
    ),
    501,
  );
}
