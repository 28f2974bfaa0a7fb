import type { Logger } from '@wxkit/core';

export interface Breaker {
  /** True while Redis counts as unreachable: store calls fail at once instead of waiting for a timeout. */
  readonly open: boolean;
  /** Marks Redis down and starts probing; true only for the call that opened it. */
  trip(error: unknown): boolean;
  stop(): void;
}

/**
 * Opens on the first timeout or connection failure; while open, `probe` (a PING) runs every `probeMs` on an
 * unref'd timer and the first answer closes it again, logged at warn.
 */
export function createBreaker(options: {
  probe: () => Promise<unknown>;
  probeMs: number;
  logger: Logger;
  /** Where the store connects, with no password (redisTarget), for the outage log. */
  target?: string;
  /** Runs when Redis answers again (after the log line). */
  onBack?: () => void;
}): Breaker {
  let downSince: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        await options.probe();
      } catch {
        schedule();
        return;
      }
      const ms = Date.now() - (downSince ?? Date.now());
      downSince = undefined;
      options.logger.warn(`@wxkit/redis: Redis is back after ${ms} ms; store calls go to Redis again`);
      options.onBack?.();
    }, options.probeMs);
    timer.unref?.();
  };

  return {
    get open() {
      return downSince !== undefined;
    },
    trip(error) {
      if (downSince !== undefined || stopped) return false;
      downSince = Date.now();
      options.logger.error(
        `@wxkit/redis: Redis unreachable${options.target ? ` at ${options.target}` : ''} (${error instanceof Error ? error.message : String(error)}); writes fail with WxStoreError and reads serve the values this process last saw until it answers again`,
      );
      schedule();
      return true;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * The Redis a store talks to, for logs: the URL with any password replaced by `***`
 * (`redis://:***@cache:6379/0`), or host:port of a client passed in; undefined when it cannot tell.
 */
export function redisTarget(url: string | undefined, client?: unknown): string | undefined {
  if (url !== undefined) {
    try {
      const u = new URL(url);
      if (u.password) u.password = '***';
      return u.toString();
    } catch {
      return 'an unparsable REDIS_URL';
    }
  }
  const o = (client as { options?: { host?: unknown; port?: unknown } } | undefined)?.options;
  return typeof o?.host === 'string' ? `${o.host}:${String(o.port ?? 6379)}` : undefined;
}
