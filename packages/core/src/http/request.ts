import type { Platform } from '../contract/platform.js';
import { explain } from '../errors/catalog.js';
import { isWxApiError, isWxHttpError, WxApiError, WxHttpError } from '../errors/errors.js';
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
  /**
   * `media`: the answer may be a file (media/get): any body that is not a JSON error comes back as bytes with
   * its content-type and file name. Errors still arrive as JSON, so they are checked as for every call.
   */
  expect?: 'json' | 'media';
}

/** A file the platform served (media/get): the bytes, the content-type and the file name it gave. */
export interface MediaFile {
  data: Uint8Array;
  contentType: string;
  /** From Content-Disposition; empty when the platform gave none. */
  filename: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// Starting an attempt with less time than this left is pointless: it would time out at once.
const MIN_ATTEMPT_MS = 50;

/**
 * errcode -1 (system busy), and — for calls safe to repeat — no answer at all (network, drop, timeout) or HTTP 5xx
 * other than 501: "not implemented" (the emulator's answer for what it does not emulate) is the same on every try.
 */
const isTransient = (error: unknown, repeatable: boolean) =>
  (isWxApiError(error) && error.errcode === -1) ||
  (repeatable &&
    isWxHttpError(error) &&
    (error.status === undefined || (error.status >= 500 && error.status !== 501)));

/** The errmsg of a JSON error body (the emulator's 501 says what is not emulated), for the HTTP error's message. */
function bodyMessage(bytes: Uint8Array): string {
  try {
    const data = JSON.parse(new TextDecoder().decode(bytes)) as { errmsg?: unknown };
    return typeof data?.errmsg === 'string' && data.errmsg ? `: ${redact(data.errmsg.slice(0, 300))}` : '';
  } catch {
    return '';
  }
}

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

/**
 * One attempt, rejected with a WxHttpError (and its fetch aborted) when it has no complete answer within
 * `timeoutMs`. One promise settled by whichever comes first: a `Promise.race` with a timeout promise cost three
 * promises more per call, and the loser's rejection needed a handler of its own.
 */
function attemptWithTimeout<T extends object>(options: RequestOptions, timeoutMs: number): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
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
    // Settling twice is a no-op: an answer after the timeout (or a rejection caused by the abort) is dropped.
    attemptOnce<T>(options, controller.signal).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function attemptOnce<T extends object>(
  { fetch, platform, method, url, body, expect }: RequestOptions,
  signal: AbortSignal,
): Promise<T> {
  // What messages show of the call, redacted; built only when something failed (most calls succeed).
  const host = hostOf(url);
  const pathOf = () => redact(url.pathname + url.search);
  /** A WxHttpError for this call: `host/path: what`, with the redacted path and the host as fields. */
  const httpError = (what: string, fields: { status?: number; cause?: unknown } = {}) => {
    const path = pathOf();
    return new WxHttpError(`${host}${path}: ${what}`, { path, host, ...fields });
  };
  let response: Response;
  let bytes: Uint8Array;
  // FormData (media/upload) goes as multipart: fetch writes the boundary into the content-type itself.
  const form = typeof FormData !== 'undefined' && body instanceof FormData;
  try {
    response = await fetch(url, {
      method,
      signal,
      headers: body === undefined || form ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
    });
    // A connection dropped mid-body fails here, not in fetch().
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw signal.aborted
      ? signal.reason
      : httpError(`network error (${redact(String((cause as Error)?.message ?? cause))})`, { cause });
  }
  if (response.status !== 200)
    throw httpError(`HTTP ${response.status}${bodyMessage(bytes)}`, { status: response.status });
  if (expect === 'media') {
    const media = asMedia(response, bytes);
    if (media) return media as unknown as T;
  }
  const text = new TextDecoder().decode(bytes);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw httpError(`the answer is not JSON (${redact(text.slice(0, 80))})`, { status: response.status });
  }
  if (!data || typeof data !== 'object') throw httpError('the answer is not a JSON object', { status: 200 });
  // WeChat answers errors with HTTP 200 and an errcode; OA token endpoints omit errcode on success.
  const { errcode, errmsg } = data as { errcode?: unknown; errmsg?: unknown };
  if (typeof errcode === 'number' && errcode !== 0) {
    throw new WxApiError({
      errcode,
      errmsg: redact(String(errmsg ?? '')),
      path: pathOf(),
      host,
      platform,
      explanation: explain(errcode, platform),
    });
  }
  return data as T;
}

/**
 * The file in a media/get answer, or undefined when the answer is a JSON envelope (an error, checked by the
 * caller like any other). Quirk: the platform sends its JSON errors as `application/json` on WeCom and as
 * `text/plain` on the Official Account, and a stored text file may come back as text/plain too — so a
 * JSON-looking or text answer is a file unless it parses as an object carrying an errcode.
 */
function asMedia(response: Response, bytes: Uint8Array): MediaFile | undefined {
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  if (/^(application\/json|text\/plain)/i.test(contentType) && bytes.length < 64 * 1024) {
    try {
      const data = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      if (data && typeof data === 'object' && 'errcode' in data) return undefined;
    } catch {
      // Not JSON: a file.
    }
  }
  return { data: bytes, contentType, filename: filenameOf(response.headers.get('content-disposition')) };
}

/** `attachment; filename="a.jpg"` or RFC 5987 `filename*=UTF-8''%E5%9B%BE.jpg` → the name; '' when absent. */
export function filenameOf(disposition: string | null): string {
  if (!disposition) return '';
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Malformed escapes: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(disposition);
  return utf8Name((plain?.[1] ?? plain?.[2] ?? '').trim());
}

/** A header is bytes: a name sent as raw UTF-8 (WeCom media/get) reads as Latin-1 here; read it back as UTF-8. */
function utf8Name(name: string): string {
  if (!/[\x80-\xff]/.test(name) || /[^\x00-\xff]/.test(name)) return name;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(name, (ch) => ch.charCodeAt(0)));
  } catch {
    return name;
  }
}
