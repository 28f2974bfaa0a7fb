import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '@wxkit/core';

export interface SessionUser {
  platform: 'wecom' | 'oa';
  /** userid (WeCom member) or openid. */
  id: string;
  userid?: string;
  openid?: string;
  name: string;
  department?: number[];
  avatar?: string;
  [field: string]: unknown;
}

export interface Session {
  token: string;
  user: SessionUser;
  expiresAt: number;
}

/** Signed, expiring, revocable sessions: the token carries an HMAC; the store holds the user and allows revocation. */
export function createSessions(options: {
  store: Store;
  secret: string;
  ttlMs: number;
  clock: () => number;
  prefix: string;
}) {
  const key = (sid: string) => `${options.prefix}:session:${sid}`;
  const sign = (body: string) => createHmac('sha256', options.secret).update(body).digest('base64url');

  const parse = (token: string): { sid: string; expiresAt: number } | undefined => {
    const [sid, exp, sig] = token.split('.');
    if (!sid || !exp || !sig || !/^[A-Za-z0-9_-]{16,64}$/.test(sid) || !/^\d+$/.test(exp)) return undefined;
    const expected = Buffer.from(sign(`${sid}.${exp}`));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const expiresAt = Number(exp);
    return expiresAt > options.clock() ? { sid, expiresAt } : undefined;
  };

  return {
    async create(user: SessionUser): Promise<Session> {
      const sid = randomBytes(18).toString('base64url');
      const expiresAt = options.clock() + options.ttlMs;
      await options.store.set(key(sid), JSON.stringify({ user, expiresAt }), options.ttlMs);
      return { token: `${sid}.${expiresAt}.${sign(`${sid}.${expiresAt}`)}`, user, expiresAt };
    },
    async read(token: string | undefined): Promise<Session | undefined> {
      if (!token) return undefined;
      const parsed = parse(token);
      if (!parsed) return undefined;
      const raw = await options.store.get(key(parsed.sid));
      if (!raw) return undefined;
      const { user } = JSON.parse(raw) as { user: SessionUser };
      return { token, user, expiresAt: parsed.expiresAt };
    },
    async revoke(token: string | undefined): Promise<void> {
      const parsed = token ? parse(token) : undefined;
      if (parsed) await options.store.delete(key(parsed.sid));
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
