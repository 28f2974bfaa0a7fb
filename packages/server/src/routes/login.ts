import type { WeComClient } from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { STATE_COOKIE } from '../context.js';
import { cookie, errorReply, redirect } from '../http.js';
import { clientKind, safeRedirectPath } from '../redirect.js';

const STATE_TTL_MS = 10 * 60_000;

export interface LoginState {
  redirect: string;
  mode: 'callback' | 'spa';
}

/** GET {prefix}/login?redirect=/path[&mode=spa]: a random state bound to this browser, then the authorize URL. */
export async function login(ctx: ServerContext, call: WxCall): Promise<WxReply> {
  const { searchParams } = call.url;
  const target = safeRedirectPath(searchParams.get('redirect'));
  if (target === undefined) {
    return errorReply(400, {
      code: 'bad_redirect',
      message: 'redirect must be a path on this site, like /survey?id=1',
      hint: 'Absolute URLs, //host and backslashes are refused (open redirect)',
    });
  }
  const mode = searchParams.get('mode') === 'spa' ? 'spa' : 'callback';
  const origin = ctx.origin(call);
  const state = ctx.random(24);
  const record: LoginState = { redirect: target, mode };
  await ctx.store.set(`${ctx.prefix}:login:${state}`, JSON.stringify(record), STATE_TTL_MS);
  // SPA mode: the code lands on the page itself, which posts it to {prefix}/session.
  const landing = mode === 'spa' ? new URL(target, origin) : new URL(`${ctx.prefix}/callback`, origin);
  landing.searchParams.delete('code');
  landing.searchParams.delete('state');
  const redirectUri = landing.toString().replace(/#.*$/, '');
  const kind = clientKind(call.header('user-agent') ?? null);
  let location: string;
  if (ctx.client.platform === 'wecom') {
    const wecom = ctx.client as WeComClient;
    location =
      kind === 'browser' && ctx.webLogin === 'qr'
        ? wecom.oauth.webLoginUrl({ redirectUri, state })
        : wecom.oauth.authorizeUrl({ redirectUri, state, scope: ctx.scope as 'snsapi_base' });
  } else {
    location = ctx.client.oauth.authorizeUrl({ redirectUri, state, scope: ctx.scope as 'snsapi_base' });
  }
  return redirect(location, [
    cookie(STATE_COOKIE, state, {
      maxAge: STATE_TTL_MS / 1000,
      secure: origin.protocol === 'https:',
      path: '/',
    }),
  ]);
}
