import { explain } from '@wxkit/core';
import { type Context, Hono } from 'hono';
import { checkToken, type EmulatorContext } from './context.js';
import { controlGuard, type GuardOptions } from './control-guard.js';
import { answered, fail, notEmulated, requestClock } from './envelope.js';
import type { Feature } from './feature.js';
import { FEATURES } from './features.js';
import { consolePage } from './pages/console.js';
import { stateConsole } from './pages/console-state.js';
import { controlError } from './refusal.js';
import { isApiPath, isPlatformPath, platformOf, type RouteTable } from './routing.js';
import { type ControlHooks, controlService } from './services/control.js';
import { snapshotControl } from './services/control-snapshots.js';
import { credentials } from './tokens.js';
import { OTHER_PATHS, overLimit, takeFault, traffic } from './traffic.js';
import type { Platform, World } from './world.js';

/** The emulator's own pages and control routes, around every feature. */
const emulatorFeature = (hooks: ControlHooks): Feature => ({
  name: 'emulator',
  control: [controlService(hooks), snapshotControl(hooks)],
  console: [consolePage, stateConsole(hooks)],
});

const QUOTA_TEXT: Record<Platform, { errcode: number; text: string }> = {
  wecom: { errcode: 45009, text: 'api freq out of limit' },
  oa: { errcode: 45011, text: 'api minute-quota reach limit must slower retry next minute' },
};

export function buildApp(getWorld: () => World, hooks: ControlHooks, guard: GuardOptions): Hono {
  const app = new Hono();
  const ctx: EmulatorContext = {
    world: getWorld,
    token: (c, platform) => checkToken(getWorld(), c, platform),
    origin: (c) => new URL(c.req.url).origin,
    lan: () => guard.lan?.(),
  };
  const platforms: Record<Platform, Hono> = { wecom: new Hono(), oa: new Hono() };
  const routes: RouteTable = { wecom: new Set(), oa: new Set() };
  /** Platform paths that count under their own name in `calls`; everything else shares one bucket. */
  const known = new Set<string>();

  app.use('/_emulator/*', controlGuard(guard));
  app.use('/', controlGuard(guard));

  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (!isPlatformPath(path)) return next();
    const world = getWorld();
    const key = known.has(path) ? path : OTHER_PATHS;
    traffic.of(world).calls.add(key);
    world.prune();
    requestClock.set(c.req.raw, world.now());
    const platform = platformOf(world, c, routes);
    const record = (errcode: number, note?: string) => {
      if (errcode !== 0) traffic.of(world).errcodes.add(String(errcode));
      const explanation = errcode !== 0 && !note ? explain(errcode)?.meaning : undefined;
      traffic.of(world).journal.push({
        at: world.now(),
        method: c.req.method,
        path,
        errcode,
        ...(explanation ? { explanation } : {}),
        ...(note ? { note } : {}),
      });
    };
    // The per-minute quota is an API rule: the authorize and login pages are not APIs and have none.
    // Per corp (or account) and API: "每企业调用单个cgi/api不可超过1万次/分" (doc 90454; audit-3 N-L12).
    const owner =
      credentials.of(world).tokens.get(c.req.query('access_token') ?? '')?.owner ??
      c.req.query('corpid') ??
      c.req.query('appid') ??
      '-';
    if (
      isApiPath(path) &&
      overLimit(world, `minute:${owner}:${key}`, world.seed.limits.apiPerMinute, 60_000)
    ) {
      const quota = QUOTA_TEXT[platform];
      const answer = fail(c, platform, quota.errcode, quota.text);
      record(quota.errcode, `over limits.apiPerMinute (${world.seed.limits.apiPerMinute})`);
      return answer;
    }
    const fault = takeFault(world, path);
    if (fault) {
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.drop) {
        record(-1, 'fault: connection dropped');
        const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming
          ?.socket;
        if (!socket) throw new DroppedConnection();
        socket.destroy();
        return c.body(null);
      }
      if (fault.status) {
        record(-1, `fault: HTTP ${fault.status}`);
        return c.text('emulated server error', fault.status as 500);
      }
      if (fault.errcode !== undefined) {
        const answer = fail(
          c,
          platform,
          fault.errcode,
          fault.errcode === -1 ? 'system error' : 'fault injected by the wxkit emulator',
        );
        record(fault.errcode, 'fault injected');
        return answer;
      }
    }
    await next();
    const outcome = answered.get(c.req.raw);
    record(outcome?.errcode ?? 0, outcome?.note);
  });

  for (const feature of [...FEATURES, emulatorFeature(hooks)])
    for (const service of [...(feature.api ?? []), ...(feature.control ?? []), ...(feature.console ?? [])])
      service.register(service.platform ? platforms[service.platform] : app, ctx);

  for (const platform of ['wecom', 'oa'] as const) {
    const router = platforms[platform];
    for (const route of router.routes) if (!route.path.includes('*')) routes[platform].add(route.path);
    router.notFound(
      (c) => wrongMethod(router, platform, c) ?? notEmulated(c, platform, `${c.req.method} ${c.req.path}`),
    );
    // Let the top-level handler see errors (dropped connections, bugs).
    router.onError((error) => {
      throw error;
    });
  }
  const dispatch = (c: Context) => {
    const platform = platformOf(getWorld(), c, routes);
    return platforms[platform].fetch(c.req.raw, c.env);
  };
  app.all('/cgi-bin/*', dispatch);
  app.all('/sns/*', dispatch);
  // Subscription-notification templates (oa-subscribe) live under /wxaapi on the same api host.
  app.all('/wxaapi/*', dispatch);
  for (const route of app.routes)
    if (isPlatformPath(route.path) && !route.path.includes('*')) known.add(route.path);
  for (const platform of ['wecom', 'oa'] as const) for (const path of routes[platform]) known.add(path);

  app.notFound((c) => {
    const path = c.req.path;
    if (isPlatformPath(path) && !isApiPath(path))
      return notEmulated(c, platformOf(getWorld(), c, routes), `${c.req.method} ${path}`);
    return controlError(c, `${c.req.method} ${path} is not part of the wxkit emulator`, 404);
  });
  app.onError((error, c) => {
    if (error instanceof DroppedConnection) throw error;
    return c.json({ errcode: -1, errmsg: `emulator error: ${error.message}` }, 500);
  });
  return app;
}

/**
 * A path the platform serves under another method (audit L6): a GET on a POST API answers 43002 "require POST
 * method" (the OA's code; unverified for WeCom, the journal says so); a POST on a GET API is served as the GET,
 * as the platforms tolerate it. undefined: no such path.
 */
function wrongMethod(router: Hono, platform: Platform, c: Context): Response | Promise<Response> | undefined {
  const methods = router.routes.filter((r) => r.path === c.req.path).map((r) => r.method);
  if (c.req.method === 'GET' && methods.includes('POST'))
    return fail(
      c,
      platform,
      43002,
      'require POST method',
      `${c.req.path} is a POST API${platform === 'wecom' ? ' (43002 is the Official Account code; unverified for WeCom)' : ''}`,
    );
  if (c.req.method !== 'POST' || !methods.includes('GET')) return undefined;
  const asGet = new Request(c.req.raw.url, { method: 'GET', headers: c.req.raw.headers });
  const clock = requestClock.get(c.req.raw);
  if (clock !== undefined) requestClock.set(asGet, clock);
  return Promise.resolve(router.fetch(asGet, c.env)).then((response) => {
    const outcome = answered.get(asGet);
    answered.set(c.req.raw, {
      errcode: outcome?.errcode ?? 0,
      note: `a POST on a GET API, served as the GET${outcome?.note ? `; ${outcome.note}` : ''}`,
    });
    return response;
  });
}

export class DroppedConnection extends Error {
  override name = 'DroppedConnection';
}
