import { explain } from '@wxkit/core';
import QRCode from 'qrcode';
import { fireEvent, verifyCallbackUrl } from '../callbacks.js';
import { codeState } from '../codes.js';
import type { Service } from '../context.js';
import { jsonBody } from '../envelope.js';
import { forPhones } from '../lan.js';
import type { SnapshotInfo } from '../lifecycle.js';
import { menuState } from '../menus.js';
import { pushState } from '../push.js';
import { controlError, refused } from '../refusal.js';
import type { Seed } from '../seed.js';
import { credentials } from '../tokens.js';
import { type Fault, faultCount, TRAFFIC_CAPS, traffic } from '../traffic.js';
import { messageState } from '../wecom/message/message.js';

export interface ControlHooks {
  reset(seed?: Seed): void;
  advance(seconds: number): void;
  saveAs(name: string): SnapshotInfo;
  restore(name: string): SnapshotInfo;
  remove(name: string): boolean;
  list(): SnapshotInfo[];
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
          inbox: messageState.of(world).inbox,
          menus: Object.fromEntries(menuState.of(world).menus),
        });
      });
      app.put('/_emulator/state', async (c) => {
        const body = await jsonBody(c);
        const seed = body?.['seed'];
        if (!seed || typeof seed !== 'object' || Array.isArray(seed))
          return controlError(c, 'PUT /_emulator/state takes {"seed": {...}} as exported by GET');
        try {
          hooks.reset(body['seed'] as Seed);
        } catch (error) {
          return controlError(c, (error as Error).message);
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
          return controlError(
            c,
            `POST /_emulator/clock/advance takes {"seconds": n} with 0 <= n <= ${CONTROL_BOUNDS.advanceSeconds}`,
          );
        hooks.advance(seconds);
        return json(c, { ok: true, now: ctx.world().now() });
      });
      app.post('/_emulator/expire', async (c) => {
        const kind = (await jsonBody(c))?.['kind'] ?? 'all';
        if (typeof kind !== 'string' || !['tokens', 'tickets', 'codes', 'all'].includes(kind))
          return controlError(c, 'kind is tokens, tickets, codes or all');
        const world = ctx.world();
        const past = world.now() - 1;
        if (kind === 'tokens' || kind === 'all')
          for (const t of credentials.of(world).tokens.values()) t.expiresAt = past;
        if (kind === 'tickets' || kind === 'all')
          for (const t of credentials.of(world).tickets.values()) t.expiresAt = past;
        if (kind === 'codes' || kind === 'all')
          for (const code of codeState.of(world).codes.values()) code.issuedAt = past - 300_000;
        return json(c, { ok: true });
      });
      app.get('/_emulator/stats', (c) =>
        json(c, {
          calls: traffic.of(ctx.world()).calls.counts,
          errcodes: traffic.of(ctx.world()).errcodes.counts,
          sizes: ctx.world().sizes(),
        }),
      );
      app.get('/_emulator/deliveries', (c) =>
        json(c, { deliveries: pushState.of(ctx.world()).deliveries.slice(-200) }),
      );
      app.get('/_emulator/journal', (c) => json(c, { entries: traffic.of(ctx.world()).journal.slice(-500) }));
      app.get('/_emulator/inbox', (c) => json(c, { messages: messageState.of(ctx.world()).inbox }));
      app.get('/_emulator/faults', (c) =>
        json(c, { faults: [...traffic.of(ctx.world()).faults.values()].flat() }),
      );
      app.post('/_emulator/faults', async (c) => {
        const parsed = parseFault((await jsonBody(c)) ?? {});
        if ('error' in parsed) return controlError(c, parsed.error);
        const world = ctx.world();
        if (faultCount(world) >= TRAFFIC_CAPS.faults)
          return json(
            c,
            { error: `at most ${TRAFFIC_CAPS.faults} faults at once; let some run out or reset` },
            400,
          );
        const list = traffic.of(world).faults.get(parsed.fault.path) ?? [];
        list.push(parsed.fault);
        traffic.of(world).faults.set(parsed.fault.path, list);
        return json(c, { ok: true, fault: parsed.fault });
      });
      app.get('/_emulator/explain/:code', (c) => {
        const e = explain(Number(c.req.param('code')));
        return e ? json(c, e) : controlError(c, 'not in the catalog', 404);
      });
      // What the event builders refuse (a plain Error from a check) answers 400 like a Refusal.
      for (const [path, run] of [
        ['/_emulator/events', fireEvent],
        ['/_emulator/callback/verify', verifyCallbackUrl],
      ] as const)
        app.post(path, async (c) => {
          const body = (await jsonBody(c)) ?? {};
          return run(ctx.world(), body).then(
            (answer) => json(c, answer),
            (error: unknown) => refused(c, error),
          );
        });
      app.get('/_emulator/qr', async (c) => {
        const text = c.req.query('text');
        if (!text || text.length > CONTROL_BOUNDS.qrText)
          return controlError(c, `pass ?text= (1-${CONTROL_BOUNDS.qrText} characters)`);
        let svg: string;
        try {
          svg = await QRCode.toString(forPhones(text, ctx.lan()), { type: 'svg', margin: 1 });
        } catch (error) {
          return controlError(c, `no QR code for this text: ${(error as Error).message}`);
        }
        return c.body(svg, 200, { 'content-type': 'image/svg+xml' });
      });
      // Every page of the emulator's origin asked for it and got a 404 in the browser console.
      app.get('/favicon.ico', (c) =>
        c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' }),
      );
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

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" rx="6" fill="#07c160"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">wx</text></svg>';
