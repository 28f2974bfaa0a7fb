import { timingSafeEqual } from 'node:crypto';
import {
  isState,
  isWxApiError,
  isWxConfigError,
  type MeReply,
  type OfficialAccountClient,
  type SessionRefusal,
  type SessionReply,
  type WeComClient,
} from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { crossSiteRefusal } from '../csrf.js';
import { loginErrorPage } from '../error-page.js';
import { type ErrorBody, errorReply, json, redirect } from '../http.js';
import { countLogin } from '../login-metrics.js';
import type { LoginState } from '../login-state.js';
import { isUnreachable, platformCondition } from '../platform-watch.js';
import { safeRedirectPath, siteLocation } from '../redirect.js';
import type { Session } from '../session.js';
import { loginLink } from './login.js';

const CODE_GONE = new Set([40029, 40163, 42003]);
const MAX_BODY = 4096;
const CODE_SHAPE = /^[\w\-.~+/=]{1,512}$/;

type Outcome =
  | { ok: true; session: Session; state: LoginState }
  /** Start the login again (same target): nothing the admin must fix, and the loop guard counts it. */
  | { ok: false; restart: true; status: number; error: ErrorBody; state: LoginState | undefined }
  /** Show the error: retrying cannot help until someone fixes something. */
  | { ok: false; restart: false; status: number; error: ErrorBody; state: LoginState | undefined };

const sameText = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The code → session step for both modes. A code proves nothing by itself: it is exchanged only for the browser
 * whose sealed login state names the same `state`, and a repeat of the same code is answered from core's
 * memo only for that same login (the binding). Anyone else holding the code is told to start again.
 */
async function exchange(
  ctx: ServerContext,
  call: WxCall,
  code: unknown,
  stateParam: unknown,
): Promise<Outcome> {
  const state = ctx.loginState(call);
  if (typeof code !== 'string' || !CODE_SHAPE.test(code)) {
    return {
      ok: false,
      restart: false,
      status: 400,
      state,
      error: {
        code: 'bad_code',
        message: 'code is missing or malformed',
        errcode: 41008,
        hint: 'Pass the code from the redirect unchanged',
      },
    };
  }
  if (!isState(stateParam) || !state) {
    return {
      ok: false,
      restart: true,
      status: 400,
      state,
      error: {
        code: 'state_unknown',
        message: 'This login was not started in this browser, or has expired',
        hint: `Start again at ${ctx.prefix}/login`,
      },
    };
  }
  if (!sameText(state.nonce, stateParam)) {
    return {
      ok: false,
      restart: true,
      status: 403,
      state,
      error: {
        code: 'state_mismatch',
        message: 'The login state does not belong to this browser',
        hint: 'Cookies must be enabled; finish the login in the browser that started it',
      },
    };
  }
  try {
    const binding = { binding: ctx.binding(state.nonce) };
    const identity =
      ctx.client.platform === 'wecom'
        ? {
            platform: 'wecom' as const,
            identity: await (ctx.client as WeComClient).oauth.exchangeCode(code, binding),
          }
        : {
            platform: 'oa' as const,
            token: await (ctx.client as OfficialAccountClient).oauth.exchangeCode(code, binding),
          };
    const session = ctx.sessions.create(await ctx.loadUser(identity));
    platformCondition(ctx.client, ctx.logger).resolve();
    return { ok: true, session, state };
  } catch (error) {
    return failure(ctx, error, state);
  }
}

function failure(ctx: ServerContext, error: unknown, state: LoginState): Outcome {
  if (isWxApiError(error) && CODE_GONE.has(error.errcode)) {
    return {
      ok: false,
      restart: true,
      status: 401,
      state,
      error: {
        code: 'code_used_or_expired',
        message: 'This login code was already used or is older than 5 minutes',
        errcode: error.errcode,
        hint: error.hint,
      },
    };
  }
  // Core already retried transient faults within its deadline; one more authorize round trip may still help.
  if (isUnreachable(error)) {
    platformCondition(ctx.client, ctx.logger).report(
      `code exchange failed after retries; restarting the login (${(error as Error).message})`,
    );
    return {
      ok: false,
      restart: true,
      status: 503,
      state,
      error: {
        code: 'platform_unreachable',
        message: 'The platform did not answer in time',
        ...(isWxApiError(error) ? { errcode: error.errcode } : {}),
        hint: 'Try again in a moment',
      },
    };
  }
  if (isWxApiError(error)) {
    ctx.logger.error('code exchange failed', { error: error.message });
    return {
      ok: false,
      restart: false,
      status: 502,
      state,
      error: {
        code: 'platform_error',
        message: `${error.host ?? ''}${error.path} answered errcode ${error.errcode}`,
        errcode: error.errcode,
        hint: error.hint,
      },
    };
  }
  ctx.logger.error('code exchange failed', { error: error instanceof Error ? error.message : String(error) });
  return {
    ok: false,
    restart: false,
    status: isWxConfigError(error) ? 400 : 500,
    state,
    error: isWxConfigError(error)
      ? { code: 'bad_request', message: error.message }
      : { code: 'internal', message: 'The login failed on the server', hint: 'See the server log' },
  };
}

/** The state cookie after a failed attempt: it remembers why, for the page the loop guard shows. */
const failedState = (ctx: ServerContext, call: WxCall, outcome: Extract<Outcome, { ok: false }>) =>
  outcome.state
    ? [
        ctx.loginStateCookie(call, {
          ...outcome.state,
          lastError: outcome.error.errcode ?? outcome.error.code,
        }),
      ]
    : [];

const succeeded = (ctx: ServerContext, call: WxCall, session: Session, state: LoginState) => [
  ctx.sessionCookie(call, session),
  // Kept (marked done) so that a reload of the same callback finds its login; the next login counts afresh.
  ctx.loginStateCookie(call, { ...state, done: true, attempts: 0 }),
];

/** GET {prefix}/callback?code&state: server-rendered apps; ends with a 302 to the saved path, without the code. */
export async function callback(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const params = call.url.searchParams;
  const origin = ctx.origin(call);
  const state = ctx.loginState(call);
  const target = safeRedirectPath(state?.redirect) ?? '/';
  const code = params.get('code');
  if (!code) {
    // Declined on the authorize page: only state comes back.
    return loginErrorPage(
      { code: 'declined', retry: loginLink(ctx, target, 'callback') },
      ctx.client.platform,
      401,
    );
  }
  // A reload of a callback that already logged this browser in: where it was going, no second exchange.
  if (state?.done && state.nonce === params.get('state') && (await ctx.currentSession(call)))
    return redirect(siteLocation(origin, target));
  const outcome = countLogin(await exchange(ctx, call, code, params.get('state')));
  if (outcome.ok)
    return redirect(siteLocation(origin, target), succeeded(ctx, call, outcome.session, outcome.state));
  if (outcome.restart) {
    // An old link with a used code, in a browser that is logged in: just go on.
    if (outcome.error.code !== 'platform_unreachable' && (await ctx.currentSession(call)))
      return redirect(siteLocation(origin, target));
    return redirect(`${origin.origin}${loginLink(ctx, target, 'callback')}`, failedState(ctx, call, outcome));
  }
  const reply = loginErrorPage(
    {
      code: outcome.error.code,
      errcode: outcome.error.errcode,
      retry: loginLink(ctx, target, 'callback'),
    },
    ctx.client.platform,
    outcome.status,
  );
  reply.cookies = failedState(ctx, call, outcome);
  return reply;
}

/** POST {prefix}/session {code, state}: single-page apps; answers { user, token, expiresAt, redirect }. */
export async function createSession(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const refusal = crossSiteRefusal(call, ctx.allowedOrigins(call), { json: true });
  if (refusal) return errorReply(refusal.code === 'json_required' ? 415 : 403, refusal);
  const text = await call.text(MAX_BODY);
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
      { error: outcome.error, restart: outcome.restart } satisfies SessionRefusal,
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
      redirect: safeRedirectPath(outcome.state.redirect) ?? '/',
    } satisfies SessionReply,
    200,
    succeeded(ctx, call, outcome.session, outcome.state),
  );
}

export async function me(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const session = await ctx.currentSession(call);
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
  const refusal = crossSiteRefusal(call, ctx.allowedOrigins(call), { json: true });
  if (refusal) return errorReply(refusal.code === 'json_required' ? 415 : 403, refusal);
  const cleared = [ctx.sessionCookie(call, undefined)];
  const session = await ctx.currentSession(call);
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
