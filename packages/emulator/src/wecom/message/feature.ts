import { defineFeature } from '../../feature.js';
import { messageState, weComMessage } from '../../services/wecom-message.js';
import { duplicateState } from './duplicate-check.js';

/** message/send into the inbox, with the per-member frequency limits and the duplicate check. */
export const weComMessageFeature = defineFeature({
  name: 'wecom/message',
  platform: 'wecom',
  state: [messageState, duplicateState],
  api: [weComMessage],
});
