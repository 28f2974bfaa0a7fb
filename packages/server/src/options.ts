import {
  consoleLogger,
  createMemoryStore,
  isEmulated,
  type Logger,
  type OfficialAccountClient,
  type SessionUser,
  type Store,
  type WeComClient,
  type WxClient,
  WxConfigError,
} from '@wxkit/core';
import type { SuiteClient } from '@wxkit/core/provider';
import { type AppStrategy, chooseApp, type Identity } from './apps/index.js';
import { STATE_COOKIE } from './login-state.js';
import { createOrigins, type Origins, type TrustProxy } from './origin.js';
import type { CommandOptions, CommandSetup } from './routes/commands.js';
import type { CallbackOptions, CallbackSetup } from './routes/event-config.js';
import { ROUTE_NAMES, type RouteName, VERIFY_FILE } from './routes/names.js';

const PKG = '@wxkit/server createWxServer';

export interface WxServerOptions {
  wecom?: WeComClient;
  officialAccount?: OfficialAccountClient;
  /** A service provider's third-party app (createSuite from @wxkit/core/provider): members of every installed corp. */
  suite?: SuiteClient;
  /** Sessions, login states, code results and callback nonces; use @wxkit/redis for several instances. */
  store?: Store;
  session: { secret: string; ttlSeconds?: number; cookieName?: string };
  prefix?: string;
  jssdk?: { domains?: string[]; jsApiList?: string[] };
  /** `{ 'WW_verify_abc.txt': 'abc' }`: served at the site root with exactly that body. */
  verifyFiles?: Record<string, string>;
  /**
   * A provider app (`suite`): its data callbacks at `{prefix}/events/{corpId}` (the data URL
   * `…/events/$CORPID$`), `{ token, encodingAESKey }` of the suite. WeCom: `{ token, encodingAESKey }`. Official Account: `{ token }` for plaintext mode (the default), or
   * `{ token, encodingAESKey, mode: 'compatible' | 'safe' }` as set in the MP console.
   */
  callback?: CallbackOptions;
  /**
   * A provider app (`suite`) only: its command callback (指令回调) at `{prefix}/suite/commands`,
   * `{ token, encodingAESKey, providerCorpId }` as in 服务商管理端.
   */
  commands?: CommandOptions;
  /**
   * A provider app's install from your site (`{prefix}/suite/install` → the platform's install page →
   * `{prefix}/suite/installed`): `test: true` for a test install (test corps only); `done` is where the admin lands,
   * with `?corp_id=` (default "/").
   */
  install?: { test?: boolean; done?: string };
  /**
   * Where work after an answer runs (a create_auth's get_permanent_code, install events): unawaited by default;
   * on a serverless host pass its `waitUntil`. Work that never runs is not lost: the next push or start resumes it.
   */
  schedule?: (task: () => Promise<void>) => void;
  /**
   * The origin(s) your pages are served from, e.g. `https://app.example.com`: every URL the kit generates
   * (redirect_uri, post-login Location, default JS-SDK domain, cookie `Secure`) comes from it, never from the
   * request's Host. Required in production; several origins for several public hostnames.
   */
  publicUrl?: string | string[];
  /**
   * Without publicUrl: which proxies' X-Forwarded-Proto/Host to honour: their addresses (`["10.0.0.5"]`), a hop
   * count, or true for any peer (only where nothing but your proxy can reach the server).
   */
  trustProxy?: TrustProxy;
  login?: { scope?: 'snsapi_base' | 'snsapi_privateinfo' | 'snsapi_userinfo'; webLogin?: 'qr' | 'oauth' };
  /** Your member for an identity; `client` is the member's app (a provider app: the member's corp client). */
  loadUser?: (identity: Identity, client: WxClient) => Promise<SessionUser>;
  /**
   * Switch routes off, e.g. `{ session: false }` for a server-rendered app: their paths are then left to your
   * app (`handle` answers undefined, `owns` false). All on by default; `events` needs `callback`.
   */
  routes?: Partial<Record<RouteName, boolean>>;
  clock?: () => number;
  logger?: Logger;
}

/** The options checked once, with every default filled in: nothing after creation reads the raw options. */
export interface Settings {
  app: AppStrategy;
  secret: string;
  prefix: string;
  /** Configured JS-SDK domains (host[:port]); empty means "the public origins'". */
  jssdkDomains: string[];
  jsApiList: string[];
  verifyFiles: Record<string, string>;
  callback: CallbackSetup | undefined;
  commands: CommandSetup | undefined;
  install: { authType: 0 | 1; done: string };
  schedule(task: () => Promise<void>): void;
  origins: Origins;
  routesOn: Record<RouteName, boolean>;
  clock: () => number;
  store: Store;
  ttlMs: number;
  cookieName: string;
  logger: Logger;
  loadUser(identity: Identity): Promise<SessionUser>;
}

function fail(message: string): never {
  throw new WxConfigError(`${PKG}: ${message}`);
}

export function normaliseOptions(options: WxServerOptions): Settings {
  if (!options || typeof options !== 'object')
    fail('pass { wecom | officialAccount | suite, session: { secret } }');
  const webLogin = options.login?.webLogin ?? 'qr';
  if (webLogin !== 'qr' && webLogin !== 'oauth')
    fail(`login.webLogin is "qr" or "oauth", got ${JSON.stringify(webLogin)}`);
  const app = chooseApp(options, { scope: options.login?.scope, webLogin });
  const secret = options.session?.secret;
  if (typeof secret !== 'string' || secret.length < 32)
    fail('session.secret must be at least 32 characters (e.g. openssl rand -base64 32)');
  const prefix = options.prefix ?? '/wx';
  if (!/^\/[A-Za-z0-9_\-/]*[A-Za-z0-9_-]$/.test(prefix))
    fail('prefix must look like "/wx" (no trailing slash)');
  const jssdkDomains = options.jssdk?.domains ?? [];
  for (const d of jssdkDomains)
    if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(d)) fail(`jssdk.domains entries are host[:port], got "${d}"`);
  const verifyFiles = options.verifyFiles ?? {};
  for (const [name, body] of Object.entries(verifyFiles))
    if (!VERIFY_FILE.test(`/${name}`) || typeof body !== 'string')
      fail('verifyFiles keys are like "WW_verify_abc.txt" or "MP_verify_abc.txt" with the token as value');
  const routesOn = Object.fromEntries(ROUTE_NAMES.map((name) => [name, true])) as Record<RouteName, boolean>;
  for (const [name, on] of Object.entries(options.routes ?? {})) {
    if (!(ROUTE_NAMES as readonly string[]).includes(name) || typeof on !== 'boolean')
      fail(`routes takes ${ROUTE_NAMES.join(', ')} with true or false (got ${name}: ${String(on)})`);
    routesOn[name as RouteName] = on;
  }
  const origins = createOrigins({ publicUrl: options.publicUrl, trustProxy: options.trustProxy });
  const clock = options.clock ?? Date.now;
  const ttlMs = (options.session.ttlSeconds ?? 7 * 86_400) * 1000;
  if (!(ttlMs >= 60_000)) fail('session.ttlSeconds must be at least 60');
  const cookieName = options.session.cookieName ?? 'wx_session';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cookieName) || cookieName === STATE_COOKIE)
    fail('session.cookieName must be 1-64 letters, digits, _ or -');
  const logger = options.logger ?? consoleLogger;
  if (!origins.fixed && !isEmulated(app.hosts)) {
    logger.warn(
      `${PKG}: no publicUrl: redirect_uri, post-login redirects and the JS-SDK domain follow the request's Host header. Set publicUrl (e.g. "https://app.example.com") in production.`,
    );
  }
  const { loadUser } = options;
  return {
    app,
    secret: secret as string,
    prefix,
    jssdkDomains,
    jsApiList: options.jssdk?.jsApiList ?? [],
    verifyFiles,
    callback: options.callback
      ? app.callback({
          // A provider's data URL check uses the provider corpid, given once under `commands`.
          ...(options.commands?.providerCorpId ? { providerCorpId: options.commands.providerCorpId } : {}),
          ...options.callback,
        })
      : undefined,
    commands: commandsOf(app, options.commands),
    install: {
      authType: options.install?.test ? 1 : 0,
      done: checkDone(options.install?.done ?? '/'),
    },
    schedule: options.schedule ?? ((task) => void task()),
    origins,
    routesOn,
    clock,
    store: options.store ?? createMemoryStore({ clock }),
    ttlMs,
    cookieName,
    logger,
    loadUser: (identity) => app.loadUser(identity, loadUser),
  };
}

function commandsOf(app: AppStrategy, given: CommandOptions | undefined): CommandSetup | undefined {
  if (given === undefined) return undefined;
  if (!app.commands)
    fail('commands (指令回调) is for a provider app: pass `suite` (createSuite), not wecom/officialAccount');
  return app.commands(given);
}

function checkDone(done: unknown): string {
  if (typeof done !== 'string' || !done.startsWith('/') || done.startsWith('//'))
    fail(`install.done is a path of your site such as "/admin/installed" (got ${JSON.stringify(done)})`);
  return done;
}
