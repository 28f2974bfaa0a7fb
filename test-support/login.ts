/**
 * A member's login through the emulator, as a browser makes it: GET the kit's `/wx/login`, follow its 302 to the
 * emulator's authorize page picking the member (`login_as=`), come back with code and state, then either follow the
 * callback link (callback mode) or POST them to `/wx/session` (SPA mode). `loginThroughEmulator` runs it all;
 * `startLogin`, `authorizeAs` and `finishLogin` are its steps, for tests that stop, break or time a step.
 */
import { UA } from './user-agents.js';

/** The kit as a browser calls it (a path, or a URL) or the emulator; `emu.fetch` and a wrapped `fetch` both fit. */
export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/** `name=value` of every cookie a response sets, joined for a `cookie` header. */
export const cookiesOf = (response: Response): string =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .join('; ');

/** A browser's cookie jar, enough for one site: a later cookie replaces one of its name, `Max-Age=0` removes it. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  constructor(...headers: string[]) {
    for (const header of headers) for (const pair of header.split('; ')) this.#set(pair);
  }

  /** Keeps what `response` sets. */
  keep(response: Response): this {
    for (const c of response.headers.getSetCookie()) {
      const pair = c.split(';')[0] ?? '';
      if (/;\s*Max-Age=0(;|$)/i.test(c)) this.#cookies.delete(pair.split('=')[0] ?? '');
      else this.#set(pair);
    }
    return this;
  }

  /** The `cookie` header the browser would send. */
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #set(pair: string) {
    const at = pair.indexOf('=');
    if (at > 0) this.#cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
}

export type LoginMode = 'callback' | 'spa';

export interface StartLoginOptions {
  /** The kit (or the app in front of it), called with paths. */
  app: Fetcher;
  /** Default `spa`. */
  mode?: LoginMode;
  /** Where the member lands after the login; default `/`. */
  redirect?: string;
  /** Default a WeCom client on iPhone (what the authorize page needs to be reached at all). */
  userAgent?: string;
  /** The prefix the kit is mounted at (`/oa`, `/isv`); default none. */
  base?: string;
  /** Extra query of `/wx/login` (`corp=…`), already encoded. */
  query?: string;
  /** Headers sent with the first request besides the user agent (a cookie already in the browser, proxy headers). */
  headers?: Record<string, string>;
}

/** Step 1: GET `/wx/login`. `authorize` is its Location without `#wechat_redirect` ('' when it does not redirect). */
export async function startLogin(options: StartLoginOptions) {
  const { app, mode = 'spa', redirect = '/', userAgent = UA.wecomIOS, base = '', query } = options;
  const search = `redirect=${encodeURIComponent(redirect)}${mode === 'spa' ? '&mode=spa' : ''}${query ? `&${query}` : ''}`;
  const response = await app(`${base}/wx/login?${search}`, {
    headers: { 'user-agent': userAgent, ...options.headers },
  });
  const authorize = (response.headers.get('location') ?? '').replace('#wechat_redirect', '');
  return { response, authorize, cookies: cookiesOf(response) };
}

/**
 * Step 2: the emulator's authorize page (or any of its login pages), `member` picked: a userid, an openid, or
 * `corpid:userid` for a service provider's app. Throws when the page does not send the browser back.
 */
export async function authorizeAs(emulator: Fetcher, authorize: string, member: string) {
  const url = authorize.replace('#wechat_redirect', '');
  const response = await emulator(
    `${url}${url.includes('?') ? '&' : '?'}login_as=${encodeURIComponent(member)}`,
  );
  const location = response.headers.get('location');
  if (!location)
    throw new Error(`the emulator's login page answered ${response.status} with no redirect for ${member}`);
  const back = new URL(location);
  return {
    response,
    back,
    code: back.searchParams.get('code') ?? '',
    state: back.searchParams.get('state') ?? '',
  };
}

/** Step 3: callback mode follows the link back; SPA mode posts code and state to `/wx/session`. */
export function finishLogin(options: {
  app: Fetcher;
  mode?: LoginMode;
  back: URL;
  /** The browser's cookies (at least step 1's state cookie). */
  cookies: string;
  base?: string;
}): Promise<Response> {
  const { app, mode = 'spa', back, cookies, base = '' } = options;
  if (mode === 'callback') return app(back.pathname + back.search, { headers: { cookie: cookies } });
  return app(`${base}/wx/session`, {
    method: 'POST',
    headers: { cookie: cookies, 'content-type': 'application/json' },
    body: JSON.stringify({ code: back.searchParams.get('code'), state: back.searchParams.get('state') }),
  });
}

/** What `/wx/session` answers a finished SPA login. */
export interface LoginSession {
  token: string;
  user: { id: string } & Record<string, unknown>;
  expiresAt: number;
}

/**
 * The whole login of `member`. Every step's response is returned unread (the session is read from a clone), with the
 * code and state, and the browser's cookies at the end. It does not check statuses: the test does.
 */
export async function loginThroughEmulator(
  options: StartLoginOptions & { emulator: Fetcher; member: string },
) {
  const { app, emulator, member, mode = 'spa', base = '' } = options;
  const start = await startLogin(options);
  const page = await authorizeAs(emulator, start.authorize, member);
  const finish = await finishLogin({ app, mode, back: page.back, cookies: start.cookies, base });
  const session = mode === 'spa' && finish.ok ? ((await finish.clone().json()) as LoginSession) : undefined;
  return {
    responses: { start: start.response, authorize: page.response, finish },
    authorize: start.authorize,
    back: page.back,
    code: page.code,
    state: page.state,
    cookies: new CookieJar(start.cookies).keep(finish).header(),
    session,
  };
}

export type EmulatorLogin = Awaited<ReturnType<typeof loginThroughEmulator>>;
