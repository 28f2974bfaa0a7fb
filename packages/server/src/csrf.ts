import type { ErrorBody } from './http.js';

export interface CsrfInput {
  method: string;
  header(name: string): string | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a state-changing request another site could have made: a cross-site `Sec-Fetch-Site`, an `Origin`
 * that is not one of ours, and (with `json`) any body type an HTML form can send without a CORS preflight
 * (text/plain, urlencoded, multipart). Requests without either header (curl, server-to-server) pass on the
 * JSON rule alone. Returns the refusal, or undefined when the request may proceed.
 */
export function crossSiteRefusal(
  call: CsrfInput,
  allowedOrigins: readonly string[],
  options: { json?: boolean } = {},
): ErrorBody | undefined {
  if (!UNSAFE.has(call.method)) return undefined;
  const site = call.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return {
      code: 'cross_site',
      message: `A ${site} ${call.method} is refused (CSRF)`,
      hint: 'Call this route from pages on this site only',
    };
  }
  const origin = call.header('origin');
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return {
      code: 'cross_site',
      message: `Origin ${origin.slice(0, 100)} may not ${call.method} here (CSRF)`,
      hint: `Allowed: ${allowedOrigins.join(', ')}; set publicUrl to every origin your pages use`,
    };
  }
  if (options.json) {
    const type = (call.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return {
        code: 'json_required',
        message: `Send content-type: application/json (got ${type || 'none'})`,
        hint: 'Forms and text/plain bodies are refused so that other sites cannot post here',
      };
    }
  }
  return undefined;
}
