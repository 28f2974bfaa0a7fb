import { randomBytes } from 'node:crypto';
import {
  consoleLogger,
  createLocalLock,
  type Logger,
  lockedKey,
  lockKey,
  type ReadOrLock,
  type Store,
  type StoreLock,
  WxConfigError,
  WxStoreError,
} from '@wxkit/core';
import type { Cluster, Redis } from 'ioredis';
import { createBreaker, redisTarget } from './breaker.js';
import { connect, type SentinelOptions } from './connect.js';
import { countStoreCall, watchBreaker } from './metrics.js';
import { COMPARE_AND_DELETE, READ_OR_LOCK, runScript, SET_AND_RELEASE } from './scripts.js';
import { createShadow } from './shadow.js';
import { createUnsureLocks } from './unsure-locks.js';

export interface RedisStoreOptions {
  /** redis://host:port/db; ignored when `client` is given. With `sentinel`, only its password and db count. */
  url?: string;
  /** A Sentinel-managed master: found through the sentinels, and found again after a failover. */
  sentinel?: SentinelOptions;
  /**
   * An ioredis client or Cluster you own (not closed by `close()`). Give it `enableOfflineQueue: false` and
   * `autoResendUnfulfilledCommands: false`, or a write this store reported as failed may still be sent later.
   */
  client?: Redis | Cluster;
  /** Prepended to every key; default "wxkit:". */
  prefix?: string;
  logger?: Logger;
  /** How often a waiter re-tries a held lock. */
  pollMs?: number;
  /** Longest wait for one command (ms, default 500); past it Redis counts as down (the breaker opens). */
  commandTimeoutMs?: number;
  /** While Redis is down, how often a PING checks whether it is back (ms, default 250). */
  probeMs?: number;
  /** Most values kept in the in-process copy served during an outage (default 10 000, least recently used go). */
  shadowMax?: number;
  /** How long the first command waits for the first connection (ms, default 2000). */
  connectTimeoutMs?: number;
}

export interface RedisStore extends Store {
  close(): Promise<void>;
  /** True while Redis counts as unreachable: writes reject at once with WxStoreError, reads use the shadow. */
  readonly down: boolean;
  /** Values in the in-process copy (bounded by `shadowMax`). */
  readonly shadowSize: number;
}

/** What Redis Cluster hashes of a key: the text inside its first `{…}` when that is not empty, else the whole key. */
function hashedPart(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/**
 * Whether one script may touch both a value and its lock (full names): the same hashed text, so the same Cluster
 * slot. Quirk: `full` does not give every key a shared tag. An empty tag (a key that is empty or starts with `}`)
 * makes Cluster hash the whole name, and a key ending in `:lock` is tagged by its stem while its lock is tagged by
 * the whole key. Those go the two-command way instead of failing with CROSSSLOT.
 */
const sameSlot = (value: string, lock: string) => hashedPart(value) === hashedPart(lock);

class CommandTimeout extends Error {
  override name = 'CommandTimeout';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

function positive(name: string, value: number | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new WxConfigError(
      `@wxkit/redis: ${name} must be a positive ${integer ? 'integer' : 'number'} (got ${value})`,
    );
  return value;
}

/**
 * core's Store on Redis: values with TTL, an atomic compare-and-delete, and a cross-process lock (SET NX PX with
 * an owner id, released by compare-and-delete). While Redis is unreachable a breaker makes every call fail at
 * once: writes reject with WxStoreError (never a success for a write that did not happen), reads serve the last
 * value this process saw while it lives, else reject. A background PING closes the breaker again.
 */
export function createRedisStore(options: RedisStoreOptions = {}): RedisStore {
  if (!options.client && options.url !== undefined && !/^rediss?:\/\//.test(options.url)) {
    throw new WxConfigError(
      `@wxkit/redis: url must start with redis:// or rediss://, got "${redisTarget(options.url)}"`,
    );
  }
  const prefix = options.prefix ?? 'wxkit:';
  const logger = options.logger ?? consoleLogger;
  const pollMs = positive('pollMs', options.pollMs, 50);
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 500);
  const probeMs = positive('probeMs', options.probeMs, 250);
  const connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs, 2000);
  const shadow = createShadow({
    max: positive('shadowMax', options.shadowMax, 10_000, true),
    clock: Date.now,
  });
  const owned = !options.client;
  const redis = options.client ?? connect({ url: options.url, sentinel: options.sentinel, connectTimeoutMs });
  if (owned) redis.on('error', () => {});
  // Keys of a value and its lock share a hash tag, so they live in one Cluster slot.
  const full = (key: string) => {
    const guarded = lockedKey(key);
    return guarded === undefined ? `${prefix}{${key}}` : `${prefix}{${guarded}}${key.slice(guarded.length)}`;
  };
  const checkTtl = (ttlMs: number) => {
    if (!(ttlMs > 0)) throw new WxConfigError(`@wxkit/redis: ttlMs must be > 0 (got ${ttlMs})`);
  };

  // Commands fail fast while disconnected; at start-up, give the first connection a moment instead.
  let firstConnect: Promise<void> | undefined =
    redis.status === 'ready'
      ? undefined
      : new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, connectTimeoutMs);
          timer.unref?.();
          redis.once('ready', done);
        });

  /** One command with the store's timeout; a timeout or connection failure opens the breaker. */
  const command = async <T>(run: () => Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pending = run();
    pending.catch(() => {});
    try {
      return await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new CommandTimeout(`no answer within ${commandTimeoutMs} ms`)),
            commandTimeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  const target = redisTarget(
    options.client ? undefined : (options.url ?? 'redis://127.0.0.1:6379'),
    options.client,
  );
  const breaker = createBreaker({
    probe: () => {
      // ioredis can give up on a connection for good (status "end"; seen with Sentinel while the old master is
      // gone and the sentinels are still deciding): our own client is started again, or it would never be back.
      if (owned && redis.status === 'end') redis.connect().catch(() => {});
      return command(() => redis.ping()).catch((error: unknown) => {
        if (error instanceof CommandTimeout && owned) redis.disconnect(true);
        throw error;
      });
    },
    probeMs,
    logger,
    ...(target ? { target } : {}),
    onBack: () => unsure.releaseAll(),
  });

  const unsure = createUnsureLocks({
    max: 1000,
    release: (name, owner) => run('unlock', () => runScript(redis, COMPARE_AND_DELETE, [name], [owner])),
  });

  const unwatch = watchBreaker({
    prefix,
    get open() {
      return breaker.open;
    },
  });

  const unreachable = (op: string, cause?: unknown) =>
    new WxStoreError(
      `@wxkit/redis: ${op} failed, nothing was changed: Redis is unreachable${cause ? ` (${reason(cause)})` : ''}. Check that Redis runs and REDIS_URL points at it; the store checks again every ${probeMs} ms on its own.`,
      cause === undefined ? undefined : { cause },
    );

  /** Runs `op` on Redis, or rejects with WxStoreError at once while the breaker is open. */
  const run = async <T>(op: string, work: () => Promise<T>): Promise<T> => {
    if (firstConnect) {
      await firstConnect;
      firstConnect = undefined;
    }
    if (breaker.open) {
      countStoreCall(prefix, op, 'short_circuit');
      throw unreachable(op);
    }
    try {
      const result = await command(work);
      countStoreCall(prefix, op, 'ok');
      return result;
    } catch (error) {
      countStoreCall(prefix, op, (error as Error)?.name === 'ReplyError' ? 'reply_error' : 'unreachable');
      if ((error as Error)?.name === 'ReplyError')
        throw new WxStoreError(`@wxkit/redis: ${op} failed: Redis answered "${reason(error)}"`, {
          cause: error,
        });
      const opened = breaker.trip(error);
      // Commands still queued on a stalled connection must not be sent after their callers were told they
      // failed, nor their late replies paired with later commands: start a new connection (once per outage).
      if (opened && error instanceof CommandTimeout && owned) redis.disconnect(true);
      throw unreachable(op, error);
    }
  };

  // While Redis is away a lock held inside this process (core's, as the memory store's) still makes this process
  // fetch once.
  const localLock = createLocalLock(Date.now);

  const newOwner = () => randomBytes(12).toString('hex');
  /** The lock `name` held by `owner`: released by compare-and-delete, so never one that expired and was retaken. */
  const ownedLock = (name: string, owner: string): StoreLock => {
    const release = async () => {
      // A release that cannot reach Redis does not fail the caller: the lock is given back once Redis answers
      // again, and frees itself after ttlMs in any case.
      await run('unlock', () => runScript(redis, COMPARE_AND_DELETE, [name], [owner])).catch(
        (error: unknown) => unsure.note(name, owner, error),
      );
    };
    return {
      release,
      async setAndRelease(key, value, ttlMs) {
        // One script needs both keys in one Cluster slot: another key than the one this lock guards, or a key
        // whose lock hashes elsewhere, is written and released in two commands.
        const target = full(key);
        if (full(lockKey(key)) !== name || !sameSlot(target, name)) {
          await store.set(key, value, ttlMs);
          return release();
        }
        checkTtl(ttlMs);
        await run('setAndRelease', () =>
          runScript(redis, SET_AND_RELEASE, [target, name], [value, Math.ceil(ttlMs), owner]),
        );
        shadow.set(key, value, ttlMs);
      },
    };
  };
  /** The shadow after Redis said what `key` holds (a value and its TTL in ms, or nothing). */
  const saw = (key: string, value: string | null | undefined, ttl: unknown) => {
    if (value === null || value === undefined) {
      shadow.delete(key);
      return undefined;
    }
    const ms = Number(ttl);
    shadow.set(key, value, ms > 0 ? ms : 60_000);
    return value;
  };

  /**
   * readOrLock for a key whose lock hashes to another slot: the lock first, then the look, so no once-producer
   * can write in between (it would need the lock); the lock is given back when the key holds a value.
   */
  const lockThenRead = async (key: string, ttlMs: number): Promise<ReadOrLock> => {
    if (breaker.open) throw unreachable('readOrLock');
    const lock = await store.lock?.(lockKey(key), { ttlMs, waitMs: 0 });
    if (!lock) return {};
    let value: string | undefined;
    try {
      value = await store.get(key);
    } catch (error) {
      await lock.release();
      throw error;
    }
    if (value === undefined) return { lock };
    await lock.release();
    return { value };
  };

  const store: RedisStore = {
    async get(key) {
      let reply: [Error | null, unknown][] | null;
      try {
        reply = await run('get', () => redis.multi().get(full(key)).pttl(full(key)).exec());
      } catch (error) {
        if (!breaker.open) throw error;
        const value = shadow.get(key);
        if (value !== undefined) return value;
        throw new WxStoreError(
          '@wxkit/redis: get failed: Redis is unreachable and this process holds no live copy of that key',
          { cause: error },
        );
      }
      const [value, ttl] = reply ?? [];
      if (value?.[0]) throw new WxStoreError(`@wxkit/redis: get failed: ${reason(value[0])}`);
      return saw(key, value?.[1] as string | null | undefined, ttl?.[1]);
    },
    async set(key, value, ttlMs) {
      checkTtl(ttlMs);
      await run('set', () => redis.set(full(key), value, 'PX', Math.ceil(ttlMs)));
      shadow.set(key, value, ttlMs);
    },
    async delete(key) {
      await run('delete', () => redis.del(full(key)));
      shadow.delete(key);
    },
    async compareAndDelete(key, expected) {
      const deleted = await run('compareAndDelete', () =>
        runScript(redis, COMPARE_AND_DELETE, [full(key)], [expected]),
      );
      if (Number(deleted) !== 1) return false;
      shadow.delete(key);
      return true;
    },
    async lock(key, { ttlMs, waitMs }): Promise<StoreLock | undefined> {
      const name = full(key);
      if (breaker.open) return localLock(name, { ttlMs, waitMs });
      const owner = newOwner();
      const deadline = Date.now() + waitMs;
      for (;;) {
        let acquired: boolean;
        let sent = false;
        try {
          acquired =
            (await run('lock', () => {
              sent = true;
              return redis.set(name, owner, 'PX', Math.ceil(ttlMs), 'NX');
            })) === 'OK';
        } catch (error) {
          if (sent) unsure.note(name, owner, error);
          return localLock(name, { ttlMs, waitMs: deadline - Date.now() });
        }
        if (acquired) return ownedLock(name, owner);
        if (Date.now() + pollMs > deadline) return undefined;
        await sleep(pollMs);
      }
    },
    // Throws WxStoreError while Redis is away (no shadow, no local lock): the caller falls back to get and lock,
    // which know how to serve an outage.
    async readOrLock(key, { ttlMs }): Promise<ReadOrLock> {
      const target = full(key);
      const name = full(lockKey(key));
      if (!sameSlot(target, name)) return lockThenRead(key, ttlMs);
      const owner = newOwner();
      let sent = false;
      const reply = (await run('readOrLock', () => {
        sent = true;
        return runScript(redis, READ_OR_LOCK, [target, name], [owner, Math.ceil(ttlMs)]);
      }).catch((error: unknown) => {
        if (sent) unsure.note(name, owner, error);
        throw error;
      })) as [unknown, string?, unknown?];
      // Numbers, or their text from a client made with stringNumbers.
      const found = Number(reply[0]);
      if (found === 2) return { value: saw(key, reply[1], reply[2]) as string };
      shadow.delete(key);
      return found === 1 ? { lock: ownedLock(name, owner) } : {};
    },
    get down() {
      return breaker.open;
    },
    get shadowSize() {
      return shadow.size;
    },
    async close() {
      unwatch();
      breaker.stop();
      if (owned) redis.disconnect();
    },
  };
  return store;
}
