import { NotInstalled } from '../apps/provider-login.js';
import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { loginErrorPage } from '../error-page.js';
import { errorReply, redirect, wantsPage } from '../http.js';
import { type LoginState, MAX_LOGIN_ATTEMPTS, newNonce, STATE_TTL_MS } from '../login-state.js';
import { watchOrigin } from '../origin-source.js';
import { clientKind, safeRedirectPath } from '../redirect.js';

export const loginLink = (ctx: ServerContext, target: string, mode: LoginState['mode']) =>
  `${ctx.prefix}/login?redirect=${encodeURIComponent(target)}${mode === 'spa' ? '&mode=spa' : ''}`;

/**
 * GET {prefix}/login?redirect=/path[&mode=spa]: seals a fresh state into a cookie of its own (nothing is stored
 * server-side; other tabs' logins keep theirs), then 302 to the authorize URL. The loop guard: after
 * MAX_LOGIN_ATTEMPTS round trips to the same target that did not end in a session, the member gets the error page
 * instead of yet another redirect.
 */
export async function login(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const { searchParams } = call.url;
  const target = safeRedirectPath(searchParams.get('redirect'));
  if (target === undefined) {
    const refusal = {
      code: 'bad_redirect',
      message: 'redirect must be a path on this site, like /survey?id=1',
      hint: 'Absolute URLs, //host and backslashes are refused (open redirect)',
    };
    return wantsPage(call)
      ? loginErrorPage({ code: 'bad_redirect', retry: loginLink(ctx, '/', 'callback') }, ctx.app.platform)
      : errorReply(400, refusal);
  }
  const mode = searchParams.get('mode') === 'spa' ? 'spa' : 'callback';
  const now = ctx.clock();
  // Other tabs may have logins of their own in flight: only this target's unfinished ones count for the guard.
  const unfinished = ctx.browser
    .loginStates(call)
    .filter((s) => !s.done && s.redirect === target && s.mode === mode);
  const previous = unfinished.at(-1);
  const attempts = previous ? previous.attempts + 1 : 1;
  if (attempts > MAX_LOGIN_ATTEMPTS) {
    const lastError = previous?.lastError;
    const reply = loginErrorPage(
      {
        code: 'too_many_attempts',
        errcode: typeof lastError === 'number' ? lastError : undefined,
        retry: loginLink(ctx, target, mode),
      },
      ctx.app.platform,
    );
    // "Try again" starts counting afresh.
    reply.cookies = unfinished.map((s) => ctx.browser.loginStateCookie(call, s, 'clear'));
    return reply;
  }
  const origin = ctx.origins.of(call);
  const state: LoginState = {
    nonce: newNonce(),
    redirect: target,
    mode,
    expiresAt: now + STATE_TTL_MS,
    attempts,
    ...(previous?.lastError !== undefined ? { lastError: previous.lastError } : {}),
  };
  // SPA mode: the code lands on the page itself, which posts it to {prefix}/session.
  const landing =
    mode === 'spa' ? new URL(`${origin.origin}${target}`) : new URL(`${ctx.prefix}/callback`, origin);
  // A target with a query of its own loses any code and state in it (the platform appends fresh ones).
  if (landing.search) {
    landing.searchParams.delete('code');
    landing.searchParams.delete('state');
  }
  landing.hash = '';
  const redirectUri = landing.toString();
  watchOrigin(ctx.origins, call, ctx.logger, redirectUri);
  // A provider's 代开发 app: the corp whose OAuth the login goes through (its home URL carries $CORPID$); a
  // retry of an unfinished login (the restart and "try again" links carry no corp) keeps the corp it started with.
  const corp = searchParams.get('corp') ?? (previous && !previous.done ? previous.corpId : undefined);
  if (corp !== undefined) state.corpId = corp;
  let location: string;
  try {
    location = await ctx.app.authorizeUrl({
      redirectUri,
      state: state.nonce,
      kind: clientKind(call.header('user-agent') ?? null),
      ...(corp !== undefined ? { corpId: corp } : {}),
    });
  } catch (error) {
    if (!(error instanceof NotInstalled)) throw error;
    return wantsPage(call)
      ? loginErrorPage({ code: 'not_installed', retry: loginLink(ctx, target, mode) }, ctx.app.platform, 403)
      : errorReply(403, { code: 'not_installed', message: error.message });
  }
  // A failed attempt is spent: this one replaces it. One still in flight may be another tab's: it stays.
  const spent = previous?.lastError !== undefined ? previous : undefined;
  return redirect(location, ctx.browser.startLogin(call, state, spent));
}
