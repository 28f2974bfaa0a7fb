import { isState } from '../contract/oauth.js';
import { inputError } from '../errors/place.js';

/** OAuth `state`: a-zA-Z0-9, at most 128 bytes (both platforms). */
export function assertState(state: unknown): string {
  if (!isState(state)) {
    throw inputError(
      `state must be 1-128 letters or digits (the platform drops anything else); got ${JSON.stringify(state)}`,
    );
  }
  return state;
}

export function assertRedirectUri(redirectUri: unknown): string {
  if (typeof redirectUri !== 'string') throw inputError(`redirectUri must be an absolute http(s) URL`);
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw inputError(`redirectUri "${redirectUri}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw inputError(`redirectUri must use http or https, got ${url.protocol}`);
  }
  if (url.searchParams.has('code')) {
    throw inputError(`redirectUri already carries a code parameter; strip it before building a new link`);
  }
  return redirectUri;
}

export function assertNonEmpty(name: string, value: unknown, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw inputError(`\`${name}\` is required (${hint})`);
  if (value !== value.trim()) throw inputError(`\`${name}\` has leading or trailing whitespace`);
  return value;
}
