import { callbackSignature } from '@wxkit/core';
import { need } from '../../refusal.js';
import { defineState, type World } from '../../world.js';
import { digits, stamp } from './ids.js';

/** MP console → 设置与开发 → 基本配置 → 服务器配置: 消息加解密方式. */
export type Mode = 'plaintext' | 'compatible' | 'safe';
export const MODES: readonly Mode[] = ['plaintext', 'compatible', 'safe'];

export interface ServerConfig {
  url: string;
  token: string;
  encodingAESKey?: string;
  mode: Mode;
}

/** The server URL each account saved (MP console → 服务器配置); a reset forgets them. */
export const oaServerState = defineState('oa-callbacks', (store) => ({
  servers: store.map<string, ServerConfig>('oaServers', 1000),
}));
export const serversOf = (world: World) => oaServerState.of(world).servers;

/** The MP console's check when a server URL is saved: GET with `signature` and a plaintext echostr, echoed back. */
export async function verify(world: World, config: ServerConfig) {
  const timestamp = stamp(world);
  const nonce = digits(10);
  const echostr = digits(19);
  const url = new URL(config.url);
  url.searchParams.set('signature', callbackSignature([config.token, timestamp, nonce]));
  url.searchParams.set('echostr', echostr);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  let status = 0;
  let text = '';
  try {
    const response = await world.outbound.fetch(url, {
      signal: AbortSignal.timeout(world.outbound.timeoutMs),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    return { ok: false, status, reason: `the URL did not answer: ${(error as Error).message}` };
  }
  if (status === 200 && text === echostr) return { ok: true, status };
  // What the console shows is just "Token验证失败"; the emulator says what came back.
  return {
    ok: false,
    status,
    reason: `Token验证失败: expected exactly "${echostr}" (no quotes, BOM or newline), got HTTP ${status} "${text.slice(0, 80)}"`,
  };
}

export function configFrom(body: Record<string, unknown>): ServerConfig {
  const { url, token, encodingAESKey } = body;
  const mode = (body['mode'] ?? 'plaintext') as Mode;
  need(typeof url === 'string' && /^https?:\/\//.test(url), 'url must be an http(s) URL');
  // The console's rules: Token 3-32 letters or digits; EncodingAESKey 43 letters or digits.
  need(
    typeof token === 'string' && /^[A-Za-z0-9]{3,32}$/.test(token),
    'token must be 3-32 letters or digits',
  );
  need(MODES.includes(mode), `mode is ${MODES.join(', ')}`);
  need(
    encodingAESKey === undefined ||
      (typeof encodingAESKey === 'string' && /^[A-Za-z0-9]{43}$/.test(encodingAESKey)),
    'encodingAESKey must be 43 letters or digits',
  );
  need(mode === 'plaintext' || encodingAESKey !== undefined, `mode ${mode} needs encodingAESKey`);
  return {
    url: url as string,
    token: token as string,
    mode,
    ...(typeof encodingAESKey === 'string' ? { encodingAESKey } : {}),
  };
}
