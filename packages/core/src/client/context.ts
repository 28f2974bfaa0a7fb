import type { Platform } from '../contract/platform.js';
import { isWxApiError } from '../errors/errors.js';
import { inputError } from '../errors/place.js';
import { type Hosts, resolveHosts } from '../hosts.js';
import { type RetryOptions, resolveHttpPolicy } from '../http/policy.js';
import { requestJson } from '../http/request.js';
import { consoleLogger, type Logger } from '../logger.js';
import { createMemoryStore } from '../store/memory.js';
import type { Store } from '../store/store.js';
import {
  type CredentialCache,
  type CredentialCacheOptions,
  createCredentialCache,
  type Fetched,
} from '../token/cache.js';
import { type CredentialState, credentialStates } from './credential-state.js';
import { counted, measured } from './measure.js';

export type CredentialKind = 'access_token' | 'jsapi_ticket' | 'agent_ticket';

/** Read-only mode: a central token service supplies tokens and tickets; this client never fetches them. */
export type TokenProvider = (request: {
  platform: Platform;
  /** CorpID or AppID. */
  id: string;
  agentId?: number;
  kind: CredentialKind;
  /** Set when the previous value was rejected by the platform. */
  rejected?: string;
}) => Promise<string>;

export interface CommonOptions {
  store?: Store;
  fetch?: typeof fetch;
  /** Epoch milliseconds. */
  clock?: () => number;
  logger?: Logger;
  hosts?: Partial<Hosts>;
  tokenProvider?: TokenProvider;
  /** Used between retries of transient failures. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1), for the retry jitter; injectable so tests are deterministic. */
  random?: () => number;
  /** Per-attempt timeout of every platform call in ms (default 5000); a stalled attempt is aborted. */
  timeoutMs?: number;
  /**
   * Retry budget of calls that are safe to repeat (default { deadlineMs: 3000, attempts: 5, baseDelayMs: 100,
   * maxDelayMs: 1000 }): errcode -1, HTTP 5xx, network errors, dropped connections and timeouts are retried
   * with full-jitter backoff until the deadline. `message/send` retries only -1.
   */
  retry?: Partial<RetryOptions>;
  env?: Readonly<Record<string, string | undefined>>;
  /** The nonceStr of JS-SDK signatures; injectable so tests are reproducible. */
  nonce?: () => string;
  /** Tuning of the token/ticket cache: refresh margin, lock hold time, how long to wait for another process. */
  tokenCache?: Pick<CredentialCacheOptions, 'marginMs' | 'lockTtlMs' | 'lockWaitMs' | 'pollMs'>;
}

export interface CallInit {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** False for calls that must not run twice (message/send): network errors and HTTP 5xx are not retried. */
  repeatable?: boolean;
  /** `media` for calls that answer a file (media/get); see RequestOptions.expect. */
  expect?: 'json' | 'media';
}

// Codes after which the token in hand is stale: drop it (if still cached), fetch again, retry once.
const STALE_TOKEN = new Set([40001, 40014, 42001]);

/** What every client call goes through: options checked once, the platform's hosts, the HTTP policy. */
export interface Transport {
  platform: Platform;
  hosts: Hosts;
  fetch: typeof fetch;
  clock: () => number;
  logger: Logger;
  store: Store;
  cache: CredentialCache;
  /** Read-only mode's source of tokens and tickets, when the app has one. */
  tokenProvider: TokenProvider | undefined;
  /** A request without a token (token endpoints, sns endpoints). */
  request<T extends object>(base: string, path: string, init?: CallInit): Promise<T>;
}

/** A transport that also holds the app's access token: what the API modules (`wecom/*`, `oa/*`) are given. */
export interface ClientContext extends Transport {
  /** A request with the access token, retried once with a fresh one when the platform rejects it. */
  call<T extends object>(base: string, path: string, init?: CallInit): Promise<T>;
  credential(kind: CredentialKind, key: string, fetcher: () => Promise<Fetched>): Promise<string>;
  /** The cached access token (fetched once per lifetime). */
  accessToken(): Promise<string>;
  invalidate(kind: CredentialKind, key: string, value: string): Promise<void>;
  /** Kind and age of every credential this client has used (no values), for health answers. */
  credentials(): Promise<CredentialState[]>;
}

/** Who the access token belongs to, where it is cached and how it is fetched (with the transport's `request`). */
export interface AccessTokenSpec {
  /** CorpID or AppID, and the AgentId on WeCom: what a `tokenProvider` is told. */
  identity: { id: string; agentId?: number };
  key: string;
  fetch: () => Promise<Fetched>;
}

export function buildUrl(base: string, path: string, query: CallInit['query'] = {}): URL {
  const params = new URLSearchParams();
  for (const name in query) {
    const value = query[name];
    if (value !== undefined) params.set(name, String(value));
  }
  // The query serialised once and parsed with the path: every searchParams.set on a URL re-serialised all of it.
  const search = params.size > 0 ? `?${params}` : '';
  return path.includes('?') || path.includes('#')
    ? withQuery(new URL(path, base), params)
    : new URL(path + search, base);
}

/** A path that brings a query of its own keeps it, the call's parameters set over it (as before). */
function withQuery(url: URL, params: URLSearchParams): URL {
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url;
}

function assertShape(name: string, value: unknown, methods: string[], example: string): void {
  if (value === undefined) return;
  const missing = methods.filter((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function');
  if (missing.length > 0) {
    throw inputError(`\`${name}\` lacks ${missing.join(', ')}; pass ${example}`);
  }
}

/** Stage one of a client: checks the common options once and builds the transport every call uses. */
export function createTransport(platform: Platform, options: CommonOptions): Transport {
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw inputError(`\`fetch\` must be a function like globalThis.fetch`);
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw inputError(`\`clock\` must be a function returning epoch milliseconds`);
  }
  assertShape(
    'store',
    options.store,
    ['get', 'set', 'delete', 'compareAndDelete'],
    'createMemoryStore(), createFileStore() or @wxkit/redis (a store of your own needs an atomic compareAndDelete(key, expected))',
  );
  assertShape('logger', options.logger, ['debug', 'info', 'warn', 'error'], 'console-like');
  if (options.tokenProvider !== undefined && typeof options.tokenProvider !== 'function') {
    throw inputError(`\`tokenProvider\` must be an async function returning the token or ticket`);
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw inputError(`\`random\` must be a function returning a number in [0, 1), like Math.random`);
  }
  const policy = resolveHttpPolicy(options);
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? Date.now;
  const store = options.store ?? createMemoryStore({ clock });
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const hosts = resolveHosts(options.hosts, options.env ?? process.env, logger);
  const cache = createCredentialCache({
    ...options.tokenCache,
    store,
    clock,
    logger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const send = <T extends object>(base: string, path: string, init: CallInit = {}) =>
    requestJson<T>({
      fetch: fetchFn,
      platform,
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      url: buildUrl(base, path, init.query),
      body: init.body,
      ...(init.repeatable === false ? { repeatable: false } : {}),
      ...(init.expect ? { expect: init.expect } : {}),
      policy,
      clock,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
  const request = <T extends object>(base: string, path: string, init: CallInit = {}) =>
    measured(platform, base, path, () => send<T>(base, path, init));

  const tokenProvider = options.tokenProvider;
  return { platform, hosts, fetch: fetchFn, clock, logger, store, cache, tokenProvider, request };
}

/**
 * Stage two: the transport plus the app's access token, served from the shared cache (or a `tokenProvider`) and
 * refreshed once when the platform says it is stale.
 */
export function createClientContext(transport: Transport, accessToken: AccessTokenSpec): ClientContext {
  const { platform, cache, logger, request, tokenProvider: provider } = transport;
  const { identity } = accessToken;
  const lastRejected = new Map<CredentialKind, string>();
  const used = new Map<string, string>(provider ? [] : [['access_token', accessToken.key]]);

  const credential = (kind: CredentialKind, key: string, fetcher: () => Promise<Fetched>) => {
    if (!provider) {
      used.set(kind, key);
      return cache.get(key, () => counted(platform, kind, fetcher));
    }
    const rejected = lastRejected.get(kind);
    lastRejected.delete(kind);
    return provider({ platform, kind, ...identity, ...(rejected ? { rejected } : {}) });
  };

  const invalidate = async (kind: CredentialKind, key: string, value: string) => {
    if (provider) lastRejected.set(kind, value);
    else await cache.invalidate(key, value);
  };

  const currentAccessToken = () => credential('access_token', accessToken.key, accessToken.fetch);

  const call = async <T extends object>(base: string, path: string, init: CallInit = {}): Promise<T> => {
    const token = await currentAccessToken();
    try {
      return await request<T>(base, path, { ...init, query: { ...init.query, access_token: token } });
    } catch (error) {
      if (!isWxApiError(error) || !STALE_TOKEN.has(error.errcode)) throw error;
      logger.warn(`${error.path} answered ${error.errcode}; fetching a new access_token and retrying once`);
      await invalidate('access_token', accessToken.key, token);
      const fresh = await currentAccessToken();
      // The platform handed back the very token it rejected (WeCom returns the same token within its life):
      // sending it again would only fail again.
      if (fresh === token) throw error;
      return request<T>(base, path, { ...init, query: { ...init.query, access_token: fresh } });
    }
  };

  return {
    ...transport,
    call,
    credential,
    invalidate,
    accessToken: currentAccessToken,
    credentials: credentialStates(cache, used, transport.clock),
  };
}
