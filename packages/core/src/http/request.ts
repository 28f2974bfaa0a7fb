import { explain } from '../errors/catalog.js';
import { type Platform, WxApiError, WxHttpError } from '../errors/errors.js';
import { redact } from '../errors/redact.js';

export interface RequestOptions {
  fetch: typeof fetch;
  platform: Platform;
  method: 'GET' | 'POST';
  url: URL;
  body?: unknown;
  /** Waits between retries of transient failures; injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries after a transient failure (-1, network error, HTTP 5xx). */
  retries?: number;
  /**
   * False for calls that must not run twice (message/send): a network error or HTTP 5xx may come after the
   * platform acted, so only an explicit -1 (busy, nothing done) is retried.
   */
  repeatable?: boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isTransient = (error: unknown, repeatable: boolean) =>
  (error instanceof WxApiError && error.errcode === -1) ||
  (repeatable && error instanceof WxHttpError && (error.status === undefined || error.status >= 500));

/** One JSON call to the platform: checks the HTTP status and the errcode, retries transient failures. */
export async function requestJson<T extends object>(options: RequestOptions): Promise<T> {
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce<T>(options);
    } catch (error) {
      if (attempt >= retries || !isTransient(error, options.repeatable ?? true)) throw error;
      await sleep(200 * 2 ** attempt);
    }
  }
}

async function requestOnce<T extends object>({
  fetch,
  platform,
  method,
  url,
  body,
}: RequestOptions): Promise<T> {
  const path = redact(url.pathname + url.search);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new WxHttpError(`${path}: network error (${(cause as Error)?.message ?? cause})`, path, undefined, {
      cause,
    });
  }
  const text = await response.text();
  if (response.status !== 200) {
    throw new WxHttpError(`${path}: HTTP ${response.status}`, path, response.status);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new WxHttpError(
      `${path}: the answer is not JSON (${redact(text.slice(0, 80))})`,
      path,
      response.status,
    );
  }
  if (!data || typeof data !== 'object')
    throw new WxHttpError(`${path}: the answer is not a JSON object`, path, 200);
  // WeChat answers errors with HTTP 200 and an errcode; OA token endpoints omit errcode on success.
  const { errcode, errmsg } = data as { errcode?: unknown; errmsg?: unknown };
  if (typeof errcode === 'number' && errcode !== 0) {
    throw new WxApiError({
      errcode,
      errmsg: redact(String(errmsg ?? '')),
      path,
      platform,
      explanation: explain(errcode, platform),
    });
  }
  return data as T;
}
