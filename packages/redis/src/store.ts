import { randomBytes } from 'node:crypto';
import { consoleLogger, type Logger, type Store, type StoreLock, WxConfigError } from '@wxkit/core';
import { type Cluster, Redis } from 'ioredis';

export interface RedisStoreOptions {
  /** redis://host:port/db; ignored when `client` is given. */
  url?: string;
  /** An ioredis client or Cluster you own (not closed by `close()`). */
  client?: Redis | Cluster;
  /** Prepended to every key; default "wxkit:". */
  prefix?: string;
  logger?: Logger;
  /** How often a waiter re-tries a held lock. */
  pollMs?: number;
}

export interface RedisStore extends Store {
  close(): Promise<void>;
}

const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * core's Store on Redis: values with TTL and a real cross-process lock (SET NX PX with an owner id, released by
 * compare-and-delete). While Redis is down, each process keeps serving the values it last saw until they expire.
 */
export function createRedisStore(options: RedisStoreOptions = {}): RedisStore {
  if (!options.client && options.url !== undefined && !/^rediss?:\/\//.test(options.url)) {
    throw new WxConfigError(`@wxkit/redis: url must start with redis:// or rediss://, got "${options.url}"`);
  }
  const prefix = options.prefix ?? 'wxkit:';
  const logger = options.logger ?? consoleLogger;
  const pollMs = options.pollMs ?? 50;
  const owned = !options.client;
  const redis =
    options.client ??
    new Redis(options.url ?? 'redis://127.0.0.1:6379', {
      // Fail fast while Redis is away, reconnect in the background.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
      lazyConnect: false,
    });
  if (owned) redis.on('error', () => {});
  // Keys of a value and its lock share a hash tag, so they live in one Cluster slot.
  const full = (key: string) =>
    `${prefix}{${key.replace(/:lock$/, '')}}${key.endsWith(':lock') ? ':lock' : ''}`;
  const shadow = new Map<string, { value: string; expiresAt: number }>();
  let down = false;

  const healthy = () => {
    if (down) {
      down = false;
      logger.info('@wxkit/redis: Redis is back');
    }
  };
  const outage = (error: unknown) => {
    if (!down) {
      down = true;
      logger.error(
        `@wxkit/redis: Redis unavailable (${error instanceof Error ? error.message : String(error)}); serving last known values until they expire`,
      );
    }
  };
  const remember = (key: string, value: string, ttlMs: number) =>
    shadow.set(key, { value, expiresAt: Date.now() + ttlMs });
  const fromShadow = (key: string) => {
    const entry = shadow.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      shadow.delete(key);
      return undefined;
    }
    return entry.value;
  };

  const inProcessLocks = new Map<string, Promise<void>>();
  // Commands fail fast while disconnected; at start-up, give the first connection a moment instead.
  let firstConnect: Promise<void> | undefined =
    redis.status === 'ready'
      ? undefined
      : new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, 2000);
          redis.once('ready', done);
        });
  const connected = async () => {
    if (firstConnect) {
      await firstConnect;
      firstConnect = undefined;
    }
  };

  return {
    async get(key) {
      await connected();
      try {
        const [value, ttl] = (await redis.multi().get(full(key)).pttl(full(key)).exec()) ?? [];
        healthy();
        const v = value?.[1] as string | null;
        if (v === null || v === undefined) {
          shadow.delete(key);
          return undefined;
        }
        const ms = Number(ttl?.[1]);
        remember(key, v, ms > 0 ? ms : 60_000);
        return v;
      } catch (error) {
        outage(error);
        return fromShadow(key);
      }
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) throw new WxConfigError(`@wxkit/redis: ttlMs must be > 0 (got ${ttlMs})`);
      remember(key, value, ttlMs);
      await connected();
      try {
        await redis.set(full(key), value, 'PX', Math.ceil(ttlMs));
        healthy();
      } catch (error) {
        outage(error);
      }
    },
    async delete(key) {
      shadow.delete(key);
      await connected();
      try {
        await redis.del(full(key));
        healthy();
      } catch (error) {
        outage(error);
      }
    },
    async lock(key, { ttlMs, waitMs }): Promise<StoreLock | undefined> {
      const name = full(key);
      const owner = randomBytes(12).toString('hex');
      const deadline = Date.now() + waitMs;
      await connected();
      for (;;) {
        try {
          if ((await redis.set(name, owner, 'PX', Math.ceil(ttlMs), 'NX')) === 'OK') {
            healthy();
            return {
              async release() {
                try {
                  await redis.eval(RELEASE, 1, name, owner);
                } catch (error) {
                  outage(error);
                }
              },
            };
          }
        } catch (error) {
          outage(error);
          // Redis is down: fall back to a lock inside this process, so at least this process fetches once.
          const held = inProcessLocks.get(name);
          if (held)
            await Promise.race([held, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
          let release!: () => void;
          const gate = new Promise<void>((resolve) => {
            release = resolve;
          });
          inProcessLocks.set(name, gate);
          return {
            async release() {
              inProcessLocks.delete(name);
              release();
            },
          };
        }
        if (Date.now() + pollMs > deadline) return undefined;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    async close() {
      if (owned) redis.disconnect();
    },
  };
}
