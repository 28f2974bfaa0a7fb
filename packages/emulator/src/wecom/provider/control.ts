import type { Context } from 'hono';
import type { Service } from '../../context.js';
import { jsonBody } from '../../envelope.js';
import { answer, need, Refusal } from '../../refusal.js';
import type { World } from '../../world.js';
import { clockState } from './clock.js';
import { cancelInstall, changeVisibleRange, marketInstall, resetPermanentCode } from './commands.js';
import { pushContactChange, sendDataEvent } from './data-events.js';
import { allSuites, pushTicket, verifySuiteUrl } from './pushes.js';
import { findSuite, installsOf, providerState } from './state.js';

type Body = Record<string, unknown>;

/** A JSON body, or the console's form fields. */
async function bodyOf(c: Context): Promise<Body> {
  if ((c.req.header('content-type') ?? '').includes('json')) return (await jsonBody(c)) ?? {};
  const form = await c.req.parseBody().catch(() => ({}));
  return form as Body;
}

const text = (body: Body, name: string) => {
  const value = body[name];
  need(typeof value === 'string' && value !== '', `${name} is required`);
  return value as string;
};

const suiteOf = (world: World, body: Body) => {
  const suiteId = text(body, 'suiteId');
  const found = findSuite(world, suiteId);
  if (!found) throw new Refusal(`no suite ${suiteId}: GET /_emulator/providers lists them`, 'not_found', 404);
  return found;
};

const numbers = (value: unknown): number[] | undefined =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : String(value).split(','))
        .filter((v) => String(v).trim() !== '')
        .map(Number);
const strings = (value: unknown): string[] | undefined =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

/** What the provider side holds: suites, tenants, the last tickets, recent pushes and the app's answers. */
export function overview(world: World) {
  const state = providerState.of(world);
  return {
    providers: (world.seed.providers ?? []).map((p) => ({ corpId: p.corpId, name: p.name ?? p.corpId })),
    suites: allSuites(world).map(({ provider, suite }) => ({
      suiteId: suite.suiteId,
      name: suite.name,
      kind: suite.kind,
      provider: provider.corpId,
      commandUrl: suite.commandUrl,
      dataUrl: suite.dataUrl,
      verifiedAt: state.verified.get(suite.suiteId) ?? null,
      tickets: (state.tickets.get(suite.suiteId) ?? []).map((t) => ({
        shown: t.shown,
        pushedAt: t.pushedAt,
        delivered: t.delivered,
      })),
      tenants: installsOf(world, suite.suiteId).map((i) => ({
        corpId: i.corpId,
        corpName: world.corp(i.corpId)?.name ?? i.corpId,
        agentId: i.agentId,
        installedAt: i.installedAt,
        permanentCodeIssued: i.codeHash !== '',
        visibleTo: world.app(i.corpId, i.agentId)?.visibleTo ?? {},
      })),
    })),
    pushes: state.pushes.toArray().slice(-50).reverse(),
  };
}

/**
 * The provider control API (README "Service providers"): GET /_emulator/providers, and POST under it: ticket,
 * verify, install (app market: create_auth), visible-range (change_auth), cancel (cancel_auth),
 * reset-permanent-code, event (a data-URL event of an installed corp).
 */
export const providerControl: Service = {
  name: 'provider-control',
  register(app, ctx) {
    for (const path of ['/_emulator/providers', '/_emulator/providers/*', '/3rdapp/*'])
      app.use(path, async (_c, next) => {
        clockState.of(ctx.world()).start();
        await next();
      });
    // A directory change from the console or the contacts control API: third-party suites installed in the corp
    // hear of it on their command URL (data-events.ts); the contacts feature answers as before.
    app.use('/_emulator/contacts/member', async (c, next) => {
      const body = ((await c.req.json().catch(() => undefined)) ?? {}) as Body;
      await next();
      if (c.res.status !== 200) return;
      const world = ctx.world();
      const corpId = typeof body['corpId'] === 'string' ? body['corpId'] : world.seed.wecom[0]?.corpId;
      const userid = (body['member'] as Body | undefined)?.['userid'];
      const changeType = { create: 'create_user', update: 'update_user', delete: 'delete_user' }[
        String(body['action'])
      ];
      if (corpId && typeof userid === 'string' && changeType)
        await pushContactChange(world, corpId, changeType, userid).catch(() => undefined);
    });
    app.get('/_emulator/providers', (c) => c.json(overview(ctx.world())));
    const post = (path: string, run: (world: World, body: Body) => unknown) =>
      app.post(`/_emulator/providers/${path}`, async (c) => {
        const body = await bodyOf(c);
        return answer(c, () => run(ctx.world(), body));
      });
    post('ticket', async (world, body) => ({
      suiteId: suiteOf(world, body).suite.suiteId,
      ...(await pushTicket(world, suiteOf(world, body).suite)),
    }));
    post('verify', async (world, body) => {
      const { provider, suite } = suiteOf(world, body);
      return verifySuiteUrl(world, provider, suite, body['which'] === 'data' ? 'data' : 'command');
    });
    post('install', (world, body) =>
      marketInstall(world, suiteOf(world, body).suite.suiteId, text(body, 'corpId'), {
        ...(typeof body['userid'] === 'string' && body['userid'] ? { userid: body['userid'] } : {}),
        ...(typeof body['state'] === 'string' && body['state'] ? { state: body['state'] } : {}),
      }),
    );
    post('visible-range', (world, body) => {
      const departments = numbers(body['departments']);
      const users = strings(body['users']);
      need(!departments || departments.every(Number.isInteger), 'departments are department ids');
      return changeVisibleRange(world, suiteOf(world, body).suite.suiteId, text(body, 'corpId'), {
        ...(departments ? { departments } : {}),
        ...(users ? { users } : {}),
      });
    });
    post('cancel', (world, body) =>
      cancelInstall(world, suiteOf(world, body).suite.suiteId, text(body, 'corpId')),
    );
    post('reset-permanent-code', (world, body) =>
      resetPermanentCode(world, suiteOf(world, body).suite.suiteId, text(body, 'corpId')),
    );
    post('event', (world, body) =>
      sendDataEvent(world, suiteOf(world, body).suite.suiteId, text(body, 'corpId'), body),
    );
  },
};
