import { defineFeature } from '../../feature.js';
import { oaSubscribe, subscribeState } from './bizsend.js';
import { oaSubscribeConsole } from './console.js';
import { oaSubscribePopup } from './popup.js';

/**
 * Subscription notifications (一次性/长期订阅消息): the grants a user gives in the wx-open-subscribe popup, bizsend
 * and the template APIs, the popup action and the console page. The model for a feature in a folder of its own.
 */
export const oaSubscribeFeature = defineFeature({
  name: 'oa/subscribe',
  platform: 'oa',
  state: [subscribeState],
  api: [oaSubscribe],
  control: [oaSubscribePopup],
  console: [oaSubscribeConsole],
});
