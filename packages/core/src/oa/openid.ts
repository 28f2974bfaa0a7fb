import { inputError } from '../errors/place.js';

/**
 * An openid as the platform writes them: 28 URL-safe characters for real accounts (`o6_bmjrPTlm6_2sgVt7hMZOPfL2M`);
 * any 1-64 of [A-Za-z0-9_-] is accepted so emulator seeds can use readable ones. The platform answers 40003.
 */
/** The openid shape both core and the emulator check. */
export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function assertOpenid(name: string, value: unknown): string {
  if (typeof value !== 'string' || !OPENID_PATTERN.test(value))
    throw inputError(
      `${name} must be a follower's openid of this account (URL-safe characters, usually 28); got ${JSON.stringify(value)} (the platform answers 40003)`,
    );
  return value;
}
