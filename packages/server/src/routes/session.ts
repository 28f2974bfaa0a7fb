import { createHash } from 'node:crypto';
import { isWxApiError, type OfficialAccountClient, type WeComClient } from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import { type ServerContext, STATE_COOKIE } from '../context.js';
import { cookie, errorReply, fromError, json, parseCookies, redirect } from '../http.js';
import type { Session } from '../session.js';
import type { LoginState } from './login.js';

const CODE_MS = 5 * 60_000;
const CODE_GONE = new Set([40029, 40163, 42003]);
const MAX_BODY = 4096;

type Exchanged = { session: Session; redirect: string };
type Refused = { refused: WxReply; code: string };

const refuse = (status: number, body: Parameters<typeof errorReply>[1]): Refused => ({
  refused: errorReply(status, body),
  code: body.code,
});

async function exchange(
  ctx: ServerContext,
  call: WxCall,
  code: unknown,
  state: unknown,
): Promise<Exchanged | Refused> {
  if (typeof code !== 'string' || !/^[\w\-.~+/=]{1,512}$/.test(code)) {
    return refuse(400, {
      code: 'bad_code',
      message: 'code is missing or malformed',
      errcode: 41008,
      hint: 'Pass the code from the redirect unchanged',
    });
  }
  if (typeof state !== 'string' || !/^[A-Za-z0-9]{1,128}$/.test(state)) {
    return refuse(400, {
      code: 'bad_state',
      message: 'state is missing or malformed',
      hint: `Start the login at ${ctx.prefix}/login`,
    });
  }
  const codeKey = `${ctx.prefix}:code-session:${createHash('sha256').update(code).digest('hex').slice(0, 32)}`;
  const lock = await ctx.store.lock?.(`${codeKey}:lock`, { ttlMs: 15_000, waitMs: 15_000 });
  try {
    // The same code again within its life (reload, back button, double 302, another instance): the same session.
    const remembered = await ctx.store.get(codeKey);
    if (remembered) {
      const { token, redirect: target } = JSON.parse(remembered) as { token: string; redirect: string };
      const session = await ctx.sessions.read(token);
      if (session) return { session, redirect: target };
    }
    const stateKey = `${ctx.prefix}:login:${state}`;
    const raw = await ctx.store.get(stateKey);
    if (!raw) {
      return refuse(400, {
        code: 'state_unknown',
        message: 'This login link has expired or was not issued here',
        hint: `Start again at ${ctx.prefix}/login`,
      });
    }
    if (parseCookies(call.header('cookie'))[STATE_COOKIE] !== state) {
      return refuse(403, {
        code: 'state_mismatch',
        message: 'The login state does not belong to this browser',
        hint: 'Cookies must be enabled; finish the login in the browser that started it',
      });
    }
    const { redirect: target } = JSON.parse(raw) as LoginState;
    const identity =
      ctx.client.platform === 'wecom'
        ? { platform: 'wecom' as const, identity: await (ctx.client as WeComClient).oauth.exchangeCode(code) }
        : {
            platform: 'oa' as const,
            token: await (ctx.client as OfficialAccountClient).oauth.exchangeCode(code),
          };
    const session = await ctx.sessions.create(await ctx.loadUser(identity));
    await ctx.store.set(codeKey, JSON.stringify({ token: session.token, redirect: target }), CODE_MS);
    await ctx.store.delete(stateKey);
    return { session, redirect: target };
  } catch (error) {
    if (isWxApiError(error) && CODE_GONE.has(error.errcode)) {
      return refuse(401, {
        code: 'code_used_or_expired',
        message: 'This login code was already used or is older than 5 minutes',
        errcode: error.errcode,
        hint: error.hint,
      });
    }
    ctx.logger.error('code exchange failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    return { refused: fromError(error), code: 'exchange_failed' };
  } finally {
    await lock?.release();
  }
}

const clearState = (origin: URL) =>
  cookie(STATE_COOKIE, '', { maxAge: 0, secure: origin.protocol === 'https:' });

/** GET {prefix}/callback?code&state: server-rendered apps; ends with a 302 to the saved path, without the code. */
export async function callback(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const code = call.url.searchParams.get('code');
  const origin = ctx.origin(call);
  if (!code) {
    // Declined on the authorize page: only state comes back.
    return errorReply(401, {
      code: 'declined',
      message: 'The login was declined or cancelled',
      hint: `Start again at ${ctx.prefix}/login`,
    });
  }
  const result = await exchange(ctx, call, code, call.url.searchParams.get('state'));
  if ('refused' in result) {
    if (result.code !== 'code_used_or_expired' && result.code !== 'state_unknown') return result.refused;
    // An old link still carrying a used code: the session if there is one, else a fresh login — never a 40029 page.
    if (await ctx.currentSession(call)) return redirect(new URL('/', origin).toString());
    return redirect(`${ctx.prefix}/login?redirect=%2F`);
  }
  return redirect(new URL(result.redirect, origin).toString(), [
    ctx.sessionCookie(call, result.session),
    clearState(origin),
  ]);
}

/** POST {prefix}/session {code, state}: single-page apps; answers { user, token, expiresAt }. */
export async function createSession(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const text = await call.text(MAX_BODY);
  if (text === undefined)
    return errorReply(413, { code: 'too_large', message: `The body is larger than ${MAX_BODY} bytes` });
  let body: { code?: unknown; state?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return errorReply(400, { code: 'bad_json', message: 'Send JSON: {"code": "...", "state": "..."}' });
  }
  const result = await exchange(ctx, call, body?.code, body?.state);
  if ('refused' in result) return result.refused;
  return json(
    {
      user: result.session.user,
      token: result.session.token,
      expiresAt: result.session.expiresAt,
      redirect: result.redirect,
    },
    200,
    [ctx.sessionCookie(call, result.session), clearState(ctx.origin(call))],
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
  return json({ user: session.user, expiresAt: session.expiresAt });
}

export async function logout(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const session = await ctx.currentSession(call);
  await ctx.sessions.revoke(session?.token);
  return { status: 204, headers: {}, cookies: [ctx.sessionCookie(call, undefined)] };
}
