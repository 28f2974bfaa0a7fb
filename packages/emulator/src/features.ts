import { cardState } from './cards.js';
import { codeState } from './codes.js';
import { menuState } from './menus.js';
import { pushState } from './push.js';
import { oaServerState } from './services/oa-callbacks.js';
import { oaMessageState } from './services/oa-messages.js';
import { qrState } from './services/oa-qrcode.js';
import { subscribeState } from './services/oa-subscribe.js';
import { windowState } from './services/oa-window.js';
import { mediaState } from './services/wecom-media.js';
import { messageState } from './services/wecom-message.js';
import { credentials } from './tokens.js';
import { traffic } from './traffic.js';
import type { State } from './world.js';

/** Every feature's state, built with each world so the stats list every collection from the start. */
export const FEATURE_STATES: readonly State<unknown>[] = [
  credentials,
  codeState,
  traffic,
  menuState,
  pushState,
  messageState,
  cardState,
  mediaState,
  qrState,
  windowState,
  oaMessageState,
  subscribeState,
  oaServerState,
];
