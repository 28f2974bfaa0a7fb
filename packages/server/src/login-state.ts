import { pooledRandomBytes } from '@wxkit/core';
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
  /** Once done: a MAC of the code it was exchanged for, so that only that code is answered again (a reload). */
  usedCode?: string;
}

/**
 * Each login in flight has its own cookie, `wx_login_state.<id>` (the id a MAC of its nonce): two tabs that start a
 * login at the same moment each set their own and overwrite nothing. A browser keeps at most MAX_PENDING_LOGINS;
 * starting one more drops the oldest (finished ones first).
 */
export const STATE_COOKIE = 'wx_login_state';
export const MAX_PENDING_LOGINS = 4;
export const STATE_TTL_MS = 10 * 60_000;
export const MAX_LOGIN_ATTEMPTS = 3;

export function openLoginState(sealer: Sealer, cookieValue: string | undefined, now: number) {
  const state = sealer.open<LoginState>('login', cookieValue);
  if (!state || typeof state.nonce !== 'string' || typeof state.redirect !== 'string') return undefined;
  return state.expiresAt > now ? state : undefined;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The largest multiple of 62 below 256: bytes at or above it are skipped, so every character is equally likely. */
const UNBIASED = 256 - (256 % ALPHANUMERIC.length);

/** A fresh `state` for the platform: letters and digits only (both platforms pass it back unchanged). */
export const newNonce = (length = 24): string => {
  let nonce = '';
  while (nonce.length < length) {
    // A few bytes more than needed: about 3% are skipped, and another draw follows when too many were.
    for (const byte of pooledRandomBytes(length - nonce.length + 8)) {
      if (byte < UNBIASED) nonce += ALPHANUMERIC[byte % ALPHANUMERIC.length];
      if (nonce.length === length) break;
    }
  }
  return nonce;
};

export const sealLoginState = (sealer: Sealer, state: LoginState) => sealer.seal('login', state);
