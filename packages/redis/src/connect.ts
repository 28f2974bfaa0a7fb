import { WxConfigError } from '@wxkit/core';
import { Redis } from 'ioredis';

export interface SentinelOptions {
  /** The master's name in the sentinels' configuration (`sentinel monitor <name> …`). */
  name: string;
  /** Some of the sentinels watching it; the client asks them where the master is now. */
  sentinels: { host: string; port: number }[];
  /** For sentinels that require a password (`requirepass` in sentinel.conf). */
  sentinelPassword?: string;
}

/**
 * The store's own ioredis client: commands fail at once while disconnected (never queued and sent after their
 * caller was told they failed). With `sentinel`, the master is found through the sentinels and found again
 * after a failover (on +switch-master, or when the old master answers READONLY as a replica).
 */
export function connect(options: {
  url: string | undefined;
  sentinel: SentinelOptions | undefined;
  connectTimeoutMs: number;
}): Redis {
  const common = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: options.connectTimeoutMs,
    retryStrategy: (times: number) => Math.min(times * 50, 500),
    lazyConnect: false,
  };
  const url = options.url ?? 'redis://127.0.0.1:6379';
  const { sentinel } = options;
  if (!sentinel) return new Redis(url, common);
  if (typeof sentinel.name !== 'string' || sentinel.name.length === 0)
    throw new WxConfigError('@wxkit/redis: sentinel.name must be the master name the sentinels monitor');
  if (!Array.isArray(sentinel.sentinels) || sentinel.sentinels.length === 0)
    throw new WxConfigError('@wxkit/redis: sentinel.sentinels must list at least one { host, port }');
  // The URL still carries the password and the database of the master (its host and port are ignored).
  return new Redis(url, {
    ...common,
    name: sentinel.name,
    sentinels: sentinel.sentinels,
    ...(sentinel.sentinelPassword ? { sentinelPassword: sentinel.sentinelPassword } : {}),
    role: 'master',
    // Subscribes to the sentinels' +switch-master: reconnects as soon as a failover is decided.
    failoverDetector: true,
    sentinelRetryStrategy: (times: number) => Math.min(times * 50, 500),
    // A demoted master answers writes with READONLY: find the new one.
    reconnectOnError: (error: Error) => error.message.startsWith('READONLY'),
  });
}
