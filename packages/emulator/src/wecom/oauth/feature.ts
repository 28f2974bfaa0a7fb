import { defineFeature } from '../../feature.js';
import { authorizePages } from './authorize.js';
import { weComOAuth } from './oauth.js';

/**
 * OAuth code exchange (auth/getuserinfo, getuserdetail), web login's user tickets, and the pages that hand out the
 * codes: the authorize page (both platforms: an OA appid gets its followers) and web login with its login panel.
 */
export const weComOAuthFeature = defineFeature({
  name: 'wecom/oauth',
  platform: 'wecom',
  api: [weComOAuth],
  control: [authorizePages],
});
