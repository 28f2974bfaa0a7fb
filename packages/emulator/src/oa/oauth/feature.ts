import { defineFeature } from '../../feature.js';
import { oaOAuth } from './oauth.js';

/** Web authorisation: sns/oauth2 access and refresh tokens, sns/userinfo. */
export const oaOAuthFeature = defineFeature({ name: 'oa/oauth', platform: 'oa', api: [oaOAuth] });
