import { defineFeature } from '../../feature.js';
import { weComToken } from './token.js';

/** gettoken: the corp's access tokens (kept in the shared credentials). */
export const weComTokenFeature = defineFeature({ name: 'wecom/token', platform: 'wecom', api: [weComToken] });
