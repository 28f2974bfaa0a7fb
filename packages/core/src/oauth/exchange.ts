import { createHash } from 'node:crypto';
import { WxConfigError } from '../errors/errors.js';
import type { Logger } from '../logger.js';
import { onceAcrossProcesses } from '../store/once.js';
import type { Store } from '../store/store.js';

/** Codes live five minutes; the identity is remembered as long. */
export const CODE_LIFETIME_MS = 5 * 60_000;

/**
 * Exchanges each OAuth code once. The same code again within its life (a reload, the back button, a double
 * 302, another instance) gets the remembered result instead of 40029; concurrent callers share one call.
 */
export function createCodeExchanger<T>(options: {
  store: Store;
  scope: string;
  pkg: string;
  logger: Logger;
}) {
  const inFlight = new Map<string, Promise<T>>();

  const remembered = async (key: string): Promise<T | undefined> => {
    const raw = await options.store.get(key);
    try {
      return raw ? (JSON.parse(raw) as T) : undefined;
    } catch {
      return undefined;
    }
  };
  const run = (key: string, exchange: () => Promise<T>): Promise<T> =>
    onceAcrossProcesses({
      store: options.store,
      key,
      read: () => remembered(key),
      produce: async () => {
        const result = await exchange();
        await options.store.set(key, JSON.stringify(result), CODE_LIFETIME_MS);
        return result;
      },
      logger: options.logger,
    });

  return (code: string, exchange: () => Promise<T>): Promise<T> => {
    if (typeof code !== 'string' || code.length === 0 || code.length > 512 || /\s/.test(code)) {
      return Promise.reject(
        new WxConfigError(
          `${options.pkg}: code must be the 1-512 character value from the redirect (errcode 41008 if missing)`,
        ),
      );
    }
    // The key holds a hash, never the code itself.
    const key = `${options.scope}:code:${createHash('sha256').update(code).digest('hex').slice(0, 32)}`;
    const running = inFlight.get(key);
    if (running) return running;
    const promise = run(key, exchange).finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    return promise;
  };
}
