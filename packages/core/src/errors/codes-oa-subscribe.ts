import { type CatalogRows, oa } from './entry.js';

/**
 * Official Account subscription notifications (订阅通知: message/subscribe/bizsend, wxaapi/newtmpl/*).
 * Sources: the MP doc subscribeMessage.send error table (shared by the OA's bizsend: 40003, 40037, 43101, 47003 —
 * 40037 and 47003 are explained in codes-oa-messages.ts, 40003 in codes-request.ts); the Tencent Cloud mini-program
 * copy of that table for 43107 (tencentcloud.com/document/product/1219/67648). Unsure: 43107 on the OA itself (no OA
 * page lists it); the 200xx category codes of addtemplate are not listed here (no source states them for the OA).
 */
export const OA_SUBSCRIBE_CODES: CatalogRows = {
  43101: oa(
    'The user refused the message (user refuse to accept the msg)',
    [
      "the user never accepted this template in the page's wx-open-subscribe popup, or rejected it",
      'a one-time acceptance (一次性订阅) was already used up by an earlier send: each acceptance allows one notification',
      'the user turned the template off afterwards (服务通知 → 拒收; the subscribe_msg_change_event said reject)',
      'since 2023-06, also answered to template/send when the follower refused that template message',
    ],
    'Send only after a subscribe_msg_popup_event with accept (event.subscribePopup) and count one send per one-time acceptance; ask again through wx-open-subscribe',
  ),
  43107: oa(
    'Subscription notifications banned',
    ['the account, or the template behind template_id, was banned from sending subscription notifications'],
    'Check the MP console notices for the ban and its reason; use another template once allowed',
  ),
};
