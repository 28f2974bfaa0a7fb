import { hash } from 'node:crypto';
import { CODE_LIFETIME_MS, isCode } from '../contract/oauth.js';
import { openWith, sealWith } from '../crypto/seal.js';
import { inputError } from '../errors/place.js';
import { storeCondition } from '../log-once.js';
import type { Logger } from '../logger.js';
import { outcomeOf, wxMetrics } from '../metrics.js';
import { onceAcrossProcesses } from '../store/once.js';
import type { Store } from '../store/store.js';

export interface ExchangeOptions {
  /**
   * Proof that this caller is the login that received the code, e.g. a MAC of the login state that only the
   * browser which started the login carries (the server kit passes one). With a binding, the same code again
   * from the same binding (a reload, a double 302, another instance) gets the remembered result instead of
   * 40029. Without one, only concurrent callers in this process share a call: a code is never by itself enough
   * to get an identity back, because codes leak (proxy logs, browser history, Referer).
   */
  binding?: string;
}

/**
 * The one exchange-once mechanism. The store keeps the result under a hash of the code, sealed with AES-GCM
 * under a key derived from the code *and* the binding: the store never holds the identity (or an OA user's
 * access_token) in clear, and only a caller presenting both can open it. A wrong binding cannot open it and
 * falls through to the platform, which answers 40029 for the spent code.
 */
export function createCodeExchanger<T>(options: { store: Store; scope: string; logger: Logger }) {
  const inFlight = new Map<string, Promise<T>>();
  const storeTrouble = storeCondition(options.store, { logger: options.logger });

  const keyOf = (code: string, binding: string) => {
    // One-shot hashes (crypto.hash, Node >= 20.12): a Hash object per digest cost three times as much.
    const codeHash = hash('sha256', `wxkit-code:${code}`, 'hex').slice(0, 32);
    const sealKey = hash('sha256', `wxkit-code-seal\0${code}\0${binding}`, 'buffer');
    return { storeKey: `${options.scope}:code:${codeHash}`, sealKey };
  };
  const readStore = async (storeKey: string): Promise<string | undefined> => {
    try {
      const memo = await options.store.get(storeKey);
      storeTrouble.resolve();
      return memo;
    } catch (error) {
      storeTrouble.report(`code memo unreadable (${(error as Error)?.message}); exchanging without it`);
      return undefined;
    }
  };

  const remembered = (code: string, binding: string, exchange: () => Promise<T>): Promise<T> => {
    const { storeKey, sealKey } = keyOf(code, binding);
    // Another binding's result (or garbage) does not open: not ours to read.
    const decode = (raw: string | undefined) => openWith<T>(sealKey, raw);
    return onceAcrossProcesses({
      store: options.store,
      key: storeKey,
      read: async () => decode(await readStore(storeKey)),
      decode,
      produce: async (save) => {
        const result = await exchange();
        try {
          await save(sealWith(sealKey, result), CODE_LIFETIME_MS);
          storeTrouble.resolve();
        } catch (error) {
          // The exchange succeeded; only a later reload of this code loses its idempotence.
          storeTrouble.report(`could not remember the code exchange (${(error as Error)?.message})`);
        }
        return result;
      },
      logger: options.logger,
    });
  };

  return (code: string, exchange: () => Promise<T>, exchangeOptions: ExchangeOptions = {}): Promise<T> => {
    if (!isCode(code)) {
      return Promise.reject(
        inputError(
          `code must be the value from the redirect, 1-512 URL-safe characters (errcode 41008 if missing)`,
        ),
      );
    }
    const { binding } = exchangeOptions;
    if (binding !== undefined && (typeof binding !== 'string' || binding.length < 16)) {
      return Promise.reject(inputError(`exchangeCode binding must be a string of at least 16 characters`));
    }
    // Concurrent callers share one call only when they are the same login (or both unbound, in this process).
    const flightKey = hash('sha256', `${code}\0${binding ?? ''}`, 'hex');
    const running = inFlight.get(flightKey);
    if (running) return running;
    let asked = false;
    const ask = () => {
      asked = true;
      return exchange();
    };
    const promise = (binding === undefined ? ask() : remembered(code, binding, ask)).finally(() =>
      inFlight.delete(flightKey),
    );
    promise.then(
      () => wxMetrics().codeExchanges.add(1, { 'wxkit.outcome': asked ? 'ok' : 'remembered' }),
      (error) => wxMetrics().codeExchanges.add(1, { 'wxkit.outcome': outcomeOf(error) }),
    );
    inFlight.set(flightKey, promise);
    return promise;
  };
}
