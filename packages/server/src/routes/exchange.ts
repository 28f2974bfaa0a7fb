import { isWxApiError, isWxConfigError } from '@wxkit/core';
import { isCode, isSpentCodeErrcode, isState } from '@wxkit/core/contract';
import type { WxCall } from '../call.js';
import type { ServerContext } from '../context.js';
import type { ErrorBody } from '../http.js';
import type { LoginState } from '../login-state.js';
import { isUnreachable, platformCondition } from '../platform-watch.js';
import type { Session } from '../session.js';

export type Outcome =
  | { ok: true; session: Session; state: LoginState }
  /** Start the login again (same target): nothing the admin must fix, and the loop guard counts it. */
  | { ok: false; restart: true; status: number; error: ErrorBody; state: LoginState | undefined }
  /** Show the error: retrying cannot help until someone fixes something. */
  | { ok: false; restart: false; status: number; error: ErrorBody; state: LoginState | undefined };

/** Compares in time that depends on the length only (the nonce is a secret of this browser). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The code → session step for both modes. A code proves nothing by itself: it is exchanged only for the browser
 * whose sealed login state names the same `state`, and a repeat of the same code is answered from core's
 * memo only for that same login (the binding). Anyone else holding the code is told to start again.
 */
export async function exchange(
  ctx: ServerContext,
  call: WxCall,
  code: unknown,
  stateParam: unknown,
): Promise<Outcome> {
  const state = ctx.browser.loginState(call);
  if (!isCode(code)) {
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
    const identity = await ctx.app.exchangeCode(code, {
      binding: ctx.browser.binding(state.nonce),
      ...(state.corpId ? { corpId: state.corpId } : {}),
    });
    const session = ctx.sessions.create(await ctx.loadUser(identity));
    platformCondition(ctx.app, ctx.logger).resolve();
    return { ok: true, session, state };
  } catch (error) {
    return failure(ctx, error, state);
  }
}

function failure(ctx: ServerContext, error: unknown, state: LoginState): Outcome {
  if (isWxApiError(error) && isSpentCodeErrcode(error.errcode)) {
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
    platformCondition(ctx.app, ctx.logger).report(
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
