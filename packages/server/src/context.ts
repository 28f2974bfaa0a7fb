import type { Logger, SessionUser } from '@wxkit/core';
import type { AppStrategy, Identity } from './apps/index.js';
import type { BrowserState } from './browser-state.js';
import type { Origins } from './origin.js';
import type { Sessions } from './session.js';

export type { Identity } from './apps/index.js';

/** What the login and session routes share; the JS-SDK and events routes take their own smaller parts. */
export interface ServerContext {
  prefix: string;
  clock: () => number;
  logger: Logger;
  /** What differs between kinds of app. */
  app: AppStrategy;
  /** The origin the browser sees (publicUrl, else the connection) and the origins that may post here. */
  origins: Origins;
  /** The session and the login in progress, as this browser carries them. */
  browser: BrowserState;
  sessions: Sessions;
  loadUser(identity: Identity): Promise<SessionUser>;
}
