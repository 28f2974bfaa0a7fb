import { createHmac, randomBytes } from 'node:crypto';
import {
  consoleLogger,
  createMemoryStore,
  isEmulated,
  type Logger,
  type OfficialAccountClient,
  type Platform,
  type Store,
  type WeComClient,
  type WxClient,
  WxConfigError,
} from '@wxkit/core';
import { isOAuthScope, OAUTH_SCOPES } from '@wxkit/core/contract';
import {
  callFromRequest,
  type HeadersSource,
  headerReader,
  toResponse,
  type WxCall,
  type WxReply,
} from './call.js';
import type { Identity, ServerContext } from './context.js';
import { crossSiteRefusal } from './csrf.js';
import { cookie, errorReply, errorResponse, fromError, parseCookies, text } from './http.js';
import { createKeys } from './keys.js';
import { openLoginState, STATE_COOKIE, STATE_TTL_MS, sealLoginState } from './login-state.js';
import { createOrigins, type TrustProxy } from './origin.js';
import { type CallbackOptions, callbackSetup } from './routes/event-config.js';
import { type EventHandler, events } from './routes/events.js';
import { jssdkConfigRoute } from './routes/jssdk.js';
import { login } from './routes/login.js';
import { callback, createSession, logout, me } from './routes/session.js';
import { createSealer } from './seal.js';
import { createSessions, type SessionUser } from './session.js';

const PKG = '@wxkit/server createWxServer';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface WxServerOptions {
  wecom?: WeComClient;
  officialAccount?: OfficialAccountClient;
  /** Sessions, login states, code results and callback nonces; use @wxkit/redis for several instances. */
  store?: Store;
  session: { secret: string; ttlSeconds?: number; cookieName?: string };
  prefix?: string;
  jssdk?: { domains?: string[]; jsApiList?: string[] };
  /** `{ 'WW_verify_abc.txt': 'abc' }`: served at the site root with exactly that body. */
  verifyFiles?: Record<string, string>;
  /**
   * WeCom: `{ token, encodingAESKey }`. Official Account: `{ token }` for plaintext mode (the default), or
   * `{ token, encodingAESKey, mode: 'compatible' | 'safe' }` as set in the MP console.
   */
  callback?: CallbackOptions;
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
  loadUser?: (identity: Identity, client: WxClient) => Promise<SessionUser>;
  /**
   * Switch routes off, e.g. `{ session: false }` for a server-rendered app: their paths are then left to your
   * app (`handle` answers undefined, `owns` false). All on by default; `events` needs `callback`.
   */
  routes?: Partial<Record<RouteName, boolean>>;
  clock?: () => number;
  logger?: Logger;
}

/** The routes under the prefix, by the name `routes` switches them with. */
const ROUTES = {
  login: '/login',
  callback: '/callback',
  session: '/session',
  me: '/me',
  logout: '/logout',
  jssdkConfig: '/jssdk/config',
  events: '/events',
} as const;
export type RouteName = keyof typeof ROUTES;

export interface WxServer {
  handle(request: Request): Promise<Response | undefined>;
  /** The same routes without web Request/Response, for adapters that build calls from their own objects. */
  dispatch(call: WxCall): Promise<WxReply | undefined>;
  /** True when `pathname` is one of this server's routes (adapters use it before reading a body). */
  owns(pathname: string): boolean;
  /** The member of a request: a web Request, IncomingMessage, or an Express/Koa/Fastify request. */
  getUser(request: HeadersSource): Promise<SessionUser | undefined>;
  requireUser(request: HeadersSource): Promise<SessionUser | Response>;
  /**
   * The kit's CSRF rule for your own state-changing routes: a 403/415 Response for a cross-site request (or,
   * with `json`, a body type a form could send), undefined when it may proceed.
   */
  refuseCrossSite(
    request: HeadersSource & { method?: string | undefined; url?: string },
    options?: { json?: boolean },
  ): Response | undefined;
  on(type: string, handler: EventHandler): void;
}

async function defaultLoadUser(identity: Identity, client: WxClient): Promise<SessionUser> {
  if (identity.platform === 'wecom') {
    const { userid, openid } = identity.identity;
    if (!userid)
      return { platform: 'wecom', id: openid ?? 'unknown', ...(openid ? { openid } : {}), name: '访客' };
    const user = await (client as WeComClient).users.get(userid);
    return {
      platform: 'wecom',
      id: user.userid,
      userid: user.userid,
      name: user.name,
      department: user.department,
    };
  }
  const { openid, accessToken, scope } = identity.token;
  if (scope === 'snsapi_userinfo') {
    const info = await (client as OfficialAccountClient).oauth.userInfo(accessToken, openid);
    return {
      platform: 'oa',
      id: openid,
      openid,
      name: info.nickname,
      ...(info.headimgurl ? { avatar: info.headimgurl } : {}),
    };
  }
  return { platform: 'oa', id: openid, openid, name: '微信用户' };
}

const VERIFY_FILE = /^\/(WW|MP)_verify_[A-Za-z0-9]+\.txt$/;

/** The OAuth scopes each platform has; a scope the other platform uses is refused at creation, not at first login. */
function checkScope(platform: Platform, scope: unknown): string {
  const allowed = OAUTH_SCOPES[platform];
  if (scope === undefined) return allowed[0];
  if (!isOAuthScope(platform, scope)) {
    throw new WxConfigError(
      `${PKG}: login.scope on ${platform === 'wecom' ? 'WeCom' : 'an Official Account'} is ${allowed.join(' or ')}, got ${JSON.stringify(scope)}`,
    );
  }
  return scope;
}

const only = (path: string, allowed: string) =>
  errorReply(405, { code: 'method_not_allowed', message: `${path} accepts ${allowed}` }, { allow: allowed });

/** The backend half of the login flow, JS-SDK hand-off, verification files and callbacks, as web-standard handlers. */
export function createWxServer(options: WxServerOptions): WxServer {
  if (!options || typeof options !== 'object')
    throw new WxConfigError(`${PKG}: pass { wecom | officialAccount, session: { secret } }`);
  const client = options.wecom ?? options.officialAccount;
  if (!client || (options.wecom && options.officialAccount)) {
    throw new WxConfigError(
      `${PKG}: pass exactly one of \`wecom\` (createWeCom) or \`officialAccount\` (createOfficialAccount)`,
    );
  }
  const secret = options.session?.secret;
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new WxConfigError(
      `${PKG}: session.secret must be at least 32 characters (e.g. openssl rand -base64 32)`,
    );
  }
  const prefix = options.prefix ?? '/wx';
  if (!/^\/[A-Za-z0-9_\-/]*[A-Za-z0-9_-]$/.test(prefix))
    throw new WxConfigError(`${PKG}: prefix must look like "/wx" (no trailing slash)`);
  const domains = options.jssdk?.domains ?? [];
  for (const d of domains)
    if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(d))
      throw new WxConfigError(`${PKG}: jssdk.domains entries are host[:port], got "${d}"`);
  for (const [name, body] of Object.entries(options.verifyFiles ?? {})) {
    if (!VERIFY_FILE.test(`/${name}`) || typeof body !== 'string') {
      throw new WxConfigError(
        `${PKG}: verifyFiles keys are like "WW_verify_abc.txt" or "MP_verify_abc.txt" with the token as value`,
      );
    }
  }
  const off = new Set<string>();
  for (const [name, on] of Object.entries(options.routes ?? {})) {
    if (!(name in ROUTES) || typeof on !== 'boolean') {
      throw new WxConfigError(
        `${PKG}: routes takes ${Object.keys(ROUTES).join(', ')} with true or false (got ${name}: ${String(on)})`,
      );
    }
    if (!on) off.add(ROUTES[name as RouteName]);
  }
  const scope = checkScope(client.platform, options.login?.scope);
  const webLogin = options.login?.webLogin ?? 'qr';
  if (webLogin !== 'qr' && webLogin !== 'oauth')
    throw new WxConfigError(`${PKG}: login.webLogin is "qr" or "oauth", got ${JSON.stringify(webLogin)}`);
  const origins = createOrigins({ publicUrl: options.publicUrl, trustProxy: options.trustProxy });
  const clock = options.clock ?? Date.now;
  const store = options.store ?? createMemoryStore({ clock });
  const ttlMs = (options.session.ttlSeconds ?? 7 * 86_400) * 1000;
  if (!(ttlMs >= 60_000)) throw new WxConfigError(`${PKG}: session.ttlSeconds must be at least 60`);
  const cookieName = options.session.cookieName ?? 'wx_session';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cookieName) || cookieName === STATE_COOKIE)
    throw new WxConfigError(`${PKG}: session.cookieName must be 1-64 letters, digits, _ or -`);
  const logger = options.logger ?? consoleLogger;
  if (!origins.fixed && !isEmulated(client.hosts)) {
    logger.warn(
      `${PKG}: no publicUrl: redirect_uri, post-login redirects and the JS-SDK domain follow the request's Host header. Set publicUrl (e.g. "https://app.example.com") in production.`,
    );
  }
  const key = createKeys(client);
  const sealer = createSealer(secret);
  const sessions = createSessions({ store, sealer, keys: key, ttlMs, clock, logger });
  const handlers = new Map<string, EventHandler[]>();
  const callbacks = options.callback ? callbackSetup(options.callback, client) : undefined;

  const bearer = (call: Pick<WxCall, 'header'>) =>
    /^Bearer (\S+)$/.exec(call.header('authorization') ?? '')?.[1];
  const secure = (call: Pick<WxCall, 'url' | 'header' | 'remoteAddress'>) =>
    origins.of(call).protocol === 'https:';
  const ctx: ServerContext = {
    client,
    store,
    sessions,
    key,
    prefix,
    clock,
    logger,
    random: (n) => Array.from(randomBytes(n), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join(''),
    jssdkDomains: domains.length > 0 ? domains : origins.list.map((o) => o.host),
    jsApiList: options.jssdk?.jsApiList ?? [],
    webLogin,
    scope,
    loadUser: (identity) => (options.loadUser ?? defaultLoadUser)(identity, client),
    origin: origins.of,
    allowedOrigins: (call) => (origins.fixed ? origins.list.map((o) => o.origin) : [origins.of(call).origin]),
    hostDependent: domains.length === 0 && !origins.fixed,
    currentSession: async (call) => {
      const token = bearer(call) ?? parseCookies(call.header('cookie'))[cookieName];
      return sessions.read(token);
    },
    sessionCookie: (call, session) =>
      cookie(cookieName, session?.token ?? '', {
        maxAge: session ? (session.expiresAt - clock()) / 1000 : 0,
        secure: secure(call),
      }),
    loginState: (call) => openLoginState(sealer, parseCookies(call.header('cookie'))[STATE_COOKIE], clock()),
    loginStateCookie: (call, state) =>
      // Scoped to the kit's own routes (login, callback, session are all under the prefix), so two kits on one
      // origin (a WeCom app at /wx, an Official Account at /oa/wx) never overwrite each other's login state.
      cookie(STATE_COOKIE, state ? sealLoginState(sealer, state) : '', {
        maxAge: state ? Math.min(STATE_TTL_MS, state.expiresAt - clock()) / 1000 : 0,
        secure: secure(call),
        path: prefix,
      }),
    binding: (nonce) =>
      createHmac('sha256', secret).update(`wxkit-login-binding:${nonce}`).digest('base64url'),
  };
  const jssdkConfig = jssdkConfigRoute(ctx);

  const prefixSlash = `${prefix}/`;
  const underPrefix = (path: string) =>
    (path === prefix || path.startsWith(prefixSlash)) && !off.has(path.slice(prefix.length));
  const owns = (path: string) => underPrefix(path) || VERIFY_FILE.test(path);

  const route = async (call: WxCall): Promise<WxReply | undefined> => {
    const path = call.path;
    const method = call.method;
    if (!underPrefix(path)) {
      const body = VERIFY_FILE.test(path) ? options.verifyFiles?.[path.slice(1)] : undefined;
      return body === undefined ? undefined : text(body);
    }
    const sub = path.slice(prefix.length) || '/';
    switch (sub) {
      case '/jssdk/config':
        return method === 'GET' ? jssdkConfig(call) : only(path, 'GET');
      case '/login':
        return method === 'GET' ? login(ctx, call) : only(path, 'GET');
      case '/callback':
        return method === 'GET' ? callback(ctx, call) : only(path, 'GET');
      case '/session':
        return method === 'POST' ? createSession(ctx, call) : only(path, 'POST');
      case '/me':
        return method === 'GET' ? me(ctx, call) : only(path, 'GET');
      case '/logout':
        return method === 'POST' ? logout(ctx, call) : only(path, 'POST');
      case '/events':
        if (!callbacks)
          return errorReply(404, {
            code: 'callbacks_off',
            message: 'Callbacks are not configured',
            hint: 'Pass callback: { token, encodingAESKey } (WeCom) or { token, mode? } (Official Account) to createWxServer',
          });
        return method === 'GET' || method === 'POST'
          ? events(ctx, callbacks, handlers, call)
          : only(path, 'GET, POST');
      default:
        return errorReply(404, { code: 'not_found', message: `${path} is not a wxkit route` });
    }
  };

  // Every failure stays inside the envelope: no route lets an error escape to the adapter.
  const dispatch = async (call: WxCall): Promise<WxReply | undefined> => {
    try {
      return await route(call);
    } catch (error) {
      logger.error('route failed', {
        path: call.path,
        error: error instanceof Error ? error.message : String(error),
      });
      return fromError(error);
    }
  };

  return {
    owns,
    dispatch,
    async handle(request) {
      const reply = await dispatch(callFromRequest(request));
      return reply && toResponse(reply);
    },
    async getUser(request) {
      return (await ctx.currentSession({ header: headerReader(request) }))?.user;
    },
    refuseCrossSite(request, refuseOptions = {}) {
      const header = headerReader(request);
      const method = (request as { method?: string }).method ?? 'GET';
      // The request's own origin, as the routes see it: a web Request's URL, else node's socket (https or not).
      const given = (request as { url?: unknown }).url;
      const socket = (request as { socket?: { encrypted?: boolean; remoteAddress?: string } }).socket;
      const host = header('host') ?? 'localhost';
      const url =
        typeof given === 'string' && /^https?:\/\//.test(given)
          ? new URL(given)
          : new URL(
              `${socket?.encrypted ? 'https' : 'http'}://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost'}/`,
            );
      const allowed = ctx.allowedOrigins({ url, header, remoteAddress: socket?.remoteAddress });
      const refusal = crossSiteRefusal({ method: method.toUpperCase(), header }, allowed, refuseOptions);
      return refusal && errorResponse(refusal.code === 'json_required' ? 415 : 403, refusal);
    },
    async requireUser(request) {
      const session = await ctx.currentSession({ header: headerReader(request) });
      if (session) return session.user;
      return errorResponse(401, {
        code: 'unauthenticated',
        message: 'Log in first',
        hint: `GET ${prefix}/login?redirect=<this path>`,
      });
    },
    on(type, handler) {
      if (typeof handler !== 'function')
        throw new WxConfigError(`${PKG}: on(type, handler) needs a function`);
      handlers.set(type, [...(handlers.get(type) ?? []), handler]);
    },
  };
}
