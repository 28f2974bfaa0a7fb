export type { CallInit, CommonOptions, CredentialKind, TokenProvider } from './client/context.js';
export type { PlatformClient } from './client/platform-client.js';
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
export { readCappedText } from './http/capped-body.js';
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
// Official Account template, customer-service messages and temporary media (oa-messages).
export { OA_CUSTOM_REQUIRED, OA_CUSTOM_TYPES, type OaCustom, type OaCustomMessage } from './oa/custom.js';
export { OA_MEDIA_LIMITS, type OaMedia, type OaMediaType, type OaUploadedMedia } from './oa/media.js';
export type { OaOAuthToken, OaUserInfo } from './oa/oauth.js';
export { checkOpenid, OPENID_PATTERN } from './oa/openid.js';
export {
  buildQrCodeBody,
  isQrBodyProblem,
  type OaQrCode,
  type OaQrCodeRequest,
  parseQrBody,
  QR_ACTIONS,
  QR_DEFAULT_EXPIRE_SECONDS,
  QR_MAX_EXPIRE_SECONDS,
  QR_MAX_PERMANENT_CODES,
  QR_MAX_PERMANENT_SCENE,
  QR_MAX_SCENE_STR,
  QR_MAX_TEMPORARY_SCENE,
  type QrAction,
  type QrBodyParsed,
  type QrBodyProblem,
} from './oa/qrcode.js';
// Official Account subscription notifications (订阅通知).
export {
  checkSubscribeMessage,
  type OaSubscribe,
  type OaSubscribeMessage,
  type OaSubscribeTemplate,
} from './oa/subscribe.js';
export {
  industryId,
  OA_INDUSTRIES,
  OA_INDUSTRY_CHANGE_MS,
  OA_TEMPLATE_MAX,
  TEMPLATE_SHORT_ID,
} from './oa/template-admin.js';
export {
  DATE_FORMAT,
  keywordFault,
  keywordProblem,
  keywordType,
  LINK_URL,
  placeholders,
  TEMPLATE_FIELD_SHOWN,
  TIME_FORMAT,
  TYPED_KEYWORDS,
} from './oa/template-rules.js';
export type { OaIndustry, OaTemplate, OaTemplateMessage, OaTemplates } from './oa/templates.js';
export {
  OA_BATCHGET_MAX,
  OA_FOLLOWER_PAGE,
  type OaFollower,
  type OaFollowerPage,
  type OaLang,
  type OaSubscribeScene,
  type OaUsers,
} from './oa/users.js';
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
/** Either platform's client; `client.platform` tells which. */
export type WxClient =
  | import('./wecom/client.js').WeComClient
  | import('./oa/client.js').OfficialAccountClient;
// WeCom contacts (users, departments, tags).
export {
  LIST_ALL_MAX_PAGES,
  LIST_IDS_MAX_LIMIT,
  type WeComContacts,
  type WeComDepartmentDetail,
  type WeComDepartmentId,
  type WeComDeptUser,
  type WeComSimpleUser,
  type WeComTag,
  type WeComTagMembers,
  type WeComUserIdPage,
} from './wecom/contacts.js';
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
