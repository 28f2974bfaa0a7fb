import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { errorReply } from '../http.js';
import type { Keys } from '../keys.js';
import type { Settings } from '../options.js';
import { type EventHandler, events } from './events.js';
import { jssdkConfigRoute } from './jssdk.js';
import { login } from './login.js';
import { callback, createSession, logout, me } from './session.js';

/** The routes under the prefix, by the name `routes` switches them with. */
export const ROUTE_NAMES = ['login', 'callback', 'session', 'me', 'logout', 'jssdkConfig', 'events'] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/** Domain verification files, served at the site root. */
export const VERIFY_FILE = /^\/(WW|MP)_verify_[A-Za-z0-9]+\.txt$/;

export interface Route {
  /** Below the prefix: `/login`. */
  path: string;
  /** The methods it answers; any other gets a 405 with Allow. Undefined: every method reaches `handle`. */
  methods?: readonly string[];
  handle(call: WxCall): Promise<WxReply>;
}

const callbacksOff = async () =>
  errorReply(404, {
    code: 'callbacks_off',
    message: 'Callbacks are not configured',
    hint: 'Pass callback: { token, encodingAESKey } (WeCom) or { token, mode? } (Official Account) to createWxServer',
  });

/** Every route of the kit, once: the same table serves every kind of app (what differs is in `ctx.app`). */
export function routeTable(
  ctx: ServerContext,
  settings: Pick<Settings, 'jssdkDomains' | 'jsApiList' | 'callback' | 'store'>,
  parts: { key: Keys; handlers: Map<string, EventHandler[]> },
): Record<RouteName, Route> {
  const jssdk = jssdkConfigRoute({ ...ctx, domains: settings.jssdkDomains, jsApiList: settings.jsApiList });
  const setup = settings.callback;
  const eventsContext = { store: settings.store, key: parts.key, clock: ctx.clock, logger: ctx.logger };
  return {
    login: { path: '/login', methods: ['GET'], handle: (call) => login(ctx, call) },
    callback: { path: '/callback', methods: ['GET'], handle: (call) => callback(ctx, call) },
    session: { path: '/session', methods: ['POST'], handle: (call) => createSession(ctx, call) },
    me: { path: '/me', methods: ['GET'], handle: (call) => me(ctx, call) },
    logout: { path: '/logout', methods: ['POST'], handle: (call) => logout(ctx, call) },
    jssdkConfig: { path: '/jssdk/config', methods: ['GET'], handle: jssdk },
    events: setup
      ? {
          path: '/events',
          methods: ['GET', 'POST'],
          handle: (call) => events(eventsContext, setup, parts.handlers, call),
        }
      : { path: '/events', handle: callbacksOff },
  };
}
