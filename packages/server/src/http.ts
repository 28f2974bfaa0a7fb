import { isWxApiError, isWxConfigError, isWxHttpError } from '@wxkit/core';

export interface ErrorBody {
  code: string;
  message: string;
  errcode?: number;
  hint?: string;
}

/** Every error answer: `{ error: { code, message, errcode?, hint? } }`. */
export function errorResponse(status: number, error: ErrorBody, headers: HeadersInit = {}): Response {
  return json({ error }, status, headers);
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(value: unknown, status = 200, headers?: HeadersInit): Response {
  // A plain header object on the hot path: no Headers instance unless there are extra headers (cookies).
  if (!headers) return new Response(JSON.stringify(value), { status, headers: JSON_HEADERS });
  const h = new Headers(headers);
  for (const [name, v] of Object.entries(JSON_HEADERS)) h.set(name, v);
  return new Response(JSON.stringify(value), { status, headers: h });
}

export function redirect(location: string, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set('location', location);
  h.set('cache-control', 'no-store');
  return new Response(null, { status: 302, headers: h });
}

/** Turns an error from core into the envelope; messages from core are already free of secrets. */
export function fromError(error: unknown): Response {
  if (isWxApiError(error)) {
    return errorResponse(502, {
      code: 'platform_error',
      message: `${error.path} answered errcode ${error.errcode}`,
      errcode: error.errcode,
      hint: error.hint,
    });
  }
  if (isWxHttpError(error))
    return errorResponse(502, {
      code: 'platform_unreachable',
      message: error.message,
      hint: 'Check the network path to the platform (or WXKIT_EMULATOR_HOST)',
    });
  if (isWxConfigError(error)) return errorResponse(400, { code: 'bad_request', message: error.message });
  return errorResponse(500, { code: 'internal', message: 'Internal error' });
}

export function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {}
  }
  return cookies;
}

export function cookie(
  name: string,
  value: string,
  options: { maxAge: number; secure: boolean; path?: string },
): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAge))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
