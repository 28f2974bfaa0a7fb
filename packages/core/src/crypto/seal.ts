import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * The one authenticated encryption of wxkit (AES-256-GCM): iv (12 bytes) ‖ tag (16) ‖ ciphertext, base64url.
 * Core seals the remembered code exchange with it; the server kit its session tokens and login states.
 */

const IV = 12;
const TAG = 16;
const MAX_TOKEN = 8192;

/** `value` as JSON, sealed under a 32-byte key. */
export function sealWith(key: Uint8Array, value: unknown): string {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The value, or undefined when `token` was not sealed under `key` (another key, tampered, or garbage). */
export function openWith<T>(key: Uint8Array, token: string | undefined): T | undefined {
  if (!token || token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < IV + TAG + 1) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
    decipher.setAuthTag(raw.subarray(IV, IV + TAG));
    const text = Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Seals values per purpose: one key each, derived from a secret, so a token of one purpose never opens as another. */
export interface Sealer {
  seal(purpose: string, value: unknown): string;
  /** The value, or undefined when the token was not sealed by us for this purpose (or is garbage). */
  open<T>(purpose: string, token: string | undefined): T | undefined;
}

/** A sealer whose keys are HKDF-SHA256(secret, salt `wxkit`, info `wxkit:<purpose>`). */
export function createSealer(secret: string): Sealer {
  const keys = new Map<string, Uint8Array>();
  const keyFor = (purpose: string) => {
    let key = keys.get(purpose);
    if (!key) {
      key = new Uint8Array(hkdfSync('sha256', secret, 'wxkit', `wxkit:${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  return {
    seal: (purpose, value) => sealWith(keyFor(purpose), value),
    open: <T>(purpose: string, token: string | undefined) => openWith<T>(keyFor(purpose), token),
  };
}
