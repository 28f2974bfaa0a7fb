import { type CatalogRows, oa } from './entry.js';

/**
 * Official Account parametric QR codes (qrcode/create) and followers (user/info, user/info/batchget).
 * Sources: OA global return codes (全局返回码); WxJava WxMpErrorMsgEnum (40052, 40053, 45029, 40032); the
 * batchget page ("最多支持一次拉取100条"). 40003 (invalid openid) is in codes-request.ts.
 */
export const OA_FOLLOWER_CODES: CatalogRows = {
  40052: oa(
    'Invalid action name',
    ['qrcode/create action_name is not QR_SCENE, QR_STR_SCENE, QR_LIMIT_SCENE or QR_LIMIT_STR_SCENE'],
    'Use oa.qrcode.create({ scene, expireSeconds? }) or { permanent: true, scene }, which picks the action',
  ),
  40053: oa(
    'Invalid action info',
    [
      'action_info.scene is missing, or scene_id / scene_str does not match the action (QR_*STR_SCENE takes scene_str)',
      'scene_id out of range: 1..4294967295 for temporary codes, 1..100000 for permanent ones',
      'scene_str empty or longer than 64 characters',
    ],
    'Pass an integer scene in range, or a string scene of 1..64 characters',
  ),
  40097: oa(
    'Invalid arguments',
    [
      'qrcode/create expire_seconds is not a whole number 1..2592000 (30 days)',
      'template/api_set_industry with an industry id outside the 行业代码 table (1-41)',
    ],
    'Use expireSeconds within 30 days, or a permanent code for anything that must last longer',
  ),
  45029: oa(
    'QR code count out of limit',
    ['the account already holds 100000 permanent QR codes (the platform never deletes them)'],
    'Reuse permanent codes per scene (creating the same scene again returns the same code), or use temporary codes (up to 30 days)',
  ),
  40032: oa(
    'Invalid openid list size',
    ['user/info/batchget got more than 100 users (or none)'],
    'Split the list into batches of at most 100 (oa.users.batchGet refuses longer lists before calling)',
  ),
};
