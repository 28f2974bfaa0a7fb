import { DEMO_OA, DEMO_WECOM, oaSaveServer, startRecorder } from '@wxkit/test-support';
import { afterAll, beforeEach } from 'vitest';
import { createEmulator, type Emulator } from '../src/index.js';

export const CORP = 'ww0123456789abcdef';
export const SECRET = DEMO_WECOM.corpSecret;
export const OA = 'wx0123456789abcdef';
export const OA_SECRET = DEMO_OA.appSecret;

export async function emulator(options: Parameters<typeof createEmulator>[0] = {}): Promise<Emulator> {
  return createEmulator({ clock: () => 1_700_000_000_000, ...options });
}

export async function get(emu: Emulator, path: string): Promise<Record<string, unknown>> {
  return (await (await emu.fetch(path)).json()) as Record<string, unknown>;
}

export async function post(emu: Emulator, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await emu.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

export async function weComToken(emu: Emulator): Promise<string> {
  return String((await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`))['access_token']);
}

/** Logs a member in through the authorize page shortcut and returns the code from the 302. */
export async function weComCode(emu: Emulator, userid: string, extra = ''): Promise<string> {
  const redirect = encodeURIComponent('http://localhost:3000/cb');
  const response = await emu.fetch(
    `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s1&agentid=1000002&login_as=${userid}${extra}`,
  );
  const location = new URL(response.headers.get('location') ?? 'http://x/');
  return location.searchParams.get('code') ?? '';
}

/** Exchanges a WeCom code as the app's backend would (auth/getuserinfo with a fresh token). */
export async function weComMember(emu: Emulator, code: string): Promise<Record<string, unknown>> {
  return get(
    emu,
    `/cgi-bin/auth/getuserinfo?access_token=${await weComToken(emu)}&code=${encodeURIComponent(code)}`,
  );
}

/** A fresh /cgi-bin/token of the demo Official Account. */
export async function oaToken(emu: Emulator): Promise<string> {
  return String(
    (await get(emu, `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`))[
      'access_token'
    ],
  );
}

/** What `useOaAccount` fills in before each test. */
export interface OaAccountStage {
  emu: Emulator;
  token: string;
  recorder: Awaited<ReturnType<typeof startRecorder>>;
}

/**
 * Before each test: a fresh emulator, the demo account's token, and the account's server URL saved (plaintext,
 * `serverToken`) pointing at one shared recording server, emptied per test.
 */
export function useOaAccount(serverToken: string): OaAccountStage {
  const stage = {} as OaAccountStage;
  afterAll(async () => {
    await stage.recorder?.close();
  });
  beforeEach(async () => {
    stage.recorder ??= await startRecorder();
    stage.recorder.received.length = 0;
    stage.emu = await emulator();
    stage.token = await oaToken(stage.emu);
    const saved = await oaSaveServer(stage.emu.fetch, { url: stage.recorder.url, token: serverToken });
    if (saved['ok'] !== true)
      throw new Error(`the emulator did not save the server URL: ${JSON.stringify(saved)}`);
  });
  return stage;
}
