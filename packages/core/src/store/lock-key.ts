/**
 * The one lock-key convention: the lock guarding `key` is `${key}:lock`. Core's once-across-processes, the server
 * kit's callback claims and @wxkit/redis (which puts a key and its lock in one Cluster slot) all use these two.
 */
const LOCK_SUFFIX = ':lock';

export const lockKey = (key: string): string => `${key}${LOCK_SUFFIX}`;

/** The key a lock guards, or undefined when `name` is not a lock key. */
export const lockedKey = (name: string): string | undefined =>
  name.endsWith(LOCK_SUFFIX) ? name.slice(0, -LOCK_SUFFIX.length) : undefined;
