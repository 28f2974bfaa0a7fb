import { defineFeature } from '../../feature.js';
import { jssdk } from '../../services/jssdk-verify.js';
import { weComJsapi } from '../../services/wecom-jsapi.js';

/** JS-SDK tickets (get_jsapi_ticket) and the bridge's signature check (both platforms' pages). */
export const weComJsapiFeature = defineFeature({
  name: 'wecom/jsapi',
  platform: 'wecom',
  api: [weComJsapi],
  control: [jssdk],
});
