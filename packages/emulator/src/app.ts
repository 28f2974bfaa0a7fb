import { explain } from '@wxkit/core';
import { type Context, Hono } from 'hono';
import { checkToken, type EmulatorContext, type Service } from './context.js';
import { controlGuard, type GuardOptions } from './control-guard.js';
import { answered, fail, notEmulated, requestClock } from './envelope.js';
import { authorizePages } from './pages/authorize.js';
import { consolePage } from './pages/console.js';
// WeCom contacts: member lists, tags, directory changes (change_contact) and the console's directory page.
import { contactsConsole } from './pages/console-contacts.js';
import { consoleOaPage } from './pages/console-oa.js';
import { oaMessagesConsole } from './pages/console-oa-messages.js';
import { oaSubscribeConsole } from './pages/console-oa-subscribe.js';
import { isApiPath, isPlatformPath, platformOf, type RouteTable } from './routing.js';
import { cardClick } from './services/card-click.js';
import { type ControlHooks, controlService } from './services/control.js';
import { contactsControl } from './services/control-contacts.js';
import { jssdk } from './services/jssdk-verify.js';
import { oaApi } from './services/oa-api.js';
import { oaCallbacks } from './services/oa-callbacks.js';
import { oaMedia } from './services/oa-media.js';
import { oaMessages } from './services/oa-messages.js';
import { oaOAuth } from './services/oa-oauth.js';
import { oaQrcode } from './services/oa-qrcode.js';
import { oaScan } from './services/oa-scan.js';
import { oaSubscribe } from './services/oa-subscribe.js';
import { oaSubscribePopup } from './services/oa-subscribe-popup.js';
import { oaTemplateAdmin } from './services/oa-template-admin.js';
import { oaToken } from './services/oa-token.js';
import { oaUserInfo } from './services/oa-user-info.js';
import { oaUsers } from './services/oa-users.js';
import { weComAdmin } from './services/wecom-admin.js';
import { weComCards } from './services/wecom-cards.js';
import { weComContacts } from './services/wecom-contacts.js';
import { weComDirectory } from './services/wecom-directory.js';
import { weComJsapi } from './services/wecom-jsapi.js';
import { pageMedia, weComMedia } from './services/wecom-media.js';
import { weComMessage } from './services/wecom-message.js';
import { weComOAuth } from './services/wecom-oauth.js';
import { weComTags } from './services/wecom-tags.js';
import { weComToken } from './services/wecom-token.js';
import { OTHER_PATHS, type Platform, type World } from './world.js';

/** Every service; platform services go to their platform's router, so the order here does not matter. */
const SERVICES = (hooks: ControlHooks): Service[] => [
  weComToken,
  weComOAuth,
  weComContacts,
  weComJsapi,
  weComAdmin,
  weComMessage,
  weComMedia,
  pageMedia,
  oaToken,
  oaOAuth,
  oaApi,
  oaUsers,
  jssdk,
  authorizePages,
  oaCallbacks,
  controlService(hooks),
  consolePage,
  // Official Account QR codes, the scan action and follower info (brief C1).
  oaQrcode,
  oaScan,
  oaUserInfo,
  consoleOaPage,
  // WeCom contacts
  weComDirectory,
  weComTags,
  contactsControl,
  contactsConsole,
  // Official Account messages and media (oa-messages).
  oaMessages,
  oaTemplateAdmin,
  oaMedia,
  oaMessagesConsole,
  // Template cards: update_template_card and the control action a member's tap is played with.
  weComCards,
  cardClick,
  // Official Account subscription notifications (oa-subscribe): bizsend, gettemplate, the popup, the console.
  oaSubscribe,
  oaSubscribePopup,
  oaSubscribeConsole,
];

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
    world.calls[key] = (world.calls[key] ?? 0) + 1;
    world.prune();
    requestClock.set(c.req.raw, world.now());
    const platform = platformOf(world, c, routes);
    const record = (errcode: number, note?: string) => {
      if (errcode !== 0) world.countErrcode(errcode);
      const explanation = errcode !== 0 && !note ? explain(errcode)?.meaning : undefined;
      world.journal.push({
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
      world.tokens.get(c.req.query('access_token') ?? '')?.owner ??
      c.req.query('corpid') ??
      c.req.query('appid') ??
      '-';
    if (
      isApiPath(path) &&
      world.overLimit(`minute:${owner}:${key}`, world.seed.limits.apiPerMinute, 60_000)
    ) {
      const quota = QUOTA_TEXT[platform];
      const answer = fail(c, platform, quota.errcode, quota.text);
      record(quota.errcode, `over limits.apiPerMinute (${world.seed.limits.apiPerMinute})`);
      return answer;
    }
    const fault = world.takeFault(path);
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

  for (const service of SERVICES(hooks))
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
    return c.json({ error: `${c.req.method} ${path} is not part of the wxkit emulator` }, 404);
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
