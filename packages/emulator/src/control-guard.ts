import { readCappedText } from '@wxkit/core';
import type { Context, MiddlewareHandler } from 'hono';
import { controlError } from './refusal.js';

/** Largest control-API body (a whole seed for `PUT /_emulator/state` fits with room to spare). */
export const CONTROL_BODY_LIMIT = 1024 * 1024;

/**
 * Write routes a page calls across origins on purpose: the bridge posts `wx.config` signatures from the app's
 * origin (with CORS, `access-control-allow-origin: *`). They change nothing but the journal and return no secret,
 * so neither the Origin rule nor the content-type rule (which only exists to force a CORS preflight) protects
 * anything there; Host, size and JSON-object rules still apply. `jssdk/media` (the bridge's uploadImage and
 * downloadImage) stores small pictures under the emulator's media caps and hands a file back only to whoever
 * holds its random serverId.
 */
const CROSS_ORIGIN_WRITES = new Set(['/_emulator/jssdk/verify', '/_emulator/jssdk/media']);

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

export interface GuardOptions {
  /** Host names (without port) the control API answers besides loopback: the configured and listening host. */
  hosts: () => string[];
  /** The LAN address when listening on every interface (also allowed as a Host). */
  lan?: () => string | undefined;
}

const refuse = (c: Context, status: 400 | 403 | 413 | 415, error: string) => controlError(c, error, status);

/** The hostname of a Host header (`[::1]:4100` → `[::1]`, `Localhost:80` → `localhost`). */
export function hostnameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/** True when the request came through a socket (node adapter); in-process `emulator.fetch` calls have none. */
const overSocket = (c: Context) => Boolean((c.env as { incoming?: unknown } | undefined)?.incoming);

/**
 * One gate in front of everything under `/_emulator` (and the console at `/`), so routes added later are covered:
 *
 * - Host allow-list (socket requests): a DNS-rebinding page reaches 127.0.0.1 with its own name in Host, and must
 *   not read `/_emulator/state` (app secrets). 403.
 * - Writes (anything but GET/HEAD/OPTIONS) are JSON only (`content-type: application/json`, 415 otherwise): a
 *   cross-site form can send text/plain without a preflight, never application/json.
 * - Writes refuse other origins: an `Origin` that is not the emulator's own, or `Sec-Fetch-Site: cross-site`. 403.
 * - Bodies up to {@link CONTROL_BODY_LIMIT} (413), valid JSON objects (400); the parsed text is handed to the
 *   route through Hono's body cache, so routes read it as usual.
 */
export function controlGuard(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (overSocket(c)) {
      const name = hostnameOf(host);
      const allowed = [...LOOPBACK, ...options.hosts().map((h) => h.toLowerCase())];
      if (!allowed.includes(name))
        return refuse(
          c,
          403,
          `Host "${host}" is not allowed: the control API answers only on ${allowed.join(', ')} (DNS-rebinding guard). Open the emulator by one of these names, or start it with host set to the name you use.`,
        );
    }
    if (READS.has(c.req.method)) return next();

    const path = c.req.path;
    if (!CROSS_ORIGIN_WRITES.has(path)) {
      const origin = c.req.header('origin');
      const own = new URL(c.req.url).origin;
      const ownByHost = host ? `${new URL(c.req.url).protocol}//${host.toLowerCase()}` : own;
      if (origin !== undefined && origin !== own && origin.toLowerCase() !== ownByHost)
        return refuse(
          c,
          403,
          `cross-origin write refused: Origin ${origin} is not the emulator's own (${ownByHost}). Call the control API from your test or script, not from a page.`,
        );
      if (c.req.header('sec-fetch-site') === 'cross-site')
        return refuse(c, 403, 'cross-site write refused (Sec-Fetch-Site: cross-site)');
    }

    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' && !CROSS_ORIGIN_WRITES.has(path))
      return refuse(
        c,
        415,
        `${c.req.method} ${path} takes a JSON body: send content-type: application/json (got ${type || 'none'})`,
      );
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > CONTROL_BODY_LIMIT)
      return refuse(c, 413, `body over ${CONTROL_BODY_LIMIT} bytes (content-length ${declared})`);
    const text = await readCappedText(c.req.raw, CONTROL_BODY_LIMIT);
    if (text === undefined) return refuse(c, 413, `body over ${CONTROL_BODY_LIMIT} bytes`);
    const body = text.trim() === '' ? '{}' : text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return refuse(c, 400, `${c.req.method} ${path}: the body is not valid JSON`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return refuse(c, 400, `${c.req.method} ${path}: the body must be a JSON object`);
    // Hand the text on: c.req.json() / text() read this instead of the (consumed) stream.
    (c.req as unknown as { bodyCache: Record<string, Promise<unknown>> }).bodyCache = {
      text: Promise.resolve(body),
    };
    return next();
  };
}
