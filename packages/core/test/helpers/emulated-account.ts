import { createEmulator, type Emulator } from '@wxkit/emulator';
import { demoOfficialAccount, oaSaveServer, startRecorder } from '@wxkit/test-support';
import { afterAll, beforeAll } from 'vitest';

/** What `useEmulatedAccount` fills in for the suite. */
export interface EmulatedAccount {
  emu: Emulator;
  recorder: Awaited<ReturnType<typeof startRecorder>>;
  /** The demo account as a client of `emu` that records every path it calls. */
  client(): { oa: ReturnType<typeof demoOfficialAccount>; calls(): string[]; all(): string[] };
  /** POSTs JSON to the emulator (control routes, faults). */
  control(path: string, body: Record<string, unknown>): Promise<Response>;
}

const TOKEN_PATHS = new Set(['/cgi-bin/token', '/cgi-bin/stable_token']);

/**
 * One in-process emulator for the suite, with the demo Official Account's server URL saved (plaintext,
 * `serverToken`) pointing at a recording server, so pushed events (template jobs, popups) have somewhere to go.
 */
export function useEmulatedAccount(serverToken: string): EmulatedAccount {
  const stage = {} as EmulatedAccount;
  beforeAll(async () => {
    stage.emu = await createEmulator({});
    stage.recorder = await startRecorder();
    const saved = await oaSaveServer(stage.emu.fetch, { url: stage.recorder.url, token: serverToken });
    if (saved['ok'] !== true)
      throw new Error(`the emulator did not save the server URL: ${JSON.stringify(saved)}`);
  });
  afterAll(async () => {
    await stage.emu?.close();
    await stage.recorder?.close();
  });
  stage.client = () => {
    const calls: string[] = [];
    const oa = demoOfficialAccount(stage.emu, {
      sleep: async () => undefined,
      fetch: ((input: string | URL | Request, init?: RequestInit) => {
        calls.push(new URL(String(input instanceof Request ? input.url : input)).pathname);
        return stage.emu.fetch(input, init);
      }) as typeof fetch,
    });
    return { oa, calls: () => calls.filter((p) => !TOKEN_PATHS.has(p)), all: () => calls };
  };
  stage.control = (path, body) =>
    stage.emu.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return stage;
}
