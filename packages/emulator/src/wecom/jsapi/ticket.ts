import type { Context } from 'hono';
import { guarded, type Service } from '../../context.js';
import { fail, ok } from '../../envelope.js';
import { credentials } from '../../tokens.js';
import { overLimit } from '../../traffic.js';
import { randomToken, type World } from '../../world.js';
import { type WeComCaller, weComCaller } from '../common.js';

const LIFETIME_MS = 7200_000;
const HOUR_MS = 3600_000;

export function currentTicket(
  world: World,
  key: string,
): { value: string; expiresIn: number; fresh: boolean } {
  const now = world.now();
  const existing = credentials.of(world).tickets.get(key);
  if (existing && existing.expiresAt > now)
    return { value: existing.value, expiresIn: Math.ceil((existing.expiresAt - now) / 1000), fresh: false };
  const value = randomToken(86);
  credentials.of(world).tickets.set(key, { value, expiresAt: now + LIFETIME_MS });
  return { value, expiresIn: LIFETIME_MS / 1000, fresh: true };
}

/** The corp ticket (wx.config) and the agent ticket (wx.agentConfig); at most 400/hour per corp, 100/hour per app. */
export const weComJsapi: Service = {
  name: 'wecom-jsapi',
  platform: 'wecom',
  register(app, ctx) {
    const answer = (c: Context, caller: WeComCaller, kind: 'corp' | 'agent') => {
      const world = ctx.world();
      if (
        overLimit(
          world,
          `ticket:corp:${caller.corp.corpId}`,
          world.seed.limits.ticketsPerHourPerCorp,
          HOUR_MS,
        ) ||
        overLimit(
          world,
          `ticket:app:${caller.corp.corpId}:${caller.app.agentId}`,
          world.seed.limits.ticketsPerHourPerApp,
          HOUR_MS,
        )
      ) {
        return fail(
          c,
          'wecom',
          45009,
          'api freq out of limit',
          'jsapi tickets are limited to 400/hour per corp and 100/hour per app; cache them',
        );
      }
      const key =
        kind === 'corp'
          ? `wecom:corp:${caller.corp.corpId}`
          : `wecom:agent:${caller.corp.corpId}:${caller.app.agentId}`;
      const ticket = currentTicket(world, key);
      return ok(c, { ticket: ticket.value, expires_in: ticket.expiresIn });
    };
    guarded(app, (c) => weComCaller(ctx, c)).get('/cgi-bin/get_jsapi_ticket', async (c, caller) =>
      answer(c, caller, 'corp'),
    );
    // The type is looked at before the token, as before.
    const agentTicket = guarded(app, (c) =>
      c.req.query('type') !== 'agent_config'
        ? fail(c, 'wecom', 40058, 'invalid Request Parameter', 'ticket/get expects type=agent_config')
        : weComCaller(ctx, c),
    );
    agentTicket.get('/cgi-bin/ticket/get', async (c, caller) => answer(c, caller, 'agent'));
  },
};
