import { createHmac, createSecretKey } from 'node:crypto';
import type { WxCall } from './call.js';
import { cookie, parseCookies } from './http.js';
import {
  type LoginState,
  MAX_PENDING_LOGINS,
  openLoginState,
  STATE_COOKIE,
  STATE_TTL_MS,
  sealLoginState,
} from './login-state.js';
import type { Origins } from './origin.js';
import type { Sealer } from './seal.js';
import type { Session, Sessions } from './session.js';

type Where = Pick<WxCall, 'url' | 'header' | 'remoteAddress'>;

/** What a browser carries for the kit (the session and the logins in progress), read from and written to cookies. */
export interface BrowserState {
  /** The session of a request (Authorization: Bearer, else the cookie); needs the headers only. */
  session(call: Pick<WxCall, 'header'>): Promise<Session | undefined>;
  sessionCookie(call: Where, session: Session | undefined): string;
  /** The login this browser started with `state` (the platform's parameter), if it is ours and unexpired. */
  loginState(call: Pick<WxCall, 'header'>, state: unknown): LoginState | undefined;
  /** Every login this browser has in flight or just finished, oldest first. */
  loginStates(call: Pick<WxCall, 'header'>): LoginState[];
  /** The cookie that keeps `state`, or (with `clear`) removes it. */
  loginStateCookie(call: Where, state: LoginState, clear?: 'clear'): string;
  /** Starts `state`: its cookie, and the removal of the oldest logins beyond MAX_PENDING_LOGINS and of dead cookies. */
  startLogin(call: Where, state: LoginState, drop?: LoginState): string[];
  /** What ties a code exchange to the login that started it (a MAC of the state's nonce). */
  binding(nonce: string): string;
  /** A MAC of a code, kept in a finished login so that only the same code is answered again. */
  codeMark(code: string): string;
}

/** More cookies of ours than this in one request are not opened (a browser holds at most MAX_PENDING_LOGINS). */
const MAX_OPENED = 16;

export function createBrowserState(options: {
  sessions: Sessions;
  sealer: Sealer;
  secret: string;
  cookieName: string;
  prefix: string;
  origins: Origins;
  clock: () => number;
  /** The app's check that a session's member still belongs (AppStrategy.memberStillHere). */
  memberStillHere?: ((member: Session['user']) => Promise<boolean>) | undefined;
}): BrowserState {
  const { sessions, sealer, secret, cookieName, prefix, origins, clock, memberStillHere } = options;
  // One key object for the server's life: createHmac with the raw secret built a new one on every cookie.
  const macKey = createSecretKey(Buffer.from(secret, 'utf8'));
  const mac = (label: string, value: string) =>
    createHmac('sha256', macKey).update(`${label}:${value}`).digest('base64url');
  const secure = (call: Where) => origins.of(call).protocol === 'https:';
  const bearer = (call: Pick<WxCall, 'header'>) =>
    /^Bearer (\S+)$/.exec(call.header('authorization') ?? '')?.[1];
  // A login's cookie name is looked up when its code comes back and again when it is re-sealed as done: the last
  // one is kept so the second costs no HMAC.
  let named = { nonce: '', name: '' };
  const nameOf = (nonce: string) => {
    if (named.nonce !== nonce)
      named = { nonce, name: `${STATE_COOKIE}.${mac('wxkit-login-cookie', nonce).slice(0, 12)}` };
    return named.name;
  };
  const ours = (call: Pick<WxCall, 'header'>) =>
    Object.entries(parseCookies(call.header('cookie')))
      .filter(([name]) => name.startsWith(`${STATE_COOKIE}.`))
      .slice(0, MAX_OPENED);
  // Scoped to the kit's own routes (login, callback, session are all under the prefix), so two kits on one origin
  // (a WeCom app at /wx, an Official Account at /oa/wx) never overwrite each other's login state.
  const write = (call: Where, name: string, value: string, maxAgeMs: number) =>
    cookie(name, value, { maxAge: maxAgeMs / 1000, secure: secure(call), path: prefix });
  const stateCookie = (call: Where, state: LoginState, clear?: 'clear') =>
    clear
      ? write(call, nameOf(state.nonce), '', 0)
      : write(
          call,
          nameOf(state.nonce),
          sealLoginState(sealer, state),
          Math.min(STATE_TTL_MS, state.expiresAt - clock()),
        );
  const opened = (call: Pick<WxCall, 'header'>) =>
    ours(call).map(([name, value]) => {
      const state = openLoginState(sealer, value, clock());
      // A state sealed under another cookie's name (copied across) is not this login's.
      return { name, state: state && nameOf(state.nonce) === name ? state : undefined };
    });

  return {
    async session(call) {
      const session = await sessions.read(bearer(call) ?? parseCookies(call.header('cookie'))[cookieName]);
      return session && memberStillHere && !(await memberStillHere(session.user)) ? undefined : session;
    },
    sessionCookie: (call, session) =>
      cookie(cookieName, session?.token ?? '', {
        maxAge: session ? (session.expiresAt - clock()) / 1000 : 0,
        secure: secure(call),
      }),
    loginState(call, nonce) {
      if (typeof nonce !== 'string' || nonce === '') return undefined;
      const state = openLoginState(sealer, parseCookies(call.header('cookie'))[nameOf(nonce)], clock());
      return state && sameText(state.nonce, nonce) ? state : undefined;
    },
    loginStates: (call) =>
      opened(call)
        .flatMap(({ state }) => (state ? [state] : []))
        .sort((a, b) => a.expiresAt - b.expiresAt),
    loginStateCookie: stateCookie,
    startLogin(call, state, drop) {
      const all = opened(call);
      const dead = all.filter((c) => !c.state).map((c) => write(call, c.name, '', 0));
      const live = all
        .flatMap(({ state: s }) => (s && s.nonce !== drop?.nonce ? [s] : []))
        // Finished logins go first, then the oldest.
        .sort((a, b) => Number(Boolean(b.done)) - Number(Boolean(a.done)) || a.expiresAt - b.expiresAt);
      const evicted = live.slice(0, Math.max(0, live.length - (MAX_PENDING_LOGINS - 1)));
      return [
        ...dead,
        ...(drop ? [stateCookie(call, drop, 'clear')] : []),
        ...evicted.map((s) => stateCookie(call, s, 'clear')),
        stateCookie(call, state),
      ];
    },
    binding: (nonce) => mac('wxkit-login-binding', nonce),
    codeMark: (code) => mac('wxkit-login-code', code).slice(0, 22),
  };
}

/** Compares in time that depends on the length only (the nonce is a secret of this browser). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
