import type { Logger, Store } from '@wxkit/core';
import type { SuiteClient, Tenant } from '@wxkit/core/provider';
import type { Keys } from '../keys.js';
import type { Sealer } from '../seal.js';

/** What a provider app hears about its installs: wx.on('installed' | 'uninstalled' | 'changed' | 'ticket', …). */
export const PROVIDER_EVENTS = ['installed', 'uninstalled', 'changed', 'ticket'] as const;
export type ProviderEventType = (typeof PROVIDER_EVENTS)[number];

export interface ProviderEvent {
  type: ProviderEventType;
  suiteId: string;
  /** The corp concerned (absent for `ticket`). */
  corpId?: string;
  /** `installed` and `changed` after a new permanent code: the tenant as registered (no permanent code in it). */
  tenant?: Tenant;
  /** What the platform pushed: create_auth, change_auth, cancel_auth, reset_permanent_code, suite_ticket. */
  infoType: string;
  /** The install link's state, when the install carried one. */
  state?: string;
}
export type ProviderEventHandler = (event: ProviderEvent) => void | Promise<void>;

/** An auth_code waiting for its get_permanent_code: kept (sealed) before the platform gets its "success". */
interface Pending {
  authCode: string;
  infoType: string;
  receivedAt: number;
  state?: string;
}

const PENDING_TTL_MS = 10 * 60_000; // an auth_code is valid 10 minutes (doc 90642)
const SEAL = 'provider-pending-auth';

/**
 * The durable half of the command callback: auth codes recorded before the answer, spent after it, and spent by
 * whichever process gets there first after a crash (on its start or its next command). A code is dropped from
 * the record only once its corp is registered, or when the platform refuses it (then no retry can help).
 */
export function createInstallQueue(options: {
  suite: SuiteClient;
  store: Store;
  key: Keys;
  sealer: Sealer;
  clock: () => number;
  logger: Logger;
  emit(event: ProviderEvent): Promise<void>;
}) {
  const { suite, store, key, sealer, clock, logger, emit } = options;
  const indexKey = key('install-pending', 'index');
  const read = async (): Promise<Pending[]> =>
    (sealer.open<Pending[]>(SEAL, await store.get(indexKey)) ?? []).filter(
      (p) => p.receivedAt + PENDING_TTL_MS > clock(),
    );
  const write = (list: Pending[]) =>
    list.length === 0 ? store.delete(indexKey) : store.set(indexKey, sealer.seal(SEAL, list), PENDING_TTL_MS);
  /** Read-modify-write of the index under the store's lock when it has one (several processes). */
  const update = async (change: (list: Pending[]) => Pending[]) => {
    const lock = await store.lock?.(key('install-pending', 'lock'), { ttlMs: 5_000, waitMs: 5_000 });
    try {
      await write(change(await read()));
    } finally {
      await lock?.release();
    }
  };
  const spend = async (pending: Pending): Promise<Tenant | undefined> => {
    try {
      const tenant = await suite.completeInstall(pending.authCode);
      await update((list) => list.filter((p) => p.authCode !== pending.authCode));
      const reset = pending.infoType === 'reset_permanent_code';
      await emit({
        type: reset ? 'changed' : 'installed',
        suiteId: suite.suiteId,
        corpId: tenant.corpId,
        tenant,
        infoType: pending.infoType,
        ...(pending.state ? { state: pending.state } : {}),
      });
      return tenant;
    } catch (error) {
      const refused = typeof (error as { errcode?: unknown }).errcode === 'number';
      // The platform refused the code (used or expired: 40078): no retry can spend it, so it is dropped.
      if (refused) await update((list) => list.filter((p) => p.authCode !== pending.authCode));
      logger.error('provider install could not be completed', {
        infoType: pending.infoType,
        error: error instanceof Error ? error.message : String(error),
        retry: !refused,
      });
      return undefined;
    }
  };
  let draining: Promise<void> | undefined;
  // A code recorded while a drain runs (two create_auth pushes a moment apart) was not in the list that drain
  // read: the drain reads again before it ends, or that install would wait for the next push (10 minutes).
  let recordedSince = false;
  /** Records the code durably; resolves once it is in the store (before the platform gets "success"). */
  const record = (authCode: string, infoType: string, state?: string) =>
    update((list) =>
      list.some((p) => p.authCode === authCode)
        ? list
        : [...list, { authCode, infoType, receivedAt: clock(), ...(state ? { state } : {}) }],
    );
  return {
    record,
    /** The install return: recorded first, then spent now; the corp registered, or undefined on failure. */
    async spendNow(authCode: string): Promise<Tenant | undefined> {
      await record(authCode, 'create_auth');
      return spend({ authCode, infoType: 'create_auth', receivedAt: clock() });
    },
    /** Spends every recorded code (one drain at a time in this process; the platform spends a code once). */
    drain(): Promise<void> {
      if (draining) {
        recordedSince = true;
        return draining;
      }
      draining = (async () => {
        try {
          do {
            recordedSince = false;
            for (const pending of await read()) await spend(pending);
          } while (recordedSince);
        } finally {
          draining = undefined;
        }
      })();
      return draining;
    },
  };
}
