/**
 * The platform's input rules and limits (`@wxkit/core/rules`): what core checks before a call and what the emulator
 * answers with, written once. One problem shape ({@link RuleProblem}); `check*` returns the problems (empty when
 * the platform would take the input), `assert*` throws a WxConfigError, `parse*` reads a body into its meaning or a
 * problem.
 */
export { checkMenu } from '../menu/validate.js';
export { OA_CUSTOM_REQUIRED, OA_CUSTOM_TYPES } from '../oa/custom.js';
export { OA_MEDIA_LIMITS } from '../oa/media.js';
export { OPENID_PATTERN } from '../oa/openid.js';
export {
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
} from '../oa/qrcode.js';
export {
  industryId,
  OA_INDUSTRIES,
  OA_INDUSTRY_CHANGE_MS,
  OA_TEMPLATE_MAX,
  TEMPLATE_SHORT_ID,
} from '../oa/template-admin.js';
export {
  checkKeyword,
  DATE_FORMAT,
  keywordFault,
  keywordType,
  LINK_URL,
  placeholders,
  TEMPLATE_FIELD_SHOWN,
  TIME_FORMAT,
  TYPED_KEYWORDS,
  type TypedKeyword,
} from '../oa/template-rules.js';
export { OA_BATCHGET_MAX, OA_FOLLOWER_PAGE } from '../oa/users.js';
export {
  CARD_FIELD_ERRCODE,
  CARD_LIMITS,
  cardNeedsTaskId,
  checkTemplateCard,
  INTERACTIVE_CARD_TYPES,
  TASK_ID_ERRCODE,
  TEMPLATE_CARD_TYPES,
  type TemplateCardType,
} from '../wecom/card-rules.js';
export { LIST_ALL_MAX_PAGES, LIST_IDS_MAX_LIMIT } from '../wecom/contacts.js';
export { MEDIA_LIFETIME_MS, MEDIA_MIN_BYTES, WECOM_MEDIA_LIMITS } from '../wecom/media.js';
export { checkMpnews, MPNEWS_LIMITS, MPNEWS_TRUNCATED } from '../wecom/mpnews-rules.js';
export { assertOpenid, assertSubscribeMessage, assertTemplateCardUpdate, buildQrCodeBody } from './placed.js';
export { isRuleProblem, type RuleProblem } from './problem.js';
