import { defineFeature } from '../../feature.js';
import { weComOAuth } from '../../services/wecom-oauth.js';

/** OAuth code exchange (auth/getuserinfo, getuserdetail) and web login's user tickets. */
export const weComOAuthFeature = defineFeature({ name: 'wecom/oauth', platform: 'wecom', api: [weComOAuth] });
