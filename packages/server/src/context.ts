import type {
  Logger,
  OaOAuthToken,
  OfficialAccountClient,
  Store,
  WeComClient,
  WeComIdentity,
} from '@wxkit/core';
import type { WxCall } from './call.js';
import type { Session, Sessions, SessionUser } from './session.js';

export type Identity =
  | { platform: 'wecom'; identity: WeComIdentity }
  | { platform: 'oa'; token: OaOAuthToken };

export interface ServerContext {
  client: WeComClient | OfficialAccountClient;
  store: Store;
  sessions: Sessions;
  prefix: string;
  clock: () => number;
  logger: Logger;
  /** The app-scoped store key for `kind` and `id`: `${storePrefix}:${kind}:${id}`. */
  key(kind: string, id: string): string;
  random: (bytes: number) => string;
  trustProxy: boolean;
  sessionTtlMs: number;
  cookieName: string;
  jssdkDomains: string[];
  jsApiList: string[];
  webLogin: 'qr' | 'oauth';
  scope: string;
  loadUser(identity: Identity): Promise<SessionUser>;
  /** The origin the browser sees (honours X-Forwarded-* only with trustProxy). */
  origin(call: WxCall): URL;
  /** Needs the headers only (Authorization, Cookie). */
  currentSession(call: Pick<WxCall, 'header'>): Promise<Session | undefined>;
  sessionCookie(call: WxCall, session: Session | undefined): string;
}

export const STATE_COOKIE = 'wx_login_state';
