import type { Logger, OaOAuthToken, Store, WeComIdentity, WxClient } from '@wxkit/core';
import type { WxCall } from './call.js';
import type { Keys } from './keys.js';
import type { LoginState } from './login-state.js';
import type { Session, Sessions, SessionUser } from './session.js';

export type Identity =
  | { platform: 'wecom'; identity: WeComIdentity }
  | { platform: 'oa'; token: OaOAuthToken };

export interface ServerContext {
  client: WxClient;
  store: Store;
  sessions: Sessions;
  /** The app-scoped store keys (keys.ts): the only way the server kit names what it stores. */
  key: Keys;
  prefix: string;
  clock: () => number;
  logger: Logger;
  random: (bytes: number) => string;
  jssdkDomains: string[];
  jsApiList: string[];
  webLogin: 'qr' | 'oauth';
  scope: string;
  loadUser(identity: Identity): Promise<SessionUser>;
  /** The origin the browser sees: publicUrl, else the connection (X-Forwarded-* only from trusted proxies). */
  origin(call: Pick<WxCall, 'url' | 'header' | 'remoteAddress'>): URL;
  /** The origins a state-changing request may come from. */
  allowedOrigins(call: Pick<WxCall, 'url' | 'header' | 'remoteAddress'>): string[];
  /** True when the JS-SDK domain list follows the request's host (no publicUrl, no jssdk.domains). */
  hostDependent: boolean;
  /** Needs the headers only (Authorization, Cookie). */
  currentSession(call: Pick<WxCall, 'header'>): Promise<Session | undefined>;
  sessionCookie(call: WxCall, session: Session | undefined): string;
  /** The login state this browser carries, if it is ours and unexpired. */
  loginState(call: Pick<WxCall, 'header'>): LoginState | undefined;
  loginStateCookie(call: WxCall, state: LoginState | undefined): string;
  /** What ties a code exchange to the login that started it (a MAC of the state's nonce). */
  binding(nonce: string): string;
}
