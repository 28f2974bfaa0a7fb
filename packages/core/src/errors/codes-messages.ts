import { type CatalogRows, wecom } from './entry.js';

/** Sending messages (WeCom message/send). */
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
};
