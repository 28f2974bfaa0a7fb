import { defineFeature } from '../../feature.js';
import { weComMedia } from './api.js';
import { pageMedia } from './page.js';
import { mediaState } from './store.js';

/** Temporary media (media/upload, media/get) and the JS-SDK's uploadImage; the OA's media share the store. */
export const weComMediaFeature = defineFeature({
  name: 'wecom/media',
  platform: 'wecom',
  state: [mediaState],
  api: [weComMedia],
  control: [pageMedia],
});
