import type { Sealer } from './seal.js';

/** The login in progress, sealed into the browser's cookie: nothing is stored on the server before the platform answers. */
export interface LoginState {
  /** The `state` sent to the platform. */
  nonce: string;
  /** Where to go afterwards (a checked same-site path). */
  redirect: string;
  mode: 'callback' | 'spa';
  expiresAt: number;
  /** Authorize round trips of this login so far; the loop guard stops at MAX_LOGIN_ATTEMPTS. */
  attempts: number;
  /** The errcode (or kit code) that made the last attempt fail, for the page the guard shows. */
  lastError?: number | string;
  /** Set once the login succeeded; the next login starts counting afresh. */
  done?: true;
  /** A provider's 代开发 app: the corp of `?corp=`, whose OAuth the code comes from. */
  corpId?: string;
}

export const STATE_COOKIE = 'wx_login_state';
export const STATE_TTL_MS = 10 * 60_000;
export const MAX_LOGIN_ATTEMPTS = 3;

export function openLoginState(sealer: Sealer, cookieValue: string | undefined, now: number) {
  const state = sealer.open<LoginState>('login', cookieValue);
  if (!state || typeof state.nonce !== 'string' || typeof state.redirect !== 'string') return undefined;
  return state.expiresAt > now ? state : undefined;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh `state` for the platform: letters and digits only (both platforms pass it back unchanged). */
export const newNonce = (length = 24) =>
  Array.from(
    crypto.getRandomValues(new Uint8Array(length)),
    (b) => ALPHANUMERIC[b % ALPHANUMERIC.length],
  ).join('');

export const sealLoginState = (sealer: Sealer, state: LoginState) => sealer.seal('login', state);
