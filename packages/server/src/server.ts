import { randomBytes } from 'node:crypto';
import {
  consoleLogger,
  createMemoryStore,
  type Logger,
  type OfficialAccountClient,
  type Store,
  type WeComClient,
  WxConfigError,
} from '@wxkit/core';
import { callFromRequest, toResponse, type WxCall, type WxReply } from './call.js';
import type { Identity, ServerContext } from './context.js';
import { cookie, errorReply, errorResponse, text } from './http.js';
import { type CallbackOptions, callbackSetup } from './routes/event-config.js';
import { type EventHandler, events } from './routes/events.js';
import { jssdkConfigRoute } from './routes/jssdk.js';
import { login } from './routes/login.js';
import { callback, createSession, logout, me } from './routes/session.js';
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
  /** Honour X-Forwarded-Proto/Host (only behind a proxy you control). */
  trustProxy?: boolean;
  login?: { scope?: 'snsapi_base' | 'snsapi_privateinfo' | 'snsapi_userinfo'; webLogin?: 'qr' | 'oauth' };
  loadUser?: (identity: Identity, client: WeComClient | OfficialAccountClient) => Promise<SessionUser>;
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
  getUser(request: Request): Promise<SessionUser | undefined>;
  requireUser(request: Request): Promise<SessionUser | Response>;
  on(type: string, handler: EventHandler): void;
}

async function defaultLoadUser(
  identity: Identity,
  client: WeComClient | OfficialAccountClient,
): Promise<SessionUser> {
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
const headersOf = (request: Request) => ({
  header: (name: string) => request.headers.get(name) ?? undefined,
});

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
  const scope = options.login?.scope ?? 'snsapi_base';
  const clock = options.clock ?? Date.now;
  const store = options.store ?? createMemoryStore({ clock });
  const ttlMs = (options.session.ttlSeconds ?? 7 * 86_400) * 1000;
  const cookieName = options.session.cookieName ?? 'wx_session';
  const logger = options.logger ?? consoleLogger;
  const storePrefix = `wxkit:server:${client.platform === 'wecom' ? `${(client as WeComClient).corpId}:${(client as WeComClient).agentId}` : (client as OfficialAccountClient).appId}`;
  const sessions = createSessions({ store, secret, ttlMs, clock, prefix: storePrefix });
  const handlers = new Map<string, EventHandler[]>();
  const callbacks = options.callback ? callbackSetup(options.callback, client) : undefined;

  const origin = (call: WxCall): URL => {
    const url = call.url;
    if (!options.trustProxy) return new URL(url.origin);
    // Behind TLS-terminating proxies the page is https while the request is http: sign what the browser sees.
    const proto = call.header('x-forwarded-proto')?.split(',')[0]?.trim();
    const host = call.header('x-forwarded-host')?.split(',')[0]?.trim();
    const scheme = proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1);
    return new URL(`${scheme}://${host && /^[A-Za-z0-9.-]+(:\d+)?$/.test(host) ? host : url.host}`);
  };
  const bearer = (call: Pick<WxCall, 'header'>) =>
    /^Bearer (\S+)$/.exec(call.header('authorization') ?? '')?.[1];
  const cookieToken = (call: Pick<WxCall, 'header'>) => {
    const match = (call.header('cookie') ?? '')
      .split(';')
      .map((p) => p.trim())
      .find((p) => p.startsWith(`${cookieName}=`));
    if (!match) return undefined;
    try {
      return decodeURIComponent(match.slice(cookieName.length + 1));
    } catch {
      return undefined;
    }
  };
  const ctx: ServerContext = {
    client,
    store,
    sessions,
    prefix,
    clock,
    logger,
    key: (kind, id) => `${storePrefix}:${kind}:${id}`,
    random: (n) => Array.from(randomBytes(n), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join(''),
    trustProxy: options.trustProxy === true,
    sessionTtlMs: ttlMs,
    cookieName,
    jssdkDomains: domains,
    jsApiList: options.jssdk?.jsApiList ?? [],
    webLogin: options.login?.webLogin ?? 'qr',
    scope,
    loadUser: (identity) => (options.loadUser ?? defaultLoadUser)(identity, client),
    origin,
    currentSession: async (call) =>
      (await sessions.read(bearer(call))) ?? (await sessions.read(cookieToken(call))),
    sessionCookie: (call, session) =>
      cookie(cookieName, session?.token ?? '', {
        maxAge: session ? (session.expiresAt - clock()) / 1000 : 0,
        secure: origin(call).protocol === 'https:',
      }),
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

  return {
    owns,
    dispatch: route,
    async handle(request) {
      const reply = await route(callFromRequest(request));
      return reply && toResponse(reply);
    },
    async getUser(request) {
      return (await ctx.currentSession(headersOf(request)))?.user;
    },
    async requireUser(request) {
      const session = await ctx.currentSession(headersOf(request));
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
