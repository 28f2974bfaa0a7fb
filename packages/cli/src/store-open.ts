import { isAbsolute, join } from 'node:path';
import { createFileStore, type Store } from '@wxkit/core';
import { CliExit, type CliIO } from './io.js';

/** `--store` (or WXKIT_STORE): a redis:// URL (needs @wxkit/redis installed) or the path of a file store. */
export async function openStore(io: CliIO, where: string): Promise<{ store: Store; close(): Promise<void> }> {
  if (/^rediss?:\/\//.test(where)) {
    // Optional: only a provider who keeps tenants in Redis needs it, so it is not a dependency of the CLI.
    const name = '@wxkit/redis';
    let redis: { createRedisStore(o: { url: string; prefix?: string }): Store & { close(): Promise<void> } };
    try {
      redis = (await import(name)) as typeof redis;
    } catch {
      throw new CliExit('wxkit: a redis:// store needs @wxkit/redis; `npm install @wxkit/redis`', 2);
    }
    const prefix = io.env['WXKIT_REDIS_PREFIX'];
    const store = redis.createRedisStore({ url: where, ...(prefix ? { prefix } : {}) });
    return { store, close: () => store.close() };
  }
  const path = isAbsolute(where) ? where : join(io.cwd, where);
  return { store: createFileStore({ path }), close: async () => {} };
}
