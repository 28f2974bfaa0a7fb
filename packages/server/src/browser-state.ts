import { createHmac } from 'node:crypto';
import type { WxCall } from './call.js';
import { cookie, parseCookies } from './http.js';
import {
  type LoginState,
  openLoginState,
  STATE_COOKIE,
  STATE_TTL_MS,
  sealLoginState,
} from './login-state.js';
import type { Origins } from './origin.js';
import type { Sealer } from './seal.js';
import type { Session, Sessions } from './session.js';

type Where = Pick<WxCall, 'url' | 'header' | 'remoteAddress'>;

/** What a browser carries for the kit (the session and the login in progress), read from and written to cookies. */
export interface BrowserState {
  /** The session of a request (Authorization: Bearer, else the cookie); needs the headers only. */
  session(call: Pick<WxCall, 'header'>): Promise<Session | undefined>;
  sessionCookie(call: Where, session: Session | undefined): string;
  /** The login state this browser carries, if it is ours and unexpired. */
  loginState(call: Pick<WxCall, 'header'>): LoginState | undefined;
  loginStateCookie(call: Where, state: LoginState | undefined): string;
  /** What ties a code exchange to the login that started it (a MAC of the state's nonce). */
  binding(nonce: string): string;
}

export function createBrowserState(options: {
  sessions: Sessions;
  sealer: Sealer;
  secret: string;
  cookieName: string;
  prefix: string;
  origins: Origins;
  clock: () => number;
}): BrowserState {
  const { sessions, sealer, secret, cookieName, prefix, origins, clock } = options;
  const secure = (call: Where) => origins.of(call).protocol === 'https:';
  const bearer = (call: Pick<WxCall, 'header'>) =>
    /^Bearer (\S+)$/.exec(call.header('authorization') ?? '')?.[1];
  return {
    session: (call) => sessions.read(bearer(call) ?? parseCookies(call.header('cookie'))[cookieName]),
    sessionCookie: (call, session) =>
      cookie(cookieName, session?.token ?? '', {
        maxAge: session ? (session.expiresAt - clock()) / 1000 : 0,
        secure: secure(call),
      }),
    loginState: (call) => openLoginState(sealer, parseCookies(call.header('cookie'))[STATE_COOKIE], clock()),
    loginStateCookie: (call, state) =>
      // Scoped to the kit's own routes (login, callback, session are all under the prefix), so two kits on one
      // origin (a WeCom app at /wx, an Official Account at /oa/wx) never overwrite each other's login state.
      cookie(STATE_COOKIE, state ? sealLoginState(sealer, state) : '', {
        maxAge: state ? Math.min(STATE_TTL_MS, state.expiresAt - clock()) / 1000 : 0,
        secure: secure(call),
        path: prefix,
      }),
    binding: (nonce) =>
      createHmac('sha256', secret).update(`wxkit-login-binding:${nonce}`).digest('base64url'),
  };
}
