/**
 * `@wxkit/core`: the platform clients, errors, stores, crypto and the error catalog. What crosses the wire (event
 * models, replies, the page-URL rule, code shape, scopes) is `@wxkit/core/contract`; the platform's input rules
 * and limits are `@wxkit/core/rules`. The contract's types are named here too, for convenience.
 */
export type { CallInit, CommonOptions, CredentialKind, TokenProvider } from './client/context.js';
export type { CredentialState } from './client/credential-state.js';
export { lastReach, type Reach } from './client/measure.js';
export type { PlatformClient } from './client/platform-client.js';
export { type CallbackCrypto, type CallbackCryptoOptions, createCallbackCrypto } from './crypto/callback.js';
export { pooledRandomBytes } from './crypto/random.js';
export { createSealer, type Sealer } from './crypto/seal.js';
export {
  assertCallbackSignature,
  assertPlainSignature,
  callbackSignature,
  type PlainSignatureQuery,
} from './crypto/sign.js';
export {
  buildXml,
  flatFields,
  parseXml,
  parseXmlTree,
  serializeXml,
  type XmlElement,
  type XmlFields,
  type XmlLimits,
  type XmlValue,
  xmlChild,
  xmlChildren,
} from './crypto/xml.js';
export {
  type CatalogLang,
  type ExplainOptions,
  type Explanation,
  explain,
  listExplanations,
} from './errors/catalog.js';
export {
  isWxApiError,
  isWxConfigError,
  isWxCryptoError,
  isWxError,
  isWxHttpError,
  isWxStoreError,
  WxApiError,
  WxConfigError,
  WxCryptoError,
  WxError,
  WxHttpError,
  WxStoreError,
} from './errors/errors.js';
export { redact } from './errors/redact.js';
export {
  DEFAULT_HOSTS,
  EMULATOR_HOST_ENV,
  type Hosts,
  isEmulated,
  JSSDK_SCRIPT_PATH,
  resolveHosts,
  WECOM_JSSDK_SCRIPT_PATH,
} from './hosts.js';
export { readCappedText } from './http/capped-body.js';
export type { SignedUrl } from './jssdk/config.js';
export { type JsapiSignatureInput, jsapiSignature, signableUrl } from './jssdk/signature.js';
export {
  type Condition,
  type ConditionOptions,
  createCondition,
  storeCondition,
} from './log-once.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export { diffMenu, type MenuChange } from './menu/diff.js';
export type { Menu, MenuButton, OaButtonType, OaMenu, WeComButtonType, WeComMenu } from './menu/types.js';
export { METER_NAME, outcomeOf, type WxInstruments, wxMetrics } from './metrics.js';
export {
  createOfficialAccount,
  type OfficialAccountClient,
  type OfficialAccountOptions,
} from './oa/client.js';
// Official Account messages, media, OAuth, QR codes, subscription notifications, templates and followers.
export type { OaCustom, OaCustomMessage } from './oa/custom.js';
export type { OaMedia, OaMediaType, OaUploadedMedia } from './oa/media.js';
export type { OaOAuthToken, OaUserInfo } from './oa/oauth.js';
export type { OaQrCode, OaQrCodeRequest } from './oa/qrcode.js';
export type { OaSubscribe, OaSubscribeMessage, OaSubscribeTemplate } from './oa/subscribe.js';
export type { OaIndustry, OaTemplate, OaTemplateMessage, OaTemplates } from './oa/templates.js';
export type { OaFollower, OaFollowerPage, OaLang, OaSubscribeScene, OaUsers } from './oa/users.js';
export type { ExchangeOptions } from './oauth/exchange.js';
export { assertState } from './oauth/placed.js';
export type { RuleProblem } from './rules/problem.js';
export { createFileStore, type FileStoreOptions } from './store/file.js';
export { createLocalLock } from './store/local-lock.js';
export { lockedKey, lockKey } from './store/lock-key.js';
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './store/memory.js';
export { claim, type OnceOptions, onceAcrossProcesses } from './store/once.js';
export type { ReadOrLock, Store, StoreLock } from './store/store.js';
export type { TemplateCardType } from './wecom/card-rules.js';
export type { TemplateCardUpdate, TemplateCardUpdateResult } from './wecom/card-update.js';
export { createWeCom, type WeComClient, type WeComOptions } from './wecom/client.js';
/** Either platform's client; `client.platform` tells which. */
export type WxClient =
  | import('./wecom/client.js').WeComClient
  | import('./oa/client.js').OfficialAccountClient;
// The contract's types (its values are imported from @wxkit/core/contract).
export type {
  ClientKind,
  ErrorBody,
  JssdkConfigReply,
  MeReply,
  OAuthScope,
  PageUrls,
  Platform,
  SessionRefusal,
  SessionReply,
  SessionUser,
  SignedFields,
  TemplateJobStatus,
  WxCardEvent,
  WxContactChange,
  WxEvent,
  WxSubscribePopup,
  WxSubscribeSent,
} from './contract/index.js';
// WeCom contacts, media, messages and rich messages (their rules: @wxkit/core/rules).
export type { WeComContacts } from './wecom/contacts.js';
export type * from './wecom/contacts-types.js';
export type { MediaFile, MediaUpload, UploadedMedia, WeComMedia, WeComMediaType } from './wecom/media.js';
export type { Message, Recipients, SendResult } from './wecom/messages.js';
export type { MpnewsArticle } from './wecom/mpnews-rules.js';
export type { TemplateCard } from './wecom/template-card.js';
export type {
  WeComAgent,
  WeComAgentSettable,
  WeComDepartment,
  WeComIdentity,
  WeComUser,
  WeComUserDetail,
  WorkbenchTemplate,
} from './wecom/types.js';
