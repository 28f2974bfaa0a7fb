import type { Context, Hono } from 'hono';
import { fail } from './envelope.js';
import type { TokenRecord } from './tokens.js';
import { credentials } from './tokens.js';
import type { Platform, World } from './world.js';

export interface EmulatorContext {
  world(): World;
  /** Checks `access_token` in the query; a token record, or the error response to return. */
  token(c: Context, platform: Platform): TokenRecord | Response;
  /** The emulator's own origin as the caller sees it. */
  origin(c: Context): string;
  /** When listening on every interface: the LAN address phones reach this machine by (QR codes use it). */
  lan(): string | undefined;
}

export interface Service {
  name: string;
  /**
   * The platform whose API this service is. Platform services register on that platform's own router and only
   * see requests routed to it (by token, see `routing.ts`); without one the service is the emulator's own
   * (pages, control API, console) and registers on the top-level app.
   */
  platform?: Platform;
  register(app: Hono, ctx: EmulatorContext): void;
}

export function checkToken(world: World, c: Context, platform: Platform): TokenRecord | Response {
  const value = c.req.query('access_token');
  if (!value) return fail(c, platform, 41001, 'access_token missing');
  const record = credentials.of(world).tokens.get(value);
  if (!record || record.platform !== platform || record.kind === 'sns') {
    return fail(c, platform, 40014, 'invalid access_token');
  }
  if (record.revoked || (record.revokeAt !== undefined && record.revokeAt <= world.now()))
    return fail(c, platform, 40001, 'invalid credential, access_token is invalid or not latest');
  if (record.expiresAt <= world.now()) return fail(c, platform, 42001, 'access_token expired');
  return record;
}

/** What a platform handler needs from the request (a token, the calling app, a JSON body), or the refusal to answer. */
export type Guard<T> = (c: Context) => T | Response | Promise<T | Response>;

export type GuardedHandler<T> = (c: Context, value: T) => Response | Promise<Response>;

/**
 * Routes behind a guard: the guard runs first and its refusal (40014, 41001, 47001, 60020…) is answered as it is;
 * the handler runs with what the guard found. One place instead of the same prologue in every handler.
 */
export function guarded<T>(app: Hono, guard: Guard<T>) {
  const run =
    (handler: GuardedHandler<T>) =>
    async (c: Context): Promise<Response> => {
      const value = await guard(c);
      return value instanceof Response ? value : handler(c, value);
    };
  return {
    get: (path: string, handler: GuardedHandler<T>) => app.get(path, run(handler)),
    post: (path: string, handler: GuardedHandler<T>) => app.post(path, run(handler)),
  };
}
