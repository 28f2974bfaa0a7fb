import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { pooledRandomBytes } from './random.js';

/*
 * The one authenticated encryption of wxkit (AES-256-GCM): iv (12 bytes) ‖ tag (16) ‖ ciphertext, base64url.
 * Core seals the remembered code exchange and the provider's permanent codes with it; the server kit its session
 * tokens and login states.
 */

const IV = 12;
const TAG = 16;
const MAX_TOKEN = 8192;

export interface SealOptions {
  /**
   * Additional authenticated data: bound to the token without being in it, so the token opens only where the
   * same text is given again (e.g. the store key of the record that holds it: a copy under another key fails).
   */
  aad?: string;
}

/**
 * A 32-byte key as raw bytes, or as a KeyObject made once for a key used many times (a sealer's purpose keys):
 * createCipheriv copies raw bytes into a new key object on every call. A key used once (a code memo's) stays raw.
 */
export type SealKey = Uint8Array | KeyObject;

/** `text` sealed under a 32-byte key: the primitive under `sealWith`. */
export function sealText(key: SealKey, text: string, options: SealOptions = {}): string {
  // A fresh random IV for every token (12 bytes, as GCM wants), from the pooled CSPRNG.
  const iv = pooledRandomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (options.aad !== undefined) cipher.setAAD(Buffer.from(options.aad, 'utf8'));
  const body = cipher.update(text, 'utf8');
  const last = cipher.final();
  return Buffer.concat([iv, cipher.getAuthTag(), body, last]).toString('base64url');
}

/** The text, or undefined when `token` was not sealed under `key` with the same aad (or is tampered, garbage). */
export function openText(key: SealKey, token: string | undefined, options: SealOptions = {}) {
  if (typeof token !== 'string' || token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token))
    return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < IV + TAG + 1) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV));
    if (options.aad !== undefined) decipher.setAAD(Buffer.from(options.aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV, IV + TAG));
    return Buffer.concat([decipher.update(raw.subarray(IV + TAG)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** `value` as JSON, sealed under a 32-byte key. */
export function sealWith(key: SealKey, value: unknown, options?: SealOptions): string {
  return sealText(key, JSON.stringify(value), options);
}

/** The value, or undefined when `token` was not sealed under `key` (another key or aad, tampered, or garbage). */
export function openWith<T>(key: SealKey, token: string | undefined, options?: SealOptions): T | undefined {
  const text = openText(key, token, options);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** The key of one purpose: HKDF-SHA256(secret, salt `wxkit`, info `wxkit:<purpose>`). */
export const sealKey = (secret: string, purpose: string): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', secret, 'wxkit', `wxkit:${purpose}`, 32));

/** Seals values per purpose: one key each, derived from a secret, so a token of one purpose never opens as another. */
export interface Sealer {
  seal(purpose: string, value: unknown, options?: SealOptions): string;
  /** The value, or undefined when the token was not sealed by us for this purpose (and aad), or is garbage. */
  open<T>(purpose: string, token: string | undefined, options?: SealOptions): T | undefined;
}

/** A sealer whose keys are `sealKey(secret, purpose)`. */
export function createSealer(secret: string): Sealer {
  // A handful of purposes per server: each key derived and made a KeyObject once.
  const keys = new Map<string, KeyObject>();
  const keyFor = (purpose: string) => {
    let key = keys.get(purpose);
    if (!key) {
      key = createSecretKey(sealKey(secret, purpose));
      keys.set(purpose, key);
    }
    return key;
  };
  return {
    seal: (purpose, value, options) => sealWith(keyFor(purpose), value, options),
    open: <T>(purpose: string, token: string | undefined, options?: SealOptions) =>
      openWith<T>(keyFor(purpose), token, options),
  };
}
