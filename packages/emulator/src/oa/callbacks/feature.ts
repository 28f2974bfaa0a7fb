import { defineFeature } from '../../feature.js';
import { oaCallbacks } from './control.js';
import { oaServerState } from './server.js';

/** The account's server URL (saved as the MP console does) and pushes to it through the one sender. */
export const oaCallbacksFeature = defineFeature({
  name: 'oa/callbacks',
  platform: 'oa',
  state: [oaServerState],
  control: [oaCallbacks],
});
