import { explain } from '@wxkit/core';
import QRCode from 'qrcode';
import { fireEvent, verifyCallbackUrl } from '../callbacks.js';
import type { Service } from '../context.js';
import { jsonBody } from '../envelope.js';
import { forPhones } from '../lan.js';
import type { Seed } from '../seed.js';
import { CAPS, type Fault } from '../world.js';

export interface ControlHooks {
  reset(seed?: Seed): void;
  advance(seconds: number): void;
}

const json = (c: { json: (v: unknown, s?: number) => Response }, value: unknown, status = 200) =>
  c.json(value, status as 200);

/** Bounds on control-API numbers: beyond them the request is refused (400), never clamped silently. */
export const CONTROL_BOUNDS = {
  /** One clock jump: a year. */
  advanceSeconds: 366 * 86_400,
  faultCount: 10_000,
  /** A delay fault holds the request this long at most. */
  delayMs: 60_000,
  errcode: { min: -99_999_999, max: 999_999_999 },
  status: { min: 400, max: 599 },
  qrText: 1000,
} as const;

const whole = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

type FaultInput = { fault: Fault } | { error: string };

/** Checks a POST /_emulator/faults body; every field bounded, one of errcode/status/delayMs/drop required. */
function parseFault(body: Record<string, unknown>): FaultInput {
  const usage =
    'faults take {"path": "/cgi-bin/...", "count": 1-10000, "errcode"?: int, "status"?: 400-599, "delayMs"?: 0-60000, "drop"?: true}';
  const path = body['path'];
  if (typeof path !== 'string' || !path.startsWith('/') || path.length > 512)
    return { error: `path must be the API path, e.g. "/cgi-bin/gettoken"; ${usage}` };
  const count = body['count'] ?? 1;
  if (!whole(count, 1, CONTROL_BOUNDS.faultCount))
    return { error: `count must be a whole number 1-${CONTROL_BOUNDS.faultCount}; ${usage}` };
  const fault: Fault = { path, remaining: count };
  const { errcode, status, delayMs, drop } = body;
  if (errcode !== undefined) {
    if (!whole(errcode, CONTROL_BOUNDS.errcode.min, CONTROL_BOUNDS.errcode.max))
      return { error: `errcode must be a whole number; ${usage}` };
    fault.errcode = errcode;
  }
  if (status !== undefined) {
    if (!whole(status, CONTROL_BOUNDS.status.min, CONTROL_BOUNDS.status.max))
      return { error: `status must be an HTTP error status 400-599; ${usage}` };
    fault.status = status;
  }
  if (delayMs !== undefined) {
    if (!whole(delayMs, 0, CONTROL_BOUNDS.delayMs))
      return { error: `delayMs must be a whole number 0-${CONTROL_BOUNDS.delayMs}; ${usage}` };
    fault.delayMs = delayMs;
  }
  if (drop !== undefined) {
    if (typeof drop !== 'boolean') return { error: `drop must be true or false; ${usage}` };
    if (drop) fault.drop = true;
  }
  if (fault.errcode === undefined && fault.status === undefined && fault.delayMs === undefined && !fault.drop)
    return { error: `a fault needs errcode, status, delayMs or drop; ${usage}` };
  return { fault };
}

/** The control API under /_emulator: reset, state, clock, expiry, stats, journal, faults, events, inbox. */
export function controlService(hooks: ControlHooks): Service {
  return {
    name: 'control',
    register(app, ctx) {
      app.post('/_emulator/reset', (c) => {
        hooks.reset();
        // Old audit M14: a client that caches tokens or tickets (Redis, a file) keeps ones the emulator no longer
        // knows: say so, as the platform never forgets a live token.
        return json(c, {
          ok: true,
          warning:
            'every token, ticket and code issued before is unknown now (40014, config:invalid signature): clear the app’s credential cache (Redis keys, token files) too',
        });
      });
      app.get('/_emulator/state', (c) => {
        const world = ctx.world();
        return json(c, {
          seed: world.seed,
          now: world.now(),
          inbox: world.inbox,
          menus: Object.fromEntries(world.menus),
        });
      });
      app.put('/_emulator/state', async (c) => {
        const body = await jsonBody(c);
        const seed = body?.['seed'];
        if (!seed || typeof seed !== 'object' || Array.isArray(seed))
          return json(c, { error: 'PUT /_emulator/state takes {"seed": {...}} as exported by GET' }, 400);
        try {
          hooks.reset(body['seed'] as Seed);
        } catch (error) {
          return json(c, { error: (error as Error).message }, 400);
        }
        return json(c, { ok: true });
      });
      app.post('/_emulator/clock/advance', async (c) => {
        const seconds = (await jsonBody(c))?.['seconds'];
        if (
          typeof seconds !== 'number' ||
          !Number.isFinite(seconds) ||
          seconds < 0 ||
          seconds > CONTROL_BOUNDS.advanceSeconds
        )
          return json(
            c,
            {
              error: `POST /_emulator/clock/advance takes {"seconds": n} with 0 <= n <= ${CONTROL_BOUNDS.advanceSeconds}`,
            },
            400,
          );
        hooks.advance(seconds);
        return json(c, { ok: true, now: ctx.world().now() });
      });
      app.post('/_emulator/expire', async (c) => {
        const kind = (await jsonBody(c))?.['kind'] ?? 'all';
        if (typeof kind !== 'string' || !['tokens', 'tickets', 'codes', 'all'].includes(kind))
          return json(c, { error: 'kind is tokens, tickets, codes or all' }, 400);
        const world = ctx.world();
        const past = world.now() - 1;
        if (kind === 'tokens' || kind === 'all') for (const t of world.tokens.values()) t.expiresAt = past;
        if (kind === 'tickets' || kind === 'all') for (const t of world.tickets.values()) t.expiresAt = past;
        if (kind === 'codes' || kind === 'all')
          for (const code of world.codes.values()) code.issuedAt = past - 300_000;
        return json(c, { ok: true });
      });
      app.get('/_emulator/stats', (c) =>
        json(c, { calls: ctx.world().calls, errcodes: ctx.world().errcodes, sizes: ctx.world().sizes() }),
      );
      app.get('/_emulator/journal', (c) => json(c, { entries: ctx.world().journal.slice(-500) }));
      app.get('/_emulator/inbox', (c) => json(c, { messages: ctx.world().inbox }));
      app.get('/_emulator/faults', (c) => json(c, { faults: [...ctx.world().faults.values()].flat() }));
      app.post('/_emulator/faults', async (c) => {
        const parsed = parseFault((await jsonBody(c)) ?? {});
        if ('error' in parsed) return json(c, { error: parsed.error }, 400);
        const world = ctx.world();
        if (world.faultCount() >= CAPS.faults)
          return json(c, { error: `at most ${CAPS.faults} faults at once; let some run out or reset` }, 400);
        const list = world.faults.get(parsed.fault.path) ?? [];
        list.push(parsed.fault);
        world.faults.set(parsed.fault.path, list);
        return json(c, { ok: true, fault: parsed.fault });
      });
      app.get('/_emulator/explain/:code', (c) => {
        const e = explain(Number(c.req.param('code')));
        return e ? json(c, e) : json(c, { error: 'not in the catalog' }, 404);
      });
      app.post('/_emulator/events', async (c) => {
        const body = (await jsonBody(c)) ?? {};
        try {
          return json(c, await fireEvent(ctx.world(), body));
        } catch (error) {
          return json(c, { error: (error as Error).message }, 400);
        }
      });
      app.post('/_emulator/callback/verify', async (c) => {
        const body = (await jsonBody(c)) ?? {};
        try {
          return json(c, await verifyCallbackUrl(ctx.world(), body));
        } catch (error) {
          return json(c, { error: (error as Error).message }, 400);
        }
      });
      app.get('/_emulator/qr', async (c) => {
        const text = c.req.query('text');
        if (!text || text.length > CONTROL_BOUNDS.qrText)
          return json(c, { error: `pass ?text= (1-${CONTROL_BOUNDS.qrText} characters)` }, 400);
        let svg: string;
        try {
          svg = await QRCode.toString(forPhones(text, ctx.lan()), { type: 'svg', margin: 1 });
        } catch (error) {
          return json(c, { error: `no QR code for this text: ${(error as Error).message}` }, 400);
        }
        return c.body(svg, 200, { 'content-type': 'image/svg+xml' });
      });
      app.get('/_emulator/avatar/:name', (c) => {
        // Hono has already percent-decoded the segment when it could; a malformed escape stays as it came.
        const name = c.req.param('name').replace(/\.svg$/, '');
        const letter = [...name].slice(-1)[0]?.replace(/[<&>"]/g, '') ?? '?';
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" rx="12" fill="#3370ff"/><text x="48" y="62" font-size="44" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
        return c.body(svg, 200, { 'content-type': 'image/svg+xml' });
      });
    },
  };
}
