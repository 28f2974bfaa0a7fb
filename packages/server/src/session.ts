import { type Logger, pooledRandomBytes, type SessionUser, type Store, storeCondition } from '@wxkit/core';
import type { Keys } from './keys.js';
import type { Sealer } from './seal.js';

// The member's shape lives in core's contract, shared with the browser kit.
export type { SessionUser };

export interface Session {
  token: string;
  /** The session's id (not a credential): what revocation and login memos refer to. */
  id: string;
  user: SessionUser;
  expiresAt: number;
}

interface Sealed {
  s: string;
  u: SessionUser;
  x: number;
}

const MAX_LOCAL_REVOCATIONS = 10_000;

/**
 * Self-contained sessions: the token is the user and the expiry sealed with AES-GCM (see seal.ts), so every
 * instance can read a session without the store, and a Redis outage logs nobody out. The store holds only
 * revocations (`revoked:<sid>` until the session would have expired). While the store is unreachable a
 * session is checked against the revocations this instance knows (the store's own last-seen copy included),
 * and a logout that cannot be recorded is refused rather than reported done.
 */
export function createSessions(options: {
  store: Store;
  sealer: Sealer;
  keys: Keys;
  ttlMs: number;
  clock: () => number;
  logger: Logger;
}) {
  const { store, sealer, keys, clock, logger } = options;
  // Logouts this instance took while the store was away: honoured here and written when it is back.
  const pending = new Map<string, number>();
  const storeTrouble = storeCondition(store, { logger, clock });
  let retry: ReturnType<typeof setInterval> | undefined;

  const flush = async () => {
    const now = clock();
    for (const [sid, expiresAt] of pending) {
      if (expiresAt <= now) {
        pending.delete(sid);
        continue;
      }
      try {
        await store.set(keys('revoked', sid), '1', expiresAt - now);
        pending.delete(sid);
      } catch {
        return;
      }
    }
    if (pending.size === 0 && retry) {
      clearInterval(retry);
      retry = undefined;
    }
  };
  // Without further traffic on this instance, the pending logouts still reach the store once it is back.
  const retryInBackground = () => {
    retry ??= setInterval(() => void flush(), 1000);
    retry.unref?.();
  };

  const revokedInStore = async (sid: string): Promise<boolean> => {
    try {
      const revoked = (await store.get(keys('revoked', sid))) !== undefined;
      storeTrouble.resolve();
      return revoked;
    } catch (error) {
      // The store is away (WxStoreError from @wxkit/redis): the seal alone vouches for the session.
      storeTrouble.report(
        `@wxkit/server: store unavailable, checking sessions by their seal (${(error as Error)?.message})`,
      );
      return false;
    }
  };

  return {
    create(user: SessionUser): Session {
      const id = pooledRandomBytes(18).toString('base64url');
      const expiresAt = clock() + options.ttlMs;
      const token = sealer.seal('session', { s: id, u: user, x: expiresAt } satisfies Sealed);
      return { token, id, user, expiresAt };
    },
    async read(token: string | undefined): Promise<Session | undefined> {
      const sealed = sealer.open<Sealed>('session', token);
      if (!sealed || typeof sealed.s !== 'string' || !(sealed.x > clock()) || !sealed.u) return undefined;
      // A logout the store could not record yet is refused here; writing it is the background retry's job, not
      // every read's (during an outage that would add a failing store call to each page load).
      if (pending.has(sealed.s)) return undefined;
      if (await revokedInStore(sealed.s)) return undefined;
      return { token: token as string, id: sealed.s, user: sealed.u, expiresAt: sealed.x };
    },
    /** Throws the store's error when the revocation could not be recorded (the caller answers 503). */
    async revoke(session: Session): Promise<void> {
      const ttl = session.expiresAt - clock();
      if (ttl <= 0) return;
      try {
        await store.set(keys('revoked', session.id), '1', ttl);
      } catch (error) {
        if (pending.size >= MAX_LOCAL_REVOCATIONS) pending.delete(pending.keys().next().value as string);
        pending.set(session.id, session.expiresAt);
        retryInBackground();
        throw error;
      }
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
