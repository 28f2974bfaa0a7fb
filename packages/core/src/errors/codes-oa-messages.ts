import { type CatalogRows, oa } from './entry.js';

/**
 * Official Account template and customer-service messages (OA global return codes; 模板消息接口; 客服接口-发消息;
 * practitioners' reports: EasyWeChat #1426, wechatpy #643).
 */
export const OA_MESSAGE_CODES: CatalogRows = {
  40037: oa(
    'Invalid template_id',
    [
      'the template is not in this account\'s "我的模板" (deleted, or added to another account)',
      "a test account's template id used on the production account (or the reverse)",
    ],
    "List the account's templates (templates.list()) and use one of their template_id values",
  ),
  40166: oa(
    'Invalid mini program appid (invalid weapp appid)',
    [
      'miniprogram.appid of a template message, subscription notification or menu is not a mini program linked to this account',
    ],
    'Link the mini program to the account (MP console → 小程序管理 → 关联小程序), or send the url instead',
  ),
  43100: oa(
    'Industry changed too recently (change template too frequently)',
    ['template/api_set_industry called again within a month of the last change'],
    'Change the industries at most once a month; set them in the MP console when in doubt',
  ),
  45026: oa(
    'Too many templates (template num exceeds limit)',
    ['the account already holds 25 templates (我的模板)'],
    'Delete unused ones with templates.remove (del_private_template) before adding',
  ),
  43004: oa(
    'The user does not follow the account (require subscribe)',
    ['the openid unfollowed the account', 'template messages go only to followers'],
    'Send only to current followers; a subscribe event makes the openid reachable again',
  ),
  45015: oa(
    'Response out of time limit or subscription is canceled',
    [
      'the follower has not interacted with the account within the customer-service window (48 hours after sending a message; since 2023-06 only 1 minute after a menu click, a follow or a QR scan)',
      'the follower unfollowed the account',
    ],
    'Use a template message outside the window, or wait for the follower to message the account',
  ),
  45047: oa(
    'Out of response count limit',
    [
      "the interaction's quota of customer-service messages is spent (since 2023-06: 5 per message from the follower, 3 per click, follow or scan; before that 20 within 48 hours)",
    ],
    'Send fewer messages per interaction (combine them), or switch to a template message',
  ),
  45008: oa(
    'Too many articles in the message',
    ['a customer-service news message carries more than one article (one only since 2018-10)'],
    'Send one article per news message',
  ),
  47003: oa(
    'Argument invalid',
    [
      'a template data field does not meet its keyword type (thing at most 20 characters, character_string 32 ASCII, number digits, …)',
      'a time, date or amount value not in its format (15:01 or 2019年10月1日 15:01; 2019年10月1日; ¥12.50, 100元), or a range joined by a full-width ～',
      'a placeholder of a 类目模板 template is missing or empty',
      'the url (template message) or page (subscription notification) is not an http(s) URL',
    ],
    'Trim each value to its keyword type (see the errmsg: "data.<key>.value invalid") and fill every placeholder',
  ),
};
