import {
  type ClientKind,
  type Hosts,
  type JssdkConfigReply,
  type OaOAuthToken,
  type Platform,
  type SessionUser,
  type WeComIdentity,
  type WxClient,
  WxConfigError,
} from '@wxkit/core';
import type { SuiteClient, SuiteIdentity } from '@wxkit/core/provider';
import type { CommandOptions, CommandSetup } from '../routes/commands.js';
import type { CallbackOptions, CallbackSetup } from '../routes/event-config.js';

/** Who a code belongs to, as the platform answered the exchange. */
export type Identity =
  | { platform: 'wecom'; identity: WeComIdentity }
  | { platform: 'oa'; token: OaOAuthToken }
  /** A member of a corp that installed a service provider's suite: `corpId` is the member's corp, always set. */
  | { platform: 'provider'; suiteId: string; corpId: string; identity: SuiteIdentity };

/** Your `loadUser`: the identity and the client of the member's app (for a provider app, their corp's client). */
export type UserLoader = (identity: Identity, client: WxClient) => Promise<SessionUser>;

/** What the login options say, checked once by createWxServer before a strategy sees them. */
export interface LoginSettings {
  /** As given (unchecked): each kind of app knows its own scopes. */
  scope: unknown;
  webLogin: 'qr' | 'oauth';
}

/** The signed fields of a JS-SDK config; the route adds where the script comes from. */
export type SignedConfig = Omit<JssdkConfigReply, 'scriptUrl' | 'emulator'>;

/**
 * Everything that differs between kinds of app (WeCom's own app, an Official Account, next a provider's app),
 * chosen once at creation. The routes talk to this object only: none of them asks which platform it serves.
 */
export interface AppStrategy<I extends Identity = Identity> {
  readonly platform: Platform;
  /** The platform's hosts (real or the emulator's): where the JS-SDK script and the login pages live. */
  readonly hosts: Hosts;
  /** What scopes every stored key to this app (two apps can share one store). */
  readonly appKey: string;
  /**
   * Where the browser goes to log in: the QR page for a desktop browser on WeCom, else the authorize URL.
   * `corpId` (`?corp=` of the login): a provider's 代开发 app logs in through that corp's own OAuth.
   */
  authorizeUrl(input: {
    redirectUri: string;
    state: string;
    kind: ClientKind;
    corpId?: string;
  }): string | Promise<string>;
  /** The code → identity step (core runs it once per code; `binding` ties a repeat to the same login). */
  exchangeCode(code: string, options: { binding: string; corpId?: string }): Promise<I>;
  /**
   * The session's member for an identity: your `loadUser` (given the member's client) or the kit's default. A
   * provider app stamps the corp of the identity on the result, whatever `loadUser` returned.
   */
  loadUser(identity: I, custom: UserLoader | undefined): Promise<SessionUser>;
  /** The client that acts for a session's member: the app's own, or (provider app) the member's corp client. */
  clientOf(member: SessionUser): Promise<WxClient>;
  /**
   * Whether a session's member still belongs here (a provider app: their corp is still a tenant). A session that
   * fails it is no session, on every route and in `getUser`/`requireUser`/`clientFor`.
   */
  memberStillHere?(member: SessionUser): Promise<boolean>;
  /** A provider app's suite (`wx.suite`): its tenants, and `suite.corp(corpId)` for jobs outside a request. */
  readonly suite?: SuiteClient;
  readonly jssdk: {
    /** The path of the JS-SDK script on the platform's res host. */
    scriptPath: string;
    /** The console list a page's domain must be on, for the hint of a refusal. */
    domainList: string;
    /** True when the signature depends on the member (a provider app signs for the member's corp). */
    perMember: boolean;
    /** `member` is the session's user, when there is a session. */
    sign(url: string, jsApiList: string[], member: SessionUser | undefined): Promise<SignedConfig>;
  };
  /** Checks `callback` for this kind of app and sets up its signatures and crypto. */
  callback(options: CallbackOptions): CallbackSetup;
  /** Kinds of app with a command callback (指令回调: a provider's suite) only. */
  commands?(options: CommandOptions): CommandSetup;
}

/** The scope `login.scope` names among those of a kind of app (the first is the default), refused at creation. */
export function pickScope<S extends string>(scopes: readonly [S, ...S[]], given: unknown, app: string): S {
  const scope = given === undefined ? scopes[0] : given;
  const known = (value: unknown): value is S => scopes.includes(value as S);
  if (!known(scope))
    throw new WxConfigError(
      `@wxkit/server createWxServer: login.scope on ${app} is ${scopes.join(' or ')}, got ${JSON.stringify(scope)}`,
    );
  return scope;
}
