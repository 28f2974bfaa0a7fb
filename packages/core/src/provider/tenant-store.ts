import { createHash } from 'node:crypto';
import { atPlace, inputError } from '../errors/place.js';
import type { Store } from '../store/store.js';
import { providerKey } from './keys.js';
import type { Tenant, TenantPage } from './tenant-types.js';

// The store has no key scan, so the registry keeps its own index: corp ids spread over buckets by a hash,
// each bucket a small sorted list changed under the store's lock. 64 buckets keep a bucket near 160 ids at 10,000
// corps.
export const BUCKETS = 64;

/** A tenant as stored: the public fields and the sealed permanent code. */
export interface StoredTenant extends Tenant {
  sealedCode: string;
}

/** Reading the registry's records and index: needs no secret (what `wxkit tenants` uses). */
export function tenantReader(store: Store, suiteId: string) {
  const recordKey = (corpId: string) => providerKey({ kind: 'tenant', suiteId, corpId });
  const bucketOf = (corpId: string) => createHash('sha256').update(corpId).digest().readUInt32BE(0) % BUCKETS;
  const indexKey = (bucket: number) => providerKey({ kind: 'tenant_index', suiteId, bucket });

  const readStored = async (corpId: string): Promise<StoredTenant | undefined> => {
    const raw = await store.get(recordKey(corpId));
    if (!raw) return undefined;
    try {
      const stored = JSON.parse(raw) as StoredTenant;
      return stored?.corpId === corpId &&
        typeof stored.sealedCode === 'string' &&
        typeof stored.generation === 'string'
        ? stored
        : undefined;
    } catch {
      return undefined;
    }
  };
  const publicView = ({ sealedCode: _sealed, ...tenant }: StoredTenant): Tenant => tenant;

  const readBucket = async (bucket: number): Promise<string[]> => {
    const raw = await store.get(indexKey(bucket));
    try {
      const ids = raw ? (JSON.parse(raw) as unknown) : [];
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };

  /** A page of tenants, in bucket order; an id whose record is gone (a removal cut short) is skipped. */
  const list = async ({
    cursor,
    limit = 100,
  }: {
    cursor?: string;
    limit?: number;
  } = {}): Promise<TenantPage> => {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw inputError(`tenants.list limit must be an integer from 1 to 1000 (got ${limit})`);
    let [bucket, offset] = (cursor ?? '0.0').split('.').map(Number) as [number, number];
    if (!Number.isInteger(bucket) || !Number.isInteger(offset) || bucket < 0 || offset < 0)
      throw inputError(`tenants.list cursor "${cursor}" is not one this registry gave out`);
    const ids: string[] = [];
    while (bucket < BUCKETS && ids.length < limit) {
      const inBucket = await readBucket(bucket);
      const taken = inBucket.slice(offset, offset + limit - ids.length);
      ids.push(...taken);
      offset += taken.length;
      if (offset >= inBucket.length) [bucket, offset] = [bucket + 1, 0];
    }
    // An id whose record is gone (a removal cut short between its two writes) is skipped.
    const records = await Promise.all(ids.map(readStored));
    const tenants = records.filter((r): r is StoredTenant => r !== undefined).map(publicView);
    return bucket < BUCKETS ? { tenants, cursor: `${bucket}.${offset}` } : { tenants };
  };

  return { recordKey, indexKey, bucketOf, readStored, publicView, readBucket, list };
}

/** The tenants of a suite, a page at a time, read from the store without any secret. */
export function listTenants(options: {
  store: Store;
  suiteId: string;
  cursor?: string;
  limit?: number;
}): Promise<TenantPage> {
  const { store, suiteId, ...page } = options;
  return atPlace('@wxkit/core listTenants', tenantReader(store, suiteId).list)(page);
}
