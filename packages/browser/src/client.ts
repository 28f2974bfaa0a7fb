import type { MeReply, Platform, SessionRefusal, SessionReply, SessionUser } from '@wxkit/core/contract';
import { type ClientEnv, detectEnv, documentEntryUrl, verifiedPageUrls } from './env.js';
import { WxClientError } from './errors.js';
import { configure, loadScript, register, type SignedConfig, type WwLike, type WxLike } from './jssdk.js';

// The member and the replies are core's contract: the very types the server kit's routes answer with.
export type { SessionUser };

/** What the client touches in the page; injectable for tests. */
export interface BrowserDeps {
  location: Pick<Location, 'href' | 'assign'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
  userAgent: string;
  document?: Document;
  window?: { wx?: WxLike; ww?: WwLike };
  /** Milliseconds since the epoch, to tell an expired tab session (default Date.now). */
  clock: () => number;
  /** The URL the document was loaded from; default: Navigation Timing, else `location.href` at creation. */
  entryUrl?: string;
}

export interface WxClientOptions {
  /** Where the server kit is mounted; default '/wx'. */
  api?: string;
  platform?: Platform;
  deps?: Partial<BrowserDeps>;
}

const KEY = 'wxkit.session';

/** The emulator's bridge gives a plain browser the marks of the client this page is written for. */
const bridgeFor = (bridgeUrl: string, platform: Platform) =>
  `${bridgeUrl}${bridgeUrl.includes('?') ? '&' : '?'}client=${platform === 'wecom' ? 'wecom' : 'wechat'}`;

export function createWxClient(options: WxClientOptions = {}) {
  const api = options.api ?? '/wx';
  if (!/^\/[\w\-/]*$/.test(api) || api.endsWith('/'))
    throw new WxClientError(`api must be a path like "/wx", got "${api}"`);
  const platform = options.platform ?? 'wecom';
  if (platform !== 'wecom' && platform !== 'oa')
    throw new WxClientError(`platform must be "wecom" or "oa", got "${platform}"`);
  const g = globalThis as unknown as Window & typeof globalThis;
  const deps: BrowserDeps = {
    location: g.location,
    history: g.history,
    storage: g.sessionStorage,
    fetch: (...args) => g.fetch(...args),
    userAgent: g.navigator?.userAgent ?? '',
    document: g.document,
    window: g as unknown as { wx?: WxLike },
    clock: Date.now,
    ...options.deps,
  };
  const env: ClientEnv = detectEnv(deps.userAgent);
  // Read before ensureLogin strips ?code&state: iOS WeChat verifies JS-SDK signatures against this URL.
  const entryUrl = deps.entryUrl ?? documentEntryUrl(deps.location.href);
  let session: { user: SessionUser; token: string; expiresAt: number } | undefined;
  try {
    session = JSON.parse(deps.storage.getItem(KEY) ?? 'null') ?? undefined;
  } catch {}
  if (session && session.expiresAt <= deps.clock()) session = undefined;

  const withSession = (init: RequestInit): RequestInit => {
    const headers = new Headers(init.headers);
    if (session) headers.set('authorization', `Bearer ${session.token}`);
    return { ...init, headers, credentials: 'same-origin' };
  };
  /** The kit's own routes, under `api`. */
  const call = async (path: string, init: RequestInit = {}) => deps.fetch(`${api}${path}`, withSession(init));

  const dropCodeFromAddressBar = () => {
    const url = new URL(deps.location.href);
    url.searchParams.delete('code');
    url.searchParams.delete('state');
    deps.history.replaceState(null, '', url.pathname + url.search + url.hash);
  };

  const redirectToLogin = (): Promise<never> => {
    const url = new URL(deps.location.href);
    deps.location.assign(`${api}/login?mode=spa&redirect=${encodeURIComponent(url.pathname + url.search)}`);
    return new Promise<never>(() => {});
  };

  return {
    env,
    get user() {
      return session?.user;
    },
    get token() {
      return session?.token;
    },
    /** The member, logging in first when needed; a used code in the URL never surfaces as 40029. */
    async ensureLogin(): Promise<SessionUser> {
      const url = new URL(deps.location.href);
      const code = url.searchParams.get('code');
      const state = url.searchParams.get('state');
      if (code && state) {
        const response = await call('/session', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code, state }),
        });
        // Remove the code either way, so a reload never posts it again.
        dropCodeFromAddressBar();
        const body = (await response.json().catch(() => ({}))) as Partial<SessionReply & SessionRefusal>;
        if (response.ok && body.user && body.token && body.expiresAt) {
          session = { user: body.user, token: body.token, expiresAt: body.expiresAt };
          deps.storage.setItem(KEY, JSON.stringify(session));
          return body.user;
        }
        // Starting again cannot help (60020, a wrong secret, an untrusted domain): hand the error over instead
        // of looping through the authorize page. When it can, the server's loop guard ends it after 3 tries.
        if (body.restart === false) {
          throw new WxClientError(
            body.error?.message ?? `The login failed (${response.status})`,
            body.error?.hint,
            body.error?.code,
            body.error?.errcode,
          );
        }
      }
      if (session) return session.user;
      const me = await call('/me');
      if (me.ok) return ((await me.json()) as MeReply).user;
      return redirectToLogin();
    },
    /** Configures the JS-SDK for this page; resolves when ready, rejects with the platform's message and a hint. */
    async ready(jsApiList: string[] = []): Promise<void> {
      const [pageUrl = ''] = verifiedPageUrls({
        userAgent: deps.userAgent,
        currentUrl: deps.location.href,
        entryUrl,
      });
      const sign = async (url: string) => {
        const response = await call(
          `/jssdk/config?url=${encodeURIComponent(url)}&jsApiList=${encodeURIComponent(jsApiList.join(','))}`,
        );
        const config = (await response.json()) as SignedConfig & {
          error?: { message: string; hint?: string };
        };
        if (!response.ok || config.error) {
          throw new WxClientError(
            config.error?.message ?? `JS-SDK config failed (${response.status})`,
            config.error?.hint,
          );
        }
        return config;
      };
      const config = await sign(pageUrl);
      if (config.emulator && deps.document)
        await loadScript(deps.document, bridgeFor(config.emulator.bridgeUrl, platform));
      // @wecom/jssdk on the page: it asks for signatures itself (for the URL it will verify).
      const ww = deps.window?.ww;
      if (ww?.register && !deps.window?.wx) return register(ww, config, jsApiList, sign, pageUrl);
      if (!deps.window?.wx && deps.document) await loadScript(deps.document, config.scriptUrl);
      const wx = deps.window?.wx;
      if (!wx)
        throw new WxClientError(
          'The JS-SDK (window.wx) is not on the page',
          `Load ${config.scriptUrl} before calling ready()`,
        );
      await configure(wx, config, platform, pageUrl);
    },
    /**
     * `fetch` for the app's own API (`wx.fetch('/api/answers')` calls /api/answers, as written) with the session's
     * bearer token, which `wx.getUser(request)` on the server reads.
     */
    fetch: (input: string | URL, init: RequestInit = {}) => deps.fetch(input, withSession(init)),
    /** Ends the session everywhere; rejects (after forgetting it in this tab) when the server could not record it. */
    async logout(): Promise<void> {
      const response = await call('/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      session = undefined;
      deps.storage.removeItem(KEY);
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as {
          error?: { code?: string; message?: string; hint?: string };
        };
        throw new WxClientError(
          body.error?.message ?? `Logout failed (${response.status})`,
          body.error?.hint,
          body.error?.code,
        );
      }
    },
  };
}

export type WxClient = ReturnType<typeof createWxClient>;
