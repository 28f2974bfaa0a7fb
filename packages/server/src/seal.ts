import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) for what the server hands the browser to keep: session tokens and
 * login states. One key per purpose, derived from the session secret with HKDF, so a login state can never be
 * replayed as a session and neither reveals its contents (user fields, return path) to whoever sees it.
 */
export interface Sealer {
  seal(purpose: string, value: unknown): string;
  /** The value, or undefined when the token was not sealed by us for this purpose (or is garbage). */
  open<T>(purpose: string, token: string | undefined): T | undefined;
}

const MAX_TOKEN = 8192;

export function createSealer(secret: string): Sealer {
  const keys = new Map<string, Buffer>();
  const keyFor = (purpose: string) => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secret, 'wxkit', `wxkit:${purpose}`, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  return {
    seal(purpose, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open<T>(purpose: string, token: string | undefined): T | undefined {
      if (!token || token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
      const raw = Buffer.from(token, 'base64url');
      if (raw.length < 29) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        return JSON.parse(text) as T;
      } catch {
        return undefined;
      }
    },
  };
}
