import { buildXml, type CallbackCrypto, isWxCryptoError, parseXml } from '@wxkit/core';
import type { WxCall, WxReply } from '../call.js';
import type { ServerContext } from '../context.js';
import { errorReply, text } from '../http.js';

const MAX_BODY = 64 * 1024;
const WINDOW_S = 300;

export interface WxEvent {
  /** `click`, `view`, `enter_agent`, … for events; `text`, `image`, … for messages. */
  type: string;
  from: string;
  to: string;
  agentId?: string;
  key?: string;
  content?: string;
  createTime: number;
  raw: Record<string, string>;
}

export type EventHandler = (event: WxEvent) => string | undefined | void | Promise<string | undefined | void>;

/** GET|POST {prefix}/events: callback URL verification and encrypted events, with replay protection. */
export async function events(
  ctx: ServerContext,
  crypto: CallbackCrypto,
  handlers: Map<string, EventHandler[]>,
  call: WxCall,
): Promise<WxReply> {
  const q = (name: string) => call.url.searchParams.get(name) ?? '';
  const [msgSignature, timestamp, nonce] = [q('msg_signature'), q('timestamp'), q('nonce')];
  try {
    if (call.method === 'GET') {
      // The platform expects the plaintext echostr only: no quotes, BOM or newline.
      return text(crypto.verifyUrl({ msgSignature, timestamp, nonce, echostr: q('echostr') }));
    }
    const body = await call.text(MAX_BODY);
    if (body === undefined)
      return errorReply(413, {
        code: 'too_large',
        message: `Callback bodies are at most ${MAX_BODY} bytes`,
      });
    const envelope = parseXml(body);
    const plaintext = crypto.decrypt({ msgSignature, timestamp, nonce, encrypt: envelope['Encrypt'] ?? '' });
    const now = Math.floor(ctx.clock() / 1000);
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > WINDOW_S) {
      return errorReply(403, {
        code: 'stale_callback',
        message: `timestamp is more than ${WINDOW_S} s from now`,
        hint: 'A replayed or delayed callback; check the server clock',
      });
    }
    const seenKey = ctx.key('callback', `${timestamp}:${nonce}:${msgSignature}`);
    if (await ctx.store.get(seenKey)) {
      // A retry or replay of a message already handled: acknowledge without handling it twice.
      return { status: 200, headers: { 'x-wxkit-duplicate': '1' }, body: '' };
    }
    await ctx.store.set(seenKey, '1', WINDOW_S * 2 * 1000);
    const raw = parseXml(plaintext);
    const event: WxEvent = {
      type: raw['MsgType'] === 'event' ? (raw['Event'] ?? '').toLowerCase() : (raw['MsgType'] ?? ''),
      from: raw['FromUserName'] ?? '',
      to: raw['ToUserName'] ?? '',
      createTime: Number(raw['CreateTime'] ?? 0),
      raw,
      ...(raw['AgentID'] ? { agentId: raw['AgentID'] } : {}),
      ...(raw['EventKey'] ? { key: raw['EventKey'] } : {}),
      ...(raw['Content'] !== undefined ? { content: raw['Content'] } : {}),
    };
    let reply: string | undefined;
    for (const handler of [...(handlers.get(event.type) ?? []), ...(handlers.get('*') ?? [])]) {
      const result = await handler(event);
      if (typeof result === 'string' && reply === undefined) reply = result;
    }
    if (reply === undefined) return text('');
    const plain = buildXml({
      ToUserName: event.from,
      FromUserName: event.to,
      CreateTime: now,
      MsgType: 'text',
      Content: reply,
    });
    return text(
      crypto.encryptReply(plain, { timestamp: String(now), nonce }),
      200,
      'application/xml; charset=utf-8',
    );
  } catch (error) {
    if (isWxCryptoError(error)) {
      return errorReply(error.code === -40001 ? 401 : 400, {
        code: 'bad_callback',
        message: error.message,
        errcode: error.code,
        hint: 'Check the callback Token and EncodingAESKey, and that the raw body reaches the server unchanged',
      });
    }
    ctx.logger.error('callback handler failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    return errorReply(500, { code: 'handler_failed', message: 'The event handler failed' });
  }
}
