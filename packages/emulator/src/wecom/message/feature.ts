import { defineFeature } from '../../feature.js';
import { messageState, weComMessage } from '../../services/wecom-message.js';

/** message/send into the inbox, with the per-member frequency limits. */
export const weComMessageFeature = defineFeature({
  name: 'wecom/message',
  platform: 'wecom',
  state: [messageState],
  api: [weComMessage],
});
