import { type WxClient, WxConfigError } from '@wxkit/core';
import type { SuiteClient } from '@wxkit/core/provider';
import {
  isProviderEvent,
  type ProviderEventHandler,
  type ProviderEventType,
  providerPart,
} from './apps/provider-part.js';
import { createBrowserState } from './browser-state.js';
import { bridgeOf, callFromRequest, type HeadersSource, toResponse } from './call.js';
import type { ServerContext } from './context.js';
import { createKeys } from './keys.js';
import { normaliseOptions, type WxServerOptions } from './options.js';
import { ownRoutes } from './own-routes.js';
import { createRouter } from './router.js';
import type { EventHandler } from './routes/events.js';
import { routeTable } from './routes/table.js';
import { createSealer } from './seal.js';
import { createSessions, type SessionUser } from './session.js';

export type { ProviderEvent, ProviderEventHandler, ProviderEventType } from './apps/provider-commands.js';
export type { WxServerOptions } from './options.js';
export type { RouteName } from './routes/table.js';

const PKG = '@wxkit/server createWxServer';

export interface WxServer {
  /**
   * The kit's routes as a web handler: its Response, or undefined when the path is not the kit's (call your
   * app's next handler). The only request interface: every adapter goes through it.
   */
  handle(request: Request): Promise<Response | undefined>;
  /** True when `pathname` is one of this server's routes (adapters use it before reading a body). */
  owns(pathname: string): boolean;
  /** The member of a request: a web Request, IncomingMessage, or an Express/Koa/Fastify request. */
  getUser(request: HeadersSource): Promise<SessionUser | undefined>;
  requireUser(request: HeadersSource): Promise<SessionUser | Response>;
  /**
   * The client that acts for the request's member, undefined without a session: the app's own client, or for a
   * provider app the client of the member's corp (from the session, never from anything the request names).
   */
  clientFor(request: HeadersSource): Promise<WxClient | undefined>;
  /** A provider app only: its suite — tenants, and `suite.corp(corpId)` for jobs that run outside a request. */
  readonly suite?: SuiteClient;
  /**
   * The kit's CSRF rule for your own state-changing routes: a 403/415 Response for a cross-site request (or,
   * with `json`, a body type a form could send), undefined when it may proceed.
   */
  refuseCrossSite(
    request: HeadersSource & { method?: string | undefined; url?: string },
    options?: { json?: boolean },
  ): Response | undefined;
  /** Install events of a provider app (`suite` + `commands`): installed, uninstalled, changed, ticket. */
  on(type: ProviderEventType, handler: ProviderEventHandler): void;
  /** Callback events and messages by type (`*` for every one). */
  on(type: string, handler: EventHandler): void;
}

/** The backend half of the login flow, JS-SDK hand-off, verification files and callbacks, as web-standard handlers. */
export function createWxServer(options: WxServerOptions): WxServer {
  const settings = normaliseOptions(options);
  const { app, prefix, clock, logger, origins } = settings;
  const key = createKeys(app.appKey);
  const sealer = createSealer(settings.secret);
  const sessions = createSessions({
    store: settings.store,
    sealer,
    keys: key,
    ttlMs: settings.ttlMs,
    clock,
    logger,
  });
  const browser = createBrowserState({
    ...settings,
    sessions,
    sealer,
    memberStillHere: app.memberStillHere?.bind(app),
  });
  const ctx: ServerContext = {
    prefix,
    clock,
    logger,
    app,
    origins,
    browser,
    sessions,
    loadUser: settings.loadUser,
  };
  const handlers = new Map<string, EventHandler[]>();
  const provider = providerPart(settings, key, sealer);
  const router = createRouter({
    ...settings,
    table: routeTable(ctx, settings, { key, handlers, commands: provider?.context }),
  });

  return {
    owns: router.owns,
    handle(request) {
      // The node adapter's lazy Request brings IncomingMessage straight to the routes (adapters/node-request.ts).
      const bridge = bridgeOf(request);
      if (bridge)
        return router.dispatch(bridge.call(request)).then((reply) => reply && bridge.respond(reply));
      return router.dispatch(callFromRequest(request)).then((reply) => reply && toResponse(reply));
    },
    ...ownRoutes({ browser, origins, prefix, app }),
    ...(app.suite ? { suite: app.suite } : {}),
    on(type: string, handler: EventHandler | ProviderEventHandler) {
      if (typeof handler !== 'function')
        throw new WxConfigError(`${PKG}: on(type, handler) needs a function`);
      if (isProviderEvent(type)) {
        if (!provider)
          throw new WxConfigError(
            `${PKG}: on('${type}') is an install event of a provider app: pass suite and commands to createWxServer`,
          );
        provider.on(type, handler as ProviderEventHandler);
        return;
      }
      handlers.set(type, [...(handlers.get(type) ?? []), handler as EventHandler]);
    },
  };
}
