import type { Platform } from '../contract/platform.js';
import type { Hosts } from '../hosts.js';
import type { SignedUrl } from '../jssdk/config.js';
import type { CallInit } from './context.js';
import type { CredentialState } from './credential-state.js';

/**
 * What both platforms' clients offer, under the same names: code that only needs tokens, a signed JS-SDK URL or a
 * raw call (the server kit, a token service, a test) is written once against this and works with either client.
 */
export interface PlatformClient<P extends Platform = Platform> {
  readonly platform: P;
  /** CorpID (WeCom) or AppID (Official Account): the `appId` of `wx.config`. */
  readonly appId: string;
  readonly hosts: Hosts;
  /** The app's access token, cached once per lifetime for every process sharing the store. */
  getAccessToken(): Promise<string>;
  /** The ticket `wx.config` is signed with. */
  getJsapiTicket(): Promise<string>;
  /** Any API of the platform's main host, with the token added and a stale token refreshed once. */
  call<T extends object>(path: string, init?: CallInit): Promise<T>;
  /** Kind and age of each credential this client has used (never a value), e.g. for a readiness probe. */
  credentials(): Promise<CredentialState[]>;
  jssdk: {
    /** timestamp, nonceStr and signature of a page URL for `wx.config` (the `#` part is dropped). */
    configSignature(url: string): Promise<SignedUrl>;
  };
}
