import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WxConfigError } from '../errors/errors.js';
import type { Logger } from '../logger.js';
import { createLocalLock } from './local-lock.js';
import type { Store } from './store.js';

export interface FileStoreOptions {
  /** The JSON file; created with its folder when missing. */
  path: string;
  clock?: () => number;
  logger?: Logger;
}

type Entries = Record<string, { value: string; expiresAt: number }>;

/**
 * A store kept in one JSON file so tokens survive restarts of a single process. Every write goes to a
 * temporary file that is renamed over the old one, so a crash never leaves half a file. Its lock works within
 * this process (clients sharing the store fetch once); several processes need @wxkit/redis.
 */
export function createFileStore(options: FileStoreOptions): Store {
  if (typeof options?.path !== 'string' || options.path.trim() === '') {
    throw new WxConfigError(
      '@wxkit/core createFileStore: `path` is required, e.g. { path: ".wxkit/tokens.json" }',
    );
  }
  const { path } = options;
  const clock = options.clock ?? Date.now;
  let entries: Promise<Entries> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const load = () => {
    entries ??= readFile(path, 'utf8').then(
      (text) => {
        try {
          const parsed = JSON.parse(text) as unknown;
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Entries;
        } catch {}
        options.logger?.warn(
          `file store ${path} was not valid JSON; starting empty (it is rewritten on the next set)`,
        );
        return {};
      },
      () => ({}),
    );
    return entries;
  };

  const persist = (data: Entries) => {
    writing = writing.then(async () => {
      const now = clock();
      const live = Object.fromEntries(Object.entries(data).filter(([, e]) => e.expiresAt > now));
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, JSON.stringify(live), { mode: 0o600 });
      await rename(tmp, path);
    });
    return writing;
  };

  return {
    async get(key) {
      const data = await load();
      const entry = data[key];
      if (!entry || entry.expiresAt <= clock()) return undefined;
      return entry.value;
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new WxConfigError(`@wxkit/core file store: ttlMs must be > 0 (got ${ttlMs})`);
      const data = await load();
      data[key] = { value, expiresAt: clock() + ttlMs };
      await persist(data);
    },
    async delete(key) {
      const data = await load();
      if (!(key in data)) return;
      delete data[key];
      await persist(data);
    },
    async compareAndDelete(key, expected) {
      const data = await load();
      // From here to the delete nothing awaits: the compare and the delete are one step for this process.
      const entry = data[key];
      if (!entry || entry.expiresAt <= clock() || entry.value !== expected) return false;
      delete data[key];
      await persist(data);
      return true;
    },
    lock: createLocalLock(clock),
  };
}
