export type { CallInit, CommonOptions, CredentialKind, TokenProvider } from './client/context.js';
export * from './contract/index.js';
export { type CallbackCrypto, type CallbackCryptoOptions, createCallbackCrypto } from './crypto/callback.js';
export {
  callbackSignature,
  checkCallbackSignature,
  checkPlainSignature,
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
export { type Explanation, explain, listExplanations } from './errors/catalog.js';
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
export type { SignedUrl } from './jssdk/config.js';
export { type JsapiSignatureInput, jsapiSignature, signableUrl } from './jssdk/signature.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export { diffMenu, type MenuChange } from './menu/diff.js';
export type {
  Menu,
  MenuButton,
  MenuProblem,
  OaButtonType,
  OaMenu,
  WeComButtonType,
  WeComMenu,
} from './menu/types.js';
export { validateMenu } from './menu/validate.js';
export {
  createOfficialAccount,
  type OfficialAccountClient,
  type OfficialAccountOptions,
} from './oa/client.js';
export type { OaOAuthToken, OaUserInfo } from './oa/oauth.js';
export {
  type OaQrCode,
  type OaQrCodeRequest,
  QR_MAX_EXPIRE_SECONDS,
  QR_MAX_PERMANENT_SCENE,
} from './oa/qrcode.js';
export { checkState } from './oauth/checks.js';
export type { ExchangeOptions } from './oauth/exchange.js';
export { createFileStore, type FileStoreOptions } from './store/file.js';
export { createMemoryStore, type MemoryStore, type MemoryStoreOptions } from './store/memory.js';
export type { Store, StoreLock } from './store/store.js';
// WeCom rich messages: template cards, their update, mpnews (one definition of the rules, the emulator imports it).
export {
  CARD_FIELD_ERRCODE,
  CARD_LIMITS,
  type CardProblem,
  cardNeedsTaskId,
  checkTemplateCard,
  INTERACTIVE_CARD_TYPES,
  TASK_ID_ERRCODE,
  TEMPLATE_CARD_TYPES,
  type TemplateCardType,
} from './wecom/card-rules.js';
export {
  checkTemplateCardUpdate,
  type TemplateCardUpdate,
  type TemplateCardUpdateResult,
} from './wecom/card-update.js';
export { createWeCom, type WeComClient, type WeComOptions } from './wecom/client.js';
export {
  MEDIA_LIFETIME_MS,
  MEDIA_MIN_BYTES,
  type MediaFile,
  type MediaUpload,
  type UploadedMedia,
  WECOM_MEDIA_LIMITS,
  type WeComMedia,
  type WeComMediaType,
} from './wecom/media.js';
export type { Message, Recipients, SendResult } from './wecom/messages.js';
export { checkMpnews, MPNEWS_LIMITS, MPNEWS_TRUNCATED, type MpnewsArticle } from './wecom/mpnews-rules.js';
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
