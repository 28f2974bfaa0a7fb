import { randomBytes } from 'node:crypto';
import { inputError } from '../errors/place.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { checkAgentId, checkCorpId, checkPermanentCode, fail } from './checks.js';
import type { SecretSealer } from './seal.js';
import { type StoredTenant, tenantReader } from './tenant-store.js';
import type { Tenant, TenantInput, TenantPage } from './tenant-types.js';

export type { Tenant, TenantInput, TenantKind, TenantPage } from './tenant-types.js';

export interface TenantRegistry {
  /** Adds or replaces a corp (create_auth, reset_permanent_code). A new permanent code drops the corp's token. */
  add(tenant: TenantInput): Promise<Tenant>;
  get(corpId: string): Promise<Tenant | undefined>;
  /** Removes a corp (cancel_auth) and drops its token and tickets; false when it was not registered. */
  remove(corpId: string): Promise<boolean>;
  /** The registered corps, a page at a time (default 100, at most 1000 a page), in a stable order. */
  list(options?: { cursor?: string; limit?: number }): Promise<TenantPage>;
}

// The Store interface needs a lifetime; a tenant lives until it is removed, so: ten years, renewed on every add.
export const TENANT_TTL_MS = 10 * 365 * 24 * 3_600_000;

export function createTenantRegistry(options: {
  suiteId: string;
  store: Store;
  clock: () => number;
  logger: Logger;
  sealer: SecretSealer;
  /** Called after a corp is removed or its code changes: the suite drops the corp's cached credentials. */
  onCredentialsChanged(corpId: string, previousGeneration: string): Promise<void>;
}) {
  const { suiteId, store, clock, sealer } = options;
  const { recordKey, indexKey, bucketOf, readStored, publicView, readBucket, list } = tenantReader(
    store,
    suiteId,
  );

  const changeBucket = async (corpId: string, change: (ids: Set<string>) => boolean) => {
    const bucket = bucketOf(corpId);
    const lock = await store.lock?.(`${indexKey(bucket)}:lock`, { ttlMs: 5_000, waitMs: 5_000 });
    try {
      const ids = new Set(await readBucket(bucket));
      if (!change(ids)) return;
      await store.set(indexKey(bucket), JSON.stringify([...ids].sort()), TENANT_TTL_MS);
    } finally {
      await lock?.release();
    }
  };

  const registry: TenantRegistry = {
    async add(input) {
      if (!input || typeof input !== 'object')
        throw inputError(`tenants.add needs { corpId, permanentCode, agentId, kind }`);
      const corpId = checkCorpId(input.corpId);
      const permanentCode = checkPermanentCode(input.permanentCode);
      const agentId = checkAgentId(input.agentId);
      if (input.kind !== 'third-party' && input.kind !== 'customized')
        fail(
          'kind',
          "must be 'third-party' or 'customized'",
          40058,
          'use auth_info.agent[0].is_customized_app (true → customized)',
        );
      const previous = await readStored(corpId);
      const oldCode = previous && sealer.open(previous.sealedCode, recordKey(corpId));
      const sameCode = previous !== undefined && oldCode === permanentCode;
      const tenant: Tenant = {
        corpId,
        generation: sameCode ? previous.generation : randomBytes(9).toString('base64url'),
        agentId,
        kind: input.kind,
        addedAt: input.addedAt ?? clock(),
        ...(input.corpName !== undefined ? { corpName: String(input.corpName) } : {}),
        ...(input.state !== undefined ? { state: String(input.state) } : {}),
      };
      const stored: StoredTenant = { ...tenant, sealedCode: sealer.seal(permanentCode, recordKey(corpId)) };
      await store.set(recordKey(corpId), JSON.stringify(stored), TENANT_TTL_MS);
      await changeBucket(corpId, (ids) => !ids.has(corpId) && Boolean(ids.add(corpId)));
      if (previous && !sameCode) await options.onCredentialsChanged(corpId, previous.generation);
      return tenant;
    },
    async get(corpId) {
      checkCorpId(corpId);
      const stored = await readStored(corpId);
      return stored && publicView(stored);
    },
    async remove(corpId) {
      checkCorpId(corpId);
      const existed = await readStored(corpId);
      await store.delete(recordKey(corpId));
      await changeBucket(corpId, (ids) => ids.delete(corpId));
      if (existed) await options.onCredentialsChanged(corpId, existed.generation);
      return existed !== undefined;
    },
    list: (page) => list(page),
  };

  /** The corp's permanent code, opened; for the suite's token fetches only. */
  const permanentCode = async (corpId: string): Promise<{ tenant: Tenant; code: string } | undefined> => {
    const stored = await readStored(corpId);
    if (!stored) return undefined;
    const code = sealer.open(stored.sealedCode, recordKey(corpId));
    if (code === undefined)
      throw inputError(
        `the permanent code of ${corpId} in the store does not open with this sealSecret (the secret changed, or the record was copied from another corp); re-install the app in that corp or restore the previous sealSecret`,
      );
    return { tenant: publicView(stored), code };
  };

  return { registry, permanentCode };
}
