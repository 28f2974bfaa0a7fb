import { defineFeature } from '../../feature.js';
import { duplicateState } from './duplicate-check.js';
import { messageState, weComMessage } from './message.js';

/** message/send into the inbox, with the per-member frequency limits and the duplicate check. */
export const weComMessageFeature = defineFeature({
  name: 'wecom/message',
  platform: 'wecom',
  state: [messageState, duplicateState],
  api: [weComMessage],
});
