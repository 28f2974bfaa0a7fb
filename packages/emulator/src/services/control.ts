import { explain } from '@wxkit/core';
import QRCode from 'qrcode';
import { fireEvent, verifyCallbackUrl } from '../callbacks.js';
import type { Service } from '../context.js';
import { jsonBody } from '../envelope.js';
import type { Seed } from '../seed.js';

export interface ControlHooks {
  reset(seed?: Seed): void;
  advance(seconds: number): void;
}

const json = (c: { json: (v: unknown, s?: number) => Response }, value: unknown, status = 200) =>
  c.json(value, status as 200);

/** The control API under /_emulator: reset, state, clock, expiry, stats, journal, faults, events, inbox. */
export function controlService(hooks: ControlHooks): Service {
  return {
    name: 'control',
    register(app, ctx) {
      app.post('/_emulator/reset', (c) => {
        hooks.reset();
        return json(c, { ok: true });
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
        if (!body || typeof body['seed'] !== 'object')
          return json(c, { error: 'PUT /_emulator/state takes {"seed": {...}} as exported by GET' }, 400);
        try {
          hooks.reset(body['seed'] as Seed);
        } catch (error) {
          return json(c, { error: (error as Error).message }, 400);
        }
        return json(c, { ok: true });
      });
      app.post('/_emulator/clock/advance', async (c) => {
        const seconds = Number((await jsonBody(c))?.['seconds']);
        if (!Number.isFinite(seconds) || seconds < 0)
          return json(c, { error: 'POST /_emulator/clock/advance takes {"seconds": n} with n >= 0' }, 400);
        hooks.advance(seconds);
        return json(c, { ok: true, now: ctx.world().now() });
      });
      app.post('/_emulator/expire', async (c) => {
        const kind = String((await jsonBody(c))?.['kind'] ?? 'all');
        if (!['tokens', 'tickets', 'codes', 'all'].includes(kind))
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
        json(c, { calls: ctx.world().calls, errcodes: ctx.world().errcodes }),
      );
      app.get('/_emulator/journal', (c) => json(c, { entries: ctx.world().journal.slice(-500) }));
      app.get('/_emulator/inbox', (c) => json(c, { messages: ctx.world().inbox }));
      app.get('/_emulator/faults', (c) => json(c, { faults: ctx.world().faults }));
      app.post('/_emulator/faults', async (c) => {
        const body = await jsonBody(c);
        const path = body?.['path'];
        if (typeof path !== 'string' || !path.startsWith('/'))
          return json(
            c,
            {
              error:
                'faults take {"path": "/cgi-bin/...", "count": n, "errcode"? | "status"? | "delayMs"? | "drop"?}',
            },
            400,
          );
        const fault = {
          path,
          remaining: Number(body?.['count'] ?? 1),
          ...(typeof body?.['errcode'] === 'number' ? { errcode: body['errcode'] } : {}),
          ...(typeof body?.['status'] === 'number' ? { status: body['status'] } : {}),
          ...(typeof body?.['delayMs'] === 'number' ? { delayMs: body['delayMs'] } : {}),
          ...(body?.['drop'] === true ? { drop: true } : {}),
        };
        if (
          fault.errcode === undefined &&
          fault.status === undefined &&
          fault.delayMs === undefined &&
          !fault.drop
        ) {
          return json(c, { error: 'a fault needs errcode, status, delayMs or drop' }, 400);
        }
        ctx.world().faults.push(fault);
        return json(c, { ok: true, fault });
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
        if (!text) return json(c, { error: 'pass ?text=' }, 400);
        return c.body(await QRCode.toString(text, { type: 'svg', margin: 1 }), 200, {
          'content-type': 'image/svg+xml',
        });
      });
      app.get('/_emulator/avatar/:name', (c) => {
        const name = decodeURIComponent(c.req.param('name')).replace(/\.svg$/, '');
        const letter = [...name].slice(-1)[0]?.replace(/[<&>"]/g, '') ?? '?';
        const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" rx="12" fill="#3370ff"/><text x="48" y="62" font-size="44" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
        return c.body(svg, 200, { 'content-type': 'image/svg+xml' });
      });
    },
  };
}
