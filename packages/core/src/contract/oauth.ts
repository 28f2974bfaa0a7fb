import type { Platform } from './platform.js';

/** An OAuth code lives five minutes and works once (both platforms). */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * What a `code` from the redirect looks like, as wxkit accepts it anywhere (core's exchange, the server kit's
 * session route): 1-512 URL-safe characters. The platforms hand out 32 letters and digits; the wider set leaves
 * room for a change on their side without letting whitespace, quotes or markup through.
 */
export const CODE_PATTERN = /^[\w\-.~+/=]{1,512}$/;

export const isCode = (value: unknown): value is string =>
  typeof value === 'string' && CODE_PATTERN.test(value);

/**
 * The errcodes that say a code can no longer be exchanged: invalid or already used (40029, both platforms),
 * used (40163, Official Account), expired (42003, both platforms). A login that meets one starts again.
 */
export const SPENT_CODE_ERRCODES: readonly number[] = [40029, 40163, 42003];

export const isSpentCodeErrcode = (errcode: unknown): boolean =>
  typeof errcode === 'number' && SPENT_CODE_ERRCODES.includes(errcode);

/**
 * The documented `state` rule: a-zA-Z0-9, at most 128 bytes (both platforms). The platforms pass back more than
 * that (the emulator follows them); what wxkit generates and accepts from callers keeps to the documented rule.
 */
export const STATE_PATTERN = /^[A-Za-z0-9]{1,128}$/;

export const isState = (value: unknown): value is string =>
  typeof value === 'string' && STATE_PATTERN.test(value);

/** The OAuth scopes of each platform; the first is the default (silent, identity only). */
export const OAUTH_SCOPES = {
  wecom: ['snsapi_base', 'snsapi_privateinfo'],
  oa: ['snsapi_base', 'snsapi_userinfo'],
} as const satisfies Record<Platform, readonly string[]>;

export type OAuthScope<P extends Platform = Platform> = (typeof OAUTH_SCOPES)[P][number];

export const isOAuthScope = <P extends Platform>(platform: P, value: unknown): value is OAuthScope<P> =>
  (OAUTH_SCOPES[platform] as readonly unknown[]).includes(value);
