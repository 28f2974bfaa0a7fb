/**
 * Locks Redis may hold for a caller that was told the call failed: the command went out, then its answer timed out
 * or the connection dropped (or a release could not be sent). Noted by owner id, given back all at once when Redis
 * answers again, so that none keeps every other process waiting for its whole TTL (a token refresh caught in a
 * stall would otherwise hold up logins). Bounded: past `max`, the rest run out by their TTL.
 */
export function createUnsureLocks(options: {
  max: number;
  /** Compare-and-delete of lock `name` if `owner` still holds it. */
  release: (name: string, owner: string) => Promise<unknown>;
}) {
  // Owner ids are unique per lock taken; each maps to its lock's name.
  const byOwner = new Map<string, string>();
  return {
    /** After `error` on a call that took or released lock `name` for `owner`. */
    note(name: string, owner: string, error: unknown) {
      if (isReplyError(error) || byOwner.size >= options.max) return;
      byOwner.set(owner, name);
    },
    /** Gives every noted lock back (a lock another owner holds by now is left alone). */
    releaseAll() {
      const pending = [...byOwner];
      byOwner.clear();
      for (const [owner, name] of pending) void options.release(name, owner).catch(() => {});
    },
  };
}

/** A WxStoreError for an answer Redis gave (a ReplyError underneath): the command ran, or was refused, there. */
const isReplyError = (error: unknown) =>
  (error as { cause?: { name?: unknown } } | undefined)?.cause?.name === 'ReplyError';
