import { hash, timingSafeEqual } from 'node:crypto';
import { WxCryptoError } from '../errors/errors.js';

const SHA1_HEX = /^[0-9a-fA-F]{40}$/;

/**
 * The platforms' callback signature: sha1 of the parts sorted as strings and joined, lower-case hex.
 * Safe mode signs [token, timestamp, nonce, Encrypt] (`msg_signature`); the Official Account's URL check and
 * plaintext mode sign [token, timestamp, nonce] only (`signature`), which covers no part of the body.
 */
export const callbackSignature = (parts: readonly string[]): string =>
  hash('sha1', [...parts].sort().join(''), 'hex');

/** Throws -40003 when a part is missing and -40001 when `given` is not the signature of `parts`. */
export function assertCallbackSignature(given: string, parts: readonly string[], name: string): void {
  if (parts.some((p) => typeof p !== 'string' || p === '') || typeof given !== 'string' || given === '') {
    throw new WxCryptoError(`${name}, timestamp, nonce and the payload are all required`, {
      errcode: -40003,
    });
  }
  const actual = hash('sha1', [...parts].sort().join(''), 'buffer');
  const expected = SHA1_HEX.test(given) ? Buffer.from(given, 'hex') : undefined;
  if (!expected || !timingSafeEqual(actual, expected)) {
    throw new WxCryptoError(`${name} does not match: wrong Token, or the request was altered`, {
      errcode: -40001,
    });
  }
}

export interface PlainSignatureQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

/**
 * Official Account `signature` (URL check, plaintext mode, and the extra one on encrypted messages):
 * sha1 of sorted [token, timestamp, nonce]. Throws a WxCryptoError when it does not match.
 */
export function assertPlainSignature(token: string, query: PlainSignatureQuery): void {
  assertCallbackSignature(query.signature, [token, query.timestamp, query.nonce], 'signature');
}
