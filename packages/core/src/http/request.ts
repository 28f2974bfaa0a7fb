import type { Platform } from '../contract/platform.js';
import { explain } from '../errors/catalog.js';
import { WxApiError, WxHttpError } from '../errors/errors.js';
import { redact } from '../errors/redact.js';
import { backoffMs, DEFAULT_HTTP_POLICY, type HttpPolicy } from './policy.js';

export interface RequestOptions {
  fetch: typeof fetch;
  platform: Platform;
  method: 'GET' | 'POST';
  url: URL;
  body?: unknown;
  /** Timeout and retry budget, checked by resolveHttpPolicy; defaults to DEFAULT_HTTP_POLICY. */
  policy?: HttpPolicy;
  /** Waits between retries; injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Measures the retry deadline (ms); a test clock that `sleep` advances makes the budget deterministic. */
  clock?: () => number;
  /** [0, 1) for the backoff jitter. */
  random?: () => number;
  /**
   * False for calls that must not run twice (message/send): a network error, timeout or HTTP 5xx may come
   * after the platform acted, so only an explicit -1 (busy, nothing done) is retried.
   */
  repeatable?: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// Starting an attempt with less time than this left is pointless: it would time out at once.
const MIN_ATTEMPT_MS = 50;

/** errcode -1 (system busy), and — for calls safe to repeat — no answer at all (network, drop, timeout) or HTTP 5xx. */
const isTransient = (error: unknown, repeatable: boolean) =>
  (error instanceof WxApiError && error.errcode === -1) ||
  (repeatable && error instanceof WxHttpError && (error.status === undefined || error.status >= 500));

/**
 * One JSON call to the platform: checks the HTTP status and the errcode; each attempt has a timeout; transient
 * failures are retried with full-jitter backoff while the deadline allows.
 */
export async function requestJson<T extends object>(options: RequestOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_HTTP_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const repeatable = options.repeatable ?? true;
  const deadline = clock() + policy.deadlineMs;
  for (let attempt = 0; ; attempt++) {
    const timeoutMs = attempt === 0 ? policy.timeoutMs : Math.min(policy.timeoutMs, deadline - clock());
    try {
      return await attemptWithTimeout<T>(options, timeoutMs);
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !isTransient(error, repeatable)) throw error;
      const wait = backoffMs(policy, attempt, random);
      if (clock() + wait > deadline - MIN_ATTEMPT_MS) throw error;
      await sleep(wait);
    }
  }
}

/** The platform's host as messages show it: `qyapi.weixin.qq.com` (with the port when it has one). */
const hostOf = (url: URL) => url.host;

async function attemptWithTimeout<T extends object>(options: RequestOptions, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const where = `${hostOf(options.url)}${redact(options.url.pathname + options.url.search)}`;
        const error = new WxHttpError(
          `${where}: no complete answer within ${Math.round(timeoutMs)} ms (timed out; the platform or the network path to it is stalled)`,
          { path: redact(options.url.pathname + options.url.search), host: hostOf(options.url) },
        );
        reject(error);
        controller.abort(error);
      },
      Math.max(1, timeoutMs),
    );
  });
  const work = attemptOnce<T>(options, controller.signal);
  // The loser of the race must not surface as an unhandled rejection.
  work.catch(() => {});
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function attemptOnce<T extends object>(
  { fetch, platform, method, url, body }: RequestOptions,
  signal: AbortSignal,
): Promise<T> {
  const path = redact(url.pathname + url.search);
  const host = hostOf(url);
  const where = `${host}${path}`;
  const networkError = (cause: unknown) =>
    new WxHttpError(`${where}: network error (${redact(String((cause as Error)?.message ?? cause))})`, {
      path,
      host,
      cause,
    });
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      signal,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // A connection dropped mid-body fails here, not in fetch().
    text = await response.text();
  } catch (cause) {
    throw signal.aborted ? signal.reason : networkError(cause);
  }
  if (response.status !== 200) {
    throw new WxHttpError(`${where}: HTTP ${response.status}`, { path, status: response.status, host });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new WxHttpError(`${where}: the answer is not JSON (${redact(text.slice(0, 80))})`, {
      path,
      status: response.status,
      host,
    });
  }
  if (!data || typeof data !== 'object')
    throw new WxHttpError(`${where}: the answer is not a JSON object`, { path, status: 200, host });
  // WeChat answers errors with HTTP 200 and an errcode; OA token endpoints omit errcode on success.
  const { errcode, errmsg } = data as { errcode?: unknown; errmsg?: unknown };
  if (typeof errcode === 'number' && errcode !== 0) {
    throw new WxApiError({
      errcode,
      errmsg: redact(String(errmsg ?? '')),
      path,
      host,
      platform,
      explanation: explain(errcode, platform),
    });
  }
  return data as T;
}
