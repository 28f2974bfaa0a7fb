import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { errorReply } from '../http.js';
import type { Keys } from '../keys.js';
import type { Settings } from '../options.js';
import { type CommandContext, type CommandSetup, commands } from './commands.js';
import { dataEvents } from './data-events.js';
import type { CallbackSetup } from './event-config.js';
import { type EventHandler, events } from './events.js';
import { finishInstall, startInstall } from './install.js';
import { jssdkConfigRoute } from './jssdk.js';
import { login } from './login.js';
import type { RouteName } from './names.js';
import { callback, createSession, logout, me } from './session.js';

export { ROUTE_NAMES, type RouteName, VERIFY_FILE } from './names.js';

export interface Route {
  /** Below the prefix: `/login`. */
  path: string;
  /** The methods it answers; any other gets a 405 with Allow. Undefined: every method reaches `handle`. */
  methods?: readonly string[];
  /** A reply at once where the route has it (the JS-SDK config reused within its second), else a promise. */
  handle(call: WxCall): WxReply | Promise<WxReply>;
}

const callbacksOff = async () =>
  errorReply(404, {
    code: 'callbacks_off',
    message: 'Callbacks are not configured',
    hint: 'Pass callback: { token, encodingAESKey } (WeCom) or { token, mode? } (Official Account) to createWxServer',
  });

const commandsOff = async () =>
  errorReply(404, {
    code: 'commands_off',
    message: 'The command callback is not configured',
    hint: 'Pass suite (createSuite) and commands: { token, encodingAESKey, providerCorpId } to createWxServer',
  });

/** Every route of the kit, once: the same table serves every kind of app (what differs is in `ctx.app`). */
export function routeTable(
  ctx: ServerContext,
  settings: Pick<Settings, 'jssdkDomains' | 'jsApiList' | 'callback' | 'commands' | 'install' | 'store'>,
  parts: { key: Keys; handlers: Map<string, EventHandler[]>; commands: CommandContext | undefined },
): Record<RouteName, Route> {
  const jssdk = jssdkConfigRoute({
    ...ctx,
    domains: settings.jssdkDomains,
    jsApiList: settings.jsApiList,
    member: async (call) => (await ctx.browser.session(call))?.user,
  });
  const setup = settings.callback;
  const eventsContext = { store: settings.store, key: parts.key, clock: ctx.clock, logger: ctx.logger };
  return {
    login: { path: '/login', methods: ['GET'], handle: (call) => login(ctx, call) },
    callback: { path: '/callback', methods: ['GET'], handle: (call) => callback(ctx, call) },
    session: { path: '/session', methods: ['POST'], handle: (call) => createSession(ctx, call) },
    me: { path: '/me', methods: ['GET'], handle: (call) => me(ctx, call) },
    logout: { path: '/logout', methods: ['POST'], handle: (call) => logout(ctx, call) },
    jssdkConfig: { path: '/jssdk/config', methods: ['GET'], handle: jssdk },
    events: eventsRoute(setup, { ...eventsContext, prefix: ctx.prefix }, parts.handlers),
    commands: commandRoute(settings.commands, parts.commands),
    ...installRoutes(ctx, settings, parts.commands),
  };
}

function eventsRoute(
  setup: CallbackSetup | undefined,
  context: Parameters<typeof dataEvents>[0],
  handlers: Map<string, EventHandler[]>,
): Route {
  if (!setup) return { path: '/events', handle: callbacksOff };
  const { tenants } = setup;
  // A provider app: one data URL per corp, `{prefix}/events/{corpId}`.
  if (tenants)
    return {
      path: '/events/*',
      methods: ['GET', 'POST'],
      handle: dataEvents(context, { ...setup, tenants }, handlers),
    };
  return {
    path: '/events',
    methods: ['GET', 'POST'],
    handle: (call) => events(context, setup, handlers, call),
  };
}

function commandRoute(setup: CommandSetup | undefined, context: CommandContext | undefined): Route {
  if (!setup || !context) return { path: '/suite/commands', handle: commandsOff };
  return {
    path: '/suite/commands',
    methods: ['GET', 'POST'],
    handle: (call) => commands(context, setup, call),
  };
}

/** The install start and return of a provider app: on with `commands` (they share its install queue). */
function installRoutes(
  ctx: ServerContext,
  settings: Pick<Settings, 'commands' | 'install'>,
  commands: CommandContext | undefined,
): Record<'install' | 'installed', Route> {
  const setup = settings.commands;
  if (!setup || !commands)
    return {
      install: { path: '/suite/install', handle: commandsOff },
      installed: { path: '/suite/installed', handle: commandsOff },
    };
  const install = { prefix: ctx.prefix, origins: ctx.origins, setup, commands, ...settings.install };
  return {
    install: { path: '/suite/install', methods: ['GET'], handle: (call) => startInstall(install, call) },
    installed: { path: '/suite/installed', methods: ['GET'], handle: (call) => finishInstall(install, call) },
  };
}
