import { defineFeature } from '../../feature.js';
import { oaApi } from './api.js';

/** The account's menu and the other small APIs (menus live in the shared menu state). */
export const oaApiFeature = defineFeature({ name: 'oa/api', platform: 'oa', api: [oaApi] });
