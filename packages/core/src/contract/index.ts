/**
 * The facts and shapes both sides of wxkit need — server, browser, emulator — with nothing from Node, so the
 * browser kit can import them (`@wxkit/core/contract`). Each fact has its home here and nowhere else.
 */
export { type ClientKind, clientKind, isAndroid, isIOS } from './client-kind.js';
export * from './events/index.js';
export { escapeHtml } from './html.js';
export {
  CODE_LIFETIME_MS,
  CODE_PATTERN,
  isCode,
  isOAuthScope,
  isSpentCodeErrcode,
  isState,
  OAUTH_SCOPES,
  type OAuthScope,
  SPENT_CODE_ERRCODES,
  STATE_PATTERN,
} from './oauth.js';
export { type PageUrls, verifiedPageUrls } from './page-url.js';
export { isPlatform, PLATFORMS, type Platform } from './platform.js';
export type {
  ErrorBody,
  JssdkConfigReply,
  MeReply,
  SessionRefusal,
  SessionReply,
  SessionUser,
  SignedFields,
} from './replies.js';
export { withoutHash } from './url.js';
