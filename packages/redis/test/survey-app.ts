import { createWeCom, type Store, silentLogger } from '@wxkit/core';
import { DEMO_WECOM } from '@wxkit/test-support';

/** The default seed's survey app as a WeCom client on `store`, talking to an in-process emulator. */
export const surveyApp = (store: Store, fetch: typeof globalThis.fetch) =>
  createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: DEMO_WECOM.corpSecret,
    agentId: 1000002,
    fetch,
    store,
    env: {},
    logger: silentLogger,
  });
