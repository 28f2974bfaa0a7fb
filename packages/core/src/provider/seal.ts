import { createSecretKey } from 'node:crypto';
import { openText, sealKey, sealText } from '../crypto/seal.js';
import { inputError } from '../errors/place.js';

/**
 * Permanent codes at rest: core's one seal (crypto/seal.ts), the text itself (not JSON, so records sealed before
 * the seal was unified open unchanged), the record's own store key as additional authenticated data (a sealed code
 * copied into another corp's record does not open).
 */
export interface SecretSealer {
  seal(value: string, boundTo: string): string;
  /** The value, or undefined when it was not sealed by this secret for `boundTo` (or is damaged). */
  open(sealed: string, boundTo: string): string | undefined;
}

export const MIN_SEAL_SECRET = 32;

export function createSecretSealer(secret: unknown, purpose: string): SecretSealer {
  if (typeof secret !== 'string' || secret.length < MIN_SEAL_SECRET) {
    throw inputError(
      `\`sealSecret\` must be a string of at least ${MIN_SEAL_SECRET} characters (it encrypts the permanent codes in the store); generate one with \`openssl rand -base64 48\` and keep it beside the suite secret`,
    );
  }
  // Made once: the key object is reused by every seal and open.
  const key = createSecretKey(sealKey(secret, purpose));
  return {
    seal: (value, boundTo) => sealText(key, value, { aad: boundTo }),
    open: (sealed, boundTo) => openText(key, sealed, { aad: boundTo }),
  };
}
