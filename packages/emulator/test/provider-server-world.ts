import { createMemoryStore } from '@wxkit/core';
import { createSuite } from '@wxkit/core/provider';
import { createWxServer, type WxServer } from '@wxkit/server';
import { createEmulator, type Emulator } from '../src/index.js';
import { AES, HOST, PROVIDER, SUITE, SUITE_SECRET, TOKEN } from './provider-support.js';

export const ORIGIN = 'http://localhost:3000';

/**
 * The server kit's provider strategy (the survey's /isv/wx prefix) on the emulator: the emulator's pushes go to
 * server.handle (no port); `dataCallback` adds the per-corp data route with the suite's keys.
 */
export async function serverWorld(options: { dataCallback?: boolean } = {}) {
  let emu: Emulator | undefined;
  const fetchEmu = ((input: string | URL | Request, init?: RequestInit) =>
    (emu as Emulator).fetch(input, init)) as typeof fetch;
  const store = createMemoryStore();
  const suite = createSuite({
    suiteId: SUITE,
    suiteSecret: SUITE_SECRET,
    sealSecret: 'seal-secret-0123456789abcdef0123456789',
    fetch: fetchEmu,
    hosts: { qyapi: HOST, open: HOST, work: HOST, login: HOST },
    store,
  });
  const wx: WxServer = createWxServer({
    suite,
    store,
    prefix: '/isv/wx',
    commands: { token: TOKEN, encodingAESKey: AES, providerCorpId: PROVIDER },
    ...(options.dataCallback ? { callback: { token: TOKEN, encodingAESKey: AES } } : {}),
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    publicUrl: ORIGIN,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const app = async (path: string, init?: RequestInit) =>
    (await wx.handle(new Request(new URL(path, ORIGIN), init))) ??
    new Response('not the kit', { status: 599 });
  emu = await createEmulator({
    appFetch: async (input, init) => app(String(input instanceof Request ? input.url : input), init),
  });
  return { emu, suite, app, wx };
}
