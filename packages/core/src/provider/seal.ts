import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { WxConfigError } from '../errors/errors.js';

/**
 * AES-256-GCM for secrets kept at rest (permanent codes). The key is derived from the provider's `sealSecret`
 * with HKDF; the record's own key is the associated data, so a sealed code copied into another corp's record does
 * not open. The same construction as the server kit's session sealer (packages/server/src/seal.ts); when core's
 * unified seal lands this file should become a thin use of it.
 */
export interface SecretSealer {
  seal(value: string, boundTo: string): string;
  /** The value, or undefined when it was not sealed by this secret for `boundTo` (or is damaged). */
  open(sealed: string, boundTo: string): string | undefined;
}

export const MIN_SEAL_SECRET = 32;

export function createSecretSealer(pkg: string, secret: unknown, purpose: string): SecretSealer {
  if (typeof secret !== 'string' || secret.length < MIN_SEAL_SECRET) {
    throw new WxConfigError(
      `${pkg}: \`sealSecret\` must be a string of at least ${MIN_SEAL_SECRET} characters (it encrypts the permanent codes in the store); generate one with \`openssl rand -base64 48\` and keep it beside the suite secret`,
    );
  }
  const key = Buffer.from(hkdfSync('sha256', secret, 'wxkit', `wxkit:${purpose}`, 32));
  return {
    seal(value, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed, boundTo) {
      if (typeof sealed !== 'string' || !/^[A-Za-z0-9_-]+$/.test(sealed)) return undefined;
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length < 29) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(boundTo, 'utf8'));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
