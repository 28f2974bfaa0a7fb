import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '@wxkit/core';
import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { DEMO_CALLBACK, demoOfficialAccount, demoWeCom } from '@wxkit/test-support';
import { onTestFinished } from 'vitest';
import { toNodeListener } from '../src/adapters/node.js';
import { type CallbackOptions, createWxServer, type WxEvent, type WxServerOptions } from '../src/index.js';

/**
 * The demo WeCom app on a real port with its callback URL saved in the emulator, so the emulator's events reach
 * the server kit as they would in production (encrypted, over HTTP). Closed when the test ends.
 */
export async function weComCallbackApp(extra: Partial<WxServerOptions> = {}) {
  const seed = defaultSeed();
  const emu = await createEmulator({ seed });
  const wecom = demoWeCom(emu, { env: {} });
  const wx = createWxServer({
    wecom,
    session: { secret: 'a-test-secret-that-is-long-enough-0123' },
    callback: DEMO_CALLBACK,
    clock: emu.now,
    logger: silentLogger,
    ...extra,
  });
  const server = createServer(toNodeListener(wx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    await new Promise((resolve) => server.close(() => resolve(undefined)));
    await emu.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
  const corp = seed.wecom[0];
  const app = corp?.apps[0];
  await emu.fetch('/_emulator/state', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      seed: { ...seed, wecom: [{ ...corp, apps: [{ ...app, callback: { ...DEMO_CALLBACK, url } }] }] },
    }),
  });
  return { emu, wecom, wx, url, control: controlOf(emu) };
}

/** POSTs JSON to a control route of `emu` and returns its JSON answer. */
export const controlOf =
  (emu: Emulator) =>
  async <T = Record<string, unknown>>(path: string, body: unknown): Promise<T> =>
    (await (
      await emu.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json()) as T;

/**
 * The demo Official Account's app on a real port with `callback`, every event recorded in `events`; unless
 * `save: false`, its server URL is saved in the emulator as the MP console would (URL check first). Closed when
 * the test ends.
 */
export async function oaCallbackApp(emu: Emulator, callback: CallbackOptions, { save = true } = {}) {
  const officialAccount = demoOfficialAccount(emu);
  const wx = createWxServer({
    officialAccount,
    session: { secret: 'oa-test-secret-0123456789abcdefghijkl' },
    callback,
    clock: emu.now,
    logger: silentLogger,
  });
  const events: WxEvent[] = [];
  wx.on('*', (e) => void events.push(e));
  const server = createServer(toNodeListener(wx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`;
  const control = controlOf(emu);
  if (save) {
    const saved = await control('/_emulator/oa/callback', {
      url,
      token: callback.token,
      ...(callback.encodingAESKey ? { encodingAESKey: callback.encodingAESKey } : {}),
      mode: callback.mode ?? 'plaintext',
    });
    if (saved['ok'] !== true)
      throw new Error(`the emulator did not save the server URL: ${JSON.stringify(saved)}`);
  }
  return { officialAccount, wx, url, events, control };
}
