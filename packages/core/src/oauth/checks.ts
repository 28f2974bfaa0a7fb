import { isState } from '../contract/oauth.js';
import { WxConfigError } from '../errors/errors.js';

/** OAuth `state`: a-zA-Z0-9, at most 128 bytes (both platforms). */
export function assertState(pkg: string, state: unknown): string {
  if (!isState(state)) {
    throw new WxConfigError(
      `${pkg}: state must be 1-128 letters or digits (the platform drops anything else); got ${JSON.stringify(state)}`,
    );
  }
  return state;
}

export function assertRedirectUri(pkg: string, redirectUri: unknown): string {
  if (typeof redirectUri !== 'string')
    throw new WxConfigError(`${pkg}: redirectUri must be an absolute http(s) URL`);
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw new WxConfigError(`${pkg}: redirectUri "${redirectUri}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WxConfigError(`${pkg}: redirectUri must use http or https, got ${url.protocol}`);
  }
  if (url.searchParams.has('code')) {
    throw new WxConfigError(
      `${pkg}: redirectUri already carries a code parameter; strip it before building a new link`,
    );
  }
  return redirectUri;
}

export function assertNonEmpty(pkg: string, name: string, value: unknown, hint: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new WxConfigError(`${pkg}: \`${name}\` is required (${hint})`);
  if (value !== value.trim())
    throw new WxConfigError(`${pkg}: \`${name}\` has leading or trailing whitespace`);
  return value;
}
