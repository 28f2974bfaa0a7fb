import type { CallInit, Transport } from '../client/context.js';
import { WxApiError } from '../errors/errors.js';
import type { Fetched } from '../token/cache.js';

// A suite or provider token the platform no longer takes: 40082 (its errmsg names both tokens), 42009 (suite
// token expired), and the generic 40014/42001 in case an endpoint answers those instead (not documented for
// these tokens; retrying once on them costs nothing).
const STALE = new Set([40082, 42009, 40014, 42001]);

export interface TokenCaller {
  /** The cached token: one fetch per lifetime for every process sharing the store. */
  token(): Promise<string>;
  /** A qyapi call with the token as `param`, retried once with a fresh token when the platform rejects it. */
  call<T extends object>(path: string, init?: CallInit): Promise<T>;
}

export function createTokenCaller(
  transport: Transport,
  spec: { param: 'suite_access_token' | 'provider_access_token'; key: string; fetch: () => Promise<Fetched> },
): TokenCaller {
  const { cache, logger } = transport;
  const token = () => cache.get(spec.key, spec.fetch);
  const send = <T extends object>(path: string, init: CallInit, value: string) =>
    transport.request<T>(transport.hosts.qyapi, path, {
      ...init,
      query: { ...init.query, [spec.param]: value },
    });
  return {
    token,
    async call<T extends object>(path: string, init: CallInit = {}) {
      const current = await token();
      try {
        return await send<T>(path, init, current);
      } catch (error) {
        if (!(error instanceof WxApiError) || !STALE.has(error.errcode)) throw error;
        logger.warn(
          `${error.path} answered ${error.errcode}; fetching a new ${spec.param} and retrying once`,
        );
        await cache.invalidate(spec.key, current);
        const fresh = await token();
        if (fresh === current) throw error;
        return send<T>(path, init, fresh);
      }
    },
  };
}
