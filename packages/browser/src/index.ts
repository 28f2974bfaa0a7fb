export {
  type BrowserDeps,
  createWxClient,
  type SessionUser,
  type WxClient,
  type WxClientOptions,
} from './client.js';
export { type ClientEnv, detectEnv, type PageUrls, verifiedPageUrls } from './env.js';
export { WxClientError } from './errors.js';
export type { SignedConfig } from './jssdk.js';
