import type { CredentialCache } from '../token/cache.js';

/** A cached credential as a health answer shows it: its kind and age, never its value. */
export interface CredentialState {
  /** `access_token`, `jsapi_ticket`, `agent_ticket` (a provider adds `suite_ticket`, corp tokens, …). */
  kind: string;
  cached: boolean;
  /** Seconds since it was fetched from the platform; absent when unknown (cached by an older version). */
  ageSeconds?: number;
  /** Seconds until it is fetched again (negative: due). */
  refreshInSeconds?: number;
}

/**
 * The credentials a client has used in this process (the access token always), each read from the cache: ages
 * come from the shared store, so every instance reports the same ones. A store that does not answer throws.
 */
export function credentialStates(
  cache: CredentialCache,
  keys: ReadonlyMap<string, string>,
  clock: () => number,
): () => Promise<CredentialState[]> {
  return async () => {
    const now = clock();
    return Promise.all(
      [...keys].map(async ([kind, key]): Promise<CredentialState> => {
        const state = await cache.peek(key);
        if (!state) return { kind, cached: false };
        return {
          kind,
          cached: true,
          ...(state.fetchedAt === undefined
            ? {}
            : { ageSeconds: Math.round((now - state.fetchedAt) / 1000) }),
          refreshInSeconds: Math.round((state.refreshAt - now) / 1000),
        };
      }),
    );
  };
}
