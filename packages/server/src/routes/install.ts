import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { WxCall, WxReply } from '../call.js';
import { cookie, errorReply, parseCookies, redirect } from '../http.js';
import type { Origins } from '../origin.js';
import type { CommandContext, CommandSetup } from './commands.js';

const INSTALL_COOKIE = 'wx_install_state';
const INSTALL_TTL_S = 20 * 60; // a pre_auth_code lives 20 minutes (doc 90601)

export interface InstallContext {
  prefix: string;
  origins: Origins;
  setup: CommandSetup;
  commands: CommandContext;
  /** 1 for a test install (test corps only, doc 90602), 0 for a live one. */
  authType: 0 | 1;
  /** Where the installing admin lands once the corp is registered (a path of your site). */
  done: string;
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * GET {prefix}/suite/install: pre_auth_code, set_session_info with the same code, then the platform's install
 * page; a random state in a cookie of this browser ties the return to this start.
 */
export async function startInstall(ctx: InstallContext, call: WxCall): Promise<WxReply> {
  const { suite } = ctx.setup;
  const { preAuthCode } = await suite.install.preAuthCode();
  await suite.install.setSessionInfo({ preAuthCode, authType: ctx.authType });
  const state = randomBytes(24).toString('hex'); // a-z0-9, within the platform's 128 letters or digits
  const origin = ctx.origins.of(call);
  const location = suite.install.installUrl({
    preAuthCode,
    redirectUri: `${origin.origin}${ctx.prefix}/suite/installed`,
    state,
  });
  const secure = origin.protocol === 'https:';
  return redirect(location, [
    cookie(INSTALL_COOKIE, state, { maxAge: INSTALL_TTL_S, secure, path: ctx.prefix }),
  ]);
}

/**
 * GET {prefix}/suite/installed?auth_code&state: the code is recorded first (as a create_auth push is), then spent
 * now; the admin is sent to `done` with the corp once it is registered.
 */
export async function finishInstall(ctx: InstallContext, call: WxCall): Promise<WxReply> {
  const params = call.url.searchParams;
  const authCode = params.get('auth_code') ?? '';
  const state = params.get('state') ?? '';
  const expected = parseCookies(call.header('cookie'))[INSTALL_COOKIE] ?? '';
  if (!expected || !same(expected, state))
    return errorReply(403, {
      code: 'install_state_mismatch',
      message: 'This install was not started in this browser, or has expired',
      hint: `Start again at ${ctx.prefix}/suite/install`,
    });
  if (!authCode)
    return errorReply(400, { code: 'bad_request', message: 'auth_code is missing from the install return' });
  const { suite } = ctx.setup;
  const tenant = await ctx.commands.queue.spendNow(authCode);
  if (!tenant)
    return errorReply(502, {
      code: 'install_failed',
      message: `The install of suite ${suite.suiteId} could not be completed (get_permanent_code failed)`,
      hint: 'See the server log; a transient failure is retried on the next command push',
    });
  const secure = ctx.origins.of(call).protocol === 'https:';
  const clear = cookie(INSTALL_COOKIE, '', { maxAge: 0, secure, path: ctx.prefix });
  const target = new URL(ctx.done, ctx.origins.of(call));
  target.searchParams.set('corp_id', tenant.corpId);
  return redirect(target.pathname + target.search, [clear]);
}
