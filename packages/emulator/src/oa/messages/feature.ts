import { defineFeature } from '../../feature.js';
import { oaMessagesConsole } from './console.js';
import { oaMedia } from './media.js';
import { oaMessageState, oaMessages } from './messages.js';
import { oaTemplateAdmin } from './template-admin.js';
import { windowState } from './window.js';

/** Template messages and their management, customer-service messages (the 48-hour window), temporary media, and the outbox page. */
export const oaMessagesFeature = defineFeature({
  name: 'oa/messages',
  platform: 'oa',
  state: [oaMessageState, windowState],
  api: [oaMessages, oaTemplateAdmin, oaMedia],
  console: [oaMessagesConsole],
});
