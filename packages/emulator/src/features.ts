import { codeState } from './codes.js';
import type { Feature } from './feature.js';
import { oaApiFeature } from './oa/api/feature.js';
import { oaCallbacksFeature } from './oa/callbacks/feature.js';
import { oaMessagesFeature } from './oa/messages/feature.js';
import { oaOAuthFeature } from './oa/oauth/feature.js';
import { oaQrcodeFeature } from './oa/qrcode/feature.js';
import { oaSubscribeFeature } from './oa/subscribe/feature.js';
import { oaTokenFeature } from './oa/token/feature.js';
import { oaUsersFeature } from './oa/users/feature.js';
import { pushState } from './push.js';
import { credentials } from './tokens.js';
import { traffic } from './traffic.js';
import { weComAdminFeature } from './wecom/admin/feature.js';
import { weComCardsFeature } from './wecom/cards/feature.js';
import { weComContactsFeature } from './wecom/contacts/feature.js';
import { weComJsapiFeature } from './wecom/jsapi/feature.js';
import { weComMediaFeature } from './wecom/media/feature.js';
import { weComMessageFeature } from './wecom/message/feature.js';
import { weComOAuthFeature } from './wecom/oauth/feature.js';
import { weComProviderFeature } from './wecom/provider/feature.js';
import { weComTokenFeature } from './wecom/token/feature.js';
import type { State } from './world.js';

/**
 * Every emulated feature, one line each. A request reaches a feature's API by the platform of its token or its
 * host (routing.ts), never by the order here.
 */
export const FEATURES: readonly Feature[] = [
  weComProviderFeature,
  weComTokenFeature,
  weComOAuthFeature,
  weComContactsFeature,
  weComJsapiFeature,
  weComAdminFeature,
  weComMessageFeature,
  weComMediaFeature,
  weComCardsFeature,
  oaTokenFeature,
  oaOAuthFeature,
  oaApiFeature,
  oaUsersFeature,
  oaCallbacksFeature,
  oaQrcodeFeature,
  oaMessagesFeature,
  oaSubscribeFeature,
];

/** What every feature shares: tokens and tickets, OAuth codes, the journal and quotas, and the push log. */
export const SHARED_STATES: readonly State<unknown>[] = [credentials, codeState, traffic, pushState];

/** Every collection of every feature, built with each world so the stats name them all from the start. */
export const FEATURE_STATES: readonly State<unknown>[] = [
  ...SHARED_STATES,
  ...FEATURES.flatMap((feature) => feature.state ?? []),
];
