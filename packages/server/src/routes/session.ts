import type { MeReply, SessionRefusal, SessionReply } from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { crossSiteRefusal } from '../csrf.js';
import { loginErrorPage } from '../error-page.js';
import { type ErrorBody, errorReply, json, redirect } from '../http.js';
import { countLogin } from '../login-metrics.js';
import type { LoginState } from '../login-state.js';
import { originSource } from '../origin-source.js';
import { SITE_ROOT, safeRedirectPath, siteLocation } from '../redirect.js';
import type { Session } from '../session.js';
import { exchange, type Outcome } from './exchange.js';
import { loginLink } from './login.js';

const MAX_BODY = 4096;

/** The state cookie after a failed attempt: it remembers why, for the page the loop guard shows. */
const failedState = (ctx: ServerContext, call: WxCall, outcome: Extract<Outcome, { ok: false }>) =>
  outcome.state
    ? [
        ctx.browser.loginStateCookie(call, {
          ...outcome.state,
          lastError: outcome.error.errcode ?? outcome.error.code,
        }),
      ]
    : [];

const succeeded = (ctx: ServerContext, call: WxCall, session: Session, state: LoginState, code: string) => [
  ctx.browser.sessionCookie(call, session),
  // Kept (marked done, with its code) so that a reload of the same callback finds its login; the next login counts
  // afresh, and no other code can use this state.
  ctx.browser.loginStateCookie(call, {
    ...state,
    done: true,
    attempts: 0,
    usedCode: ctx.browser.codeMark(code),
  }),
];

/** 50001 (untrusted redirect domain) to a page: the origin the kit built the page's redirect_uri on, and from what. */
function withDomainCause(ctx: ServerContext, call: WxCall, error: ErrorBody): ErrorBody {
  if (error.errcode !== 50001) return error;
  const { origin, from, ignored } = originSource(ctx.origins, call);
  const seen = ignored.length ? `; the request also showed ${ignored.join(', ')}` : '';
  return {
    ...error,
    hint: `${error.hint ? `${error.hint}. ` : ''}The kit built redirect_uri on ${origin} from ${from}${seen}${from === 'publicUrl' ? '' : ': behind a proxy, set publicUrl (or trustProxy)'}`,
  };
}

/** GET {prefix}/callback?code&state: server-rendered apps; ends with a 302 to the saved path, without the code. */
export async function callback(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const params = call.url.searchParams;
  const origin = ctx.origins.of(call);
  const state = ctx.browser.loginState(call, params.get('state'));
  const target = safeRedirectPath(state?.redirect) ?? SITE_ROOT;
  const code = params.get('code');
  if (!code) {
    // Declined on the authorize page: only state comes back.
    return loginErrorPage(
      { code: 'declined', retry: loginLink(ctx, target, 'callback') },
      ctx.app.platform,
      401,
    );
  }
  // A reload of a callback that already logged this browser in: where it was going, no second exchange.
  if (state?.done && state.nonce === params.get('state') && (await ctx.browser.session(call)))
    return redirect(siteLocation(origin, target));
  const outcome = countLogin(await exchange(ctx, call, code, params.get('state')));
  if (outcome.ok)
    return redirect(
      siteLocation(origin, target),
      succeeded(ctx, call, outcome.session, outcome.state, outcome.code),
    );
  if (outcome.restart) {
    // An old link with a used code, in a browser that is logged in: just go on.
    if (outcome.error.code !== 'platform_unreachable' && (await ctx.browser.session(call)))
      return redirect(siteLocation(origin, target));
    return redirect(`${origin.origin}${loginLink(ctx, target, 'callback')}`, failedState(ctx, call, outcome));
  }
  const reply = loginErrorPage(
    {
      code: outcome.error.code,
      errcode: outcome.error.errcode,
      retry: loginLink(ctx, target, 'callback'),
      redirectOrigin: originSource(ctx.origins, call),
    },
    ctx.app.platform,
    outcome.status,
  );
  reply.cookies = failedState(ctx, call, outcome);
  return reply;
}

/** POST {prefix}/session {code, state}: single-page apps; answers { user, token, expiresAt, redirect }. */
export async function createSession(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const refusal = crossSiteRefusal(call, ctx.origins.allowed(call), { json: true });
  if (refusal) return errorReply(refusal.code === 'json_required' ? 415 : 403, refusal);
  const text = await call.text(MAX_BODY, { json: true });
  if (text === undefined)
    return errorReply(413, { code: 'too_large', message: `The body is larger than ${MAX_BODY} bytes` });
  let body: { code?: unknown; state?: unknown } | null;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return errorReply(400, { code: 'bad_json', message: 'Send JSON: {"code": "...", "state": "..."}' });
  }
  const outcome = countLogin(await exchange(ctx, call, body?.code, body?.state));
  if (!outcome.ok) {
    const reply = json(
      { error: withDomainCause(ctx, call, outcome.error), restart: outcome.restart } satisfies SessionRefusal,
      outcome.status,
    );
    reply.cookies = failedState(ctx, call, outcome);
    return reply;
  }
  return json(
    {
      user: outcome.session.user,
      token: outcome.session.token,
      expiresAt: outcome.session.expiresAt,
      redirect: safeRedirectPath(outcome.state.redirect) ?? SITE_ROOT,
    } satisfies SessionReply,
    200,
    succeeded(ctx, call, outcome.session, outcome.state, outcome.code),
  );
}

export async function me(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const session = await ctx.browser.session(call);
  if (!session)
    return errorReply(401, {
      code: 'unauthenticated',
      message: 'No valid session',
      hint: `Log in at ${ctx.prefix}/login`,
    });
  return json({ user: session.user, expiresAt: session.expiresAt } satisfies MeReply);
}

/** POST {prefix}/logout: revokes the session everywhere, or answers 503 when that cannot be recorded. */
export async function logout(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const refusal = crossSiteRefusal(call, ctx.origins.allowed(call), { json: true });
  if (refusal) return errorReply(refusal.code === 'json_required' ? 415 : 403, refusal);
  const cleared = [ctx.browser.sessionCookie(call, undefined)];
  const session = await ctx.browser.session(call);
  if (session) {
    try {
      await ctx.sessions.revoke(session);
    } catch (error) {
      ctx.logger.warn('logout could not be recorded; answering 503', {
        error: error instanceof Error ? error.message : String(error),
      });
      const reply = errorReply(503, {
        code: 'logout_not_recorded',
        message: 'The logout could not be recorded right now; this browser is logged out, try again',
        hint: 'The session store is unavailable',
      });
      reply.cookies = cleared;
      return reply;
    }
  }
  return { status: 204, headers: {}, cookies: cleared };
}
