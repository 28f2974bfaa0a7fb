import { createWeCom, type Store, silentLogger } from '@wxkit/core';

/** The default seed's survey app as a WeCom client on `store`, talking to an in-process emulator. */
export const surveyApp = (store: Store, fetch: typeof globalThis.fetch) =>
  createWeCom({
    corpId: 'ww0123456789abcdef',
    corpSecret: 'survey-secret-0123456789abcdefghijklmnopqrs',
    agentId: 1000002,
    fetch,
    store,
    env: {},
    logger: silentLogger,
  });
