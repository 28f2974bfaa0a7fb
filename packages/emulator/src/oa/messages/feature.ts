import { defineFeature } from '../../feature.js';
import { oaMessagesConsole } from '../../pages/console-oa-messages.js';
import { oaMedia } from '../../services/oa-media.js';
import { oaMessageState, oaMessages } from '../../services/oa-messages.js';
import { oaTemplateAdmin } from '../../services/oa-template-admin.js';
import { windowState } from '../../services/oa-window.js';

/** Template messages and their management, customer-service messages (the 48-hour window), temporary media, and the outbox page. */
export const oaMessagesFeature = defineFeature({
  name: 'oa/messages',
  platform: 'oa',
  state: [oaMessageState, windowState],
  api: [oaMessages, oaTemplateAdmin, oaMedia],
  console: [oaMessagesConsole],
});
