import { both, type CatalogRows, wecom } from './entry.js';

/** Sending app messages (WeCom message/send): recipients, msgtype, template cards and their task_id (doc 90236, 90372, 94888; doc 90313). */
export const MESSAGE_CODES: CatalogRows = {
  81013: {
    wecom: {
      meaning: 'All recipients invalid',
      causes: ['every user, department and tag was unknown or outside the visible range'],
      fix: "Check the recipients against the app's visible range",
    },
  },
  82001: {
    wecom: {
      meaning: 'Recipient lists all empty',
      causes: ['touser, toparty and totag were all empty'],
      fix: 'Give at least one recipient',
    },
  },
  44004: wecom(
    'Empty text content',
    ['message/send with a text message whose content is empty'],
    'Send non-empty text.content (at most 2048 bytes)',
  ),
  // The same on both platforms: WeCom message/send and the Official Account's message/custom/send.
  40008: both(
    'Invalid message type',
    [
      'msgtype is not one the API takes (WeCom message/send: text, image, voice, video, file, textcard, news, mpnews, markdown, miniprogram_notice, template_card; OA message/custom/send: text, image, voice, video, music, news, mpnews, msgmenu, wxcard, miniprogrampage)',
      'msgtype names one type and the body carries another (msgtype "text" with a "markdown" object)',
      'the message was sent with GET, or as form data instead of JSON',
    ],
    'Send JSON with msgtype and an object of the same name (msgtype "template_card" with template_card: {…})',
  ),
  42014: wecom(
    'Invalid task_id',
    [
      'this app already sent a card with this task_id (task_id is unique per app, for ever)',
      'task_id is empty on a button/vote/multiple interaction card or a card with an action_menu',
      'task_id is over 128 bytes or holds characters other than digits, letters and _ - @',
    ],
    'Give every interactive card a new task_id, e.g. `survey-<id>-<timestamp>`',
  ),
};
