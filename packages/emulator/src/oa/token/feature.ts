import { defineFeature } from '../../feature.js';
import { oaToken } from './token.js';

/** /cgi-bin/token and stable_token (kept in the shared credentials). */
export const oaTokenFeature = defineFeature({ name: 'oa/token', platform: 'oa', api: [oaToken] });
