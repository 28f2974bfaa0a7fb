import { defineFeature } from '../../feature.js';
import { weComJsapi } from './ticket.js';
import { jssdk } from './verify.js';

/** JS-SDK tickets (get_jsapi_ticket) and the bridge's signature check (both platforms' pages). */
export const weComJsapiFeature = defineFeature({
  name: 'wecom/jsapi',
  platform: 'wecom',
  api: [weComJsapi],
  control: [jssdk],
});
