import { type ErrorBody, isWxApiError, isWxConfigError, isWxHttpError } from '@wxkit/core';
import { toResponse, type WxReply } from './call.js';

export type { ErrorBody };

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(value: unknown, status = 200, cookies?: string[]): WxReply {
  const body = JSON.stringify(value);
  return {
    status,
    headers: {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
    ...(cookies ? { cookies } : {}),
  };
}

export function text(body: string, status = 200, contentType = 'text/plain; charset=utf-8'): WxReply {
  return {
    status,
    headers: { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) },
    body,
  };
}

/** Every error answer: `{ error: { code, message, errcode?, hint? } }`. */
export function errorReply(status: number, error: ErrorBody, headers?: Record<string, string>): WxReply {
  const reply = json({ error }, status);
  if (headers) Object.assign(reply.headers, headers);
  return reply;
}

/** The same envelope as a web Response, for the app's own routes (e.g. after `requireUser`). */
export function errorResponse(status: number, error: ErrorBody, headers?: Record<string, string>): Response {
  return toResponse(errorReply(status, error, headers));
}

export function redirect(location: string, cookies?: string[]): WxReply {
  return {
    status: 302,
    headers: { location, 'cache-control': 'no-store' },
    ...(cookies ? { cookies } : {}),
  };
}

/** Turns an error from core into the envelope; messages from core are already free of secrets. */
export function fromError(error: unknown): WxReply {
  if (isWxApiError(error)) {
    return errorReply(502, {
      code: 'platform_error',
      message: `${error.host ?? ''}${error.path} answered errcode ${error.errcode}`,
      errcode: error.errcode,
      hint: error.hint,
    });
  }
  if (isWxHttpError(error))
    return errorReply(502, {
      code: 'platform_unreachable',
      message: error.message,
      hint: 'Check the network path to the platform (or WXKIT_EMULATOR_HOST)',
    });
  if (isWxConfigError(error)) return errorReply(400, { code: 'bad_request', message: error.message });
  return errorReply(500, { code: 'internal', message: 'Internal error' });
}

export function parseCookies(header: string | undefined): Record<string, string> {
  // Without a prototype: a cookie named `__proto__` or `constructor` is just a cookie, and names that differ per
  // login (`wx_login_state.<id>`) do not each add a hidden class to V8's transition tree.
  const cookies: Record<string, string> = Object.create(null);
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    const value = part.slice(eq + 1).trim();
    // The kit's own values (sealed tokens) are base64url: nothing to decode, and no scan of a long value for it.
    if (!value.includes('%')) cookies[name] = value;
    else
      try {
        cookies[name] = decodeURIComponent(value);
      } catch {}
  }
  return cookies;
}

/** What a cookie value may hold as it is (base64url tokens, the common case); anything else is percent-encoded. */
const COOKIE_SAFE = /^[A-Za-z0-9_-]*$/;

export function cookie(
  name: string,
  value: string,
  options: { maxAge: number; secure: boolean; path?: string },
): string {
  const parts = [
    `${name}=${COOKIE_SAFE.test(value) ? value : encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** A top-level navigation (an address bar, a redirect, a link), which must get a page, never raw JSON. */
export function wantsPage(call: { header(name: string): string | undefined }): boolean {
  const mode = call.header('sec-fetch-mode');
  if (mode !== undefined) return mode === 'navigate';
  return /text\/html/i.test(call.header('accept') ?? '');
}
