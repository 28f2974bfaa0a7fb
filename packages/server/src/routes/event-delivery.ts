import type { Store, StoreLock } from '@wxkit/core';
import type { Keys } from '../keys.js';

/** Where deliveries are remembered: the store under the kit's app-scoped keys. */
export interface DeliveryContext {
  store: Store;
  key: Keys;
}

/** A delivery still being handled holds its claim this long at most (a process that died frees it by then). */
export const CLAIM_TTL_MS = 10_000;
/** A handled message is remembered past the timestamp window (300 s), so no replay inside it runs again. */
export const DONE_TTL_MS = 600_000;

export type Delivered<T> = { kind: 'handled'; value: T } | { kind: 'duplicate' } | { kind: 'busy' };

const inProcess = new Set<string>();

/** For a store without `lock()`: a claim inside this process only. */
async function claimHere(key: string): Promise<StoreLock | undefined> {
  if (inProcess.has(key)) return undefined;
  inProcess.add(key);
  return {
    async release() {
      inProcess.delete(key);
    },
  };
}

/**
 * Runs `handle` for message `id` at most once to success: a message already handled is a duplicate; one being
 * handled elsewhere right now is busy (the caller answers so that the platform retries later); a handler that
 * throws leaves no mark, so the platform's retry runs it again.
 */
export async function deliverOnce<T>(
  ctx: DeliveryContext,
  id: string,
  handle: () => Promise<T>,
): Promise<Delivered<T>> {
  const doneKey = ctx.key('callback-done', id);
  if ((await ctx.store.get(doneKey)) !== undefined) return { kind: 'duplicate' };
  const claimKey = ctx.key('callback-claim', id);
  const claim = ctx.store.lock
    ? await ctx.store.lock(claimKey, { ttlMs: CLAIM_TTL_MS, waitMs: 0 })
    : await claimHere(claimKey);
  if (!claim) return { kind: 'busy' };
  try {
    // Another delivery may have finished between the first look and the claim.
    if ((await ctx.store.get(doneKey)) !== undefined) return { kind: 'duplicate' };
    const value = await handle();
    // Marked before the claim goes, so a delivery waiting on the claim sees it as done.
    await ctx.store.set(doneKey, '1', DONE_TTL_MS);
    return { kind: 'handled', value };
  } finally {
    await claim.release();
  }
}
