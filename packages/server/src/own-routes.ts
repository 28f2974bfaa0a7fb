import { replyLang } from './accept-language.js';
import type { AppStrategy } from './apps/index.js';
import type { BrowserState } from './browser-state.js';
import { type HeadersSource, headerReader } from './call.js';
import { crossSiteRefusal } from './csrf.js';
import { errorInChinese } from './error-zh.js';
import { type ErrorBody, errorResponse } from './http.js';
import type { Origins } from './origin.js';

/** What the server offers your own routes: the member of a request, and the kit's CSRF rule. */
export function ownRoutes({
  browser,
  origins,
  prefix,
  app,
}: {
  browser: BrowserState;
  origins: Origins;
  prefix: string;
  app: AppStrategy;
}) {
  const getUser = async (request: HeadersSource) =>
    (await browser.session({ header: headerReader(request) }))?.user;
  const platform = app.platform;
  // The same language rule as the kit's own routes (localise.ts): Chinese when the browser asks for it first.
  const refuse = (header: (name: string) => string | undefined, status: number, error: ErrorBody) =>
    errorResponse(
      status,
      (replyLang(header('accept-language')) === 'zh' && errorInChinese(error, { prefix, platform })) || error,
    );
  return {
    getUser,
    async clientFor(request: HeadersSource) {
      const user = await getUser(request);
      return user && app.clientOf(user);
    },
    refuseCrossSite(
      request: HeadersSource & { method?: string | undefined; url?: string },
      refuseOptions: { json?: boolean } = {},
    ) {
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
      const allowed = origins.allowed({ url, header, remoteAddress: socket?.remoteAddress });
      const refusal = crossSiteRefusal({ method: method.toUpperCase(), header }, allowed, refuseOptions);
      return refusal && refuse(header, refusal.code === 'json_required' ? 415 : 403, refusal);
    },
    async requireUser(request: HeadersSource) {
      const header = headerReader(request);
      const session = await browser.session({ header });
      if (session) return session.user;
      return refuse(header, 401, {
        code: 'unauthenticated',
        message: 'Log in first',
        hint: `GET ${prefix}/login?redirect=<this path>`,
      });
    },
  };
}
