import { DEMO_OA, DEMO_WECOM } from '@wxkit/test-support';
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
