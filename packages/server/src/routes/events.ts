import {
  buildXml,
  type CallbackCrypto,
  isWxCryptoError,
  type Logger,
  parseXmlTree,
  xmlChild,
} from '@wxkit/core';
import { parseEvent } from '@wxkit/core/contract';
import type { WxCall, WxReply } from '../call.js';
import { watchCallback } from '../callback-watch.js';
import { errorReply, text } from '../http.js';
import type { CallbackSetup } from './event-config.js';
import { type DeliveryContext, deliverOnce } from './event-delivery.js';
import { deliveryId, type WxEvent } from './event-model.js';

export type { WxEvent } from './event-model.js';
/** A string answers the event with a passive text reply; nothing (or undefined) answers it with no reply. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that return nothing must type-check.
export type EventHandler = (event: WxEvent) => string | undefined | void | Promise<string | undefined | void>;

const MAX_BODY = 64 * 1024;
const WINDOW_S = 300;
const refused = (status: number, code: string, message: string, hint: string, errcode?: number): WxReply =>
  errorReply(status, { code, message, hint, ...(errcode !== undefined ? { errcode } : {}) });

/**
 * GET|POST {prefix}/events for WeCom (always encrypted) and Official Accounts (plaintext, compatible or safe).
 * Cheap checks first: the query's shape, the timestamp window and every signature that covers only the query run
 * before the body is read; the body is size-limited and parsed in linear time before the payload signature and
 * decryption. An event counts as handled only when its handlers succeeded.
 */
export async function events(
  ctx: DeliveryContext & { clock: () => number; logger: Logger },
  setup: CallbackSetup,
  handlers: Map<string, EventHandler[]>,
  call: WxCall,
  /** A provider's data callback: the corp whose URL it came to (its id decrypted it, events carry it). */
  scope?: { corpId: string },
): Promise<WxReply> {
  const params = call.url.searchParams;
  let kind = 'unknown';
  try {
    // The console's check when the URL is saved; the platform wants the echostr alone back.
    if (call.method === 'GET') return text(setup.verifyUrl(params));

    const encrypted = setup.encrypted(params);
    const modeProblem = mismatch(setup, encrypted);
    if (modeProblem) return modeProblem;
    const q = setup.signedQuery(params, encrypted);
    const now = Math.floor(ctx.clock() / 1000);
    if (Math.abs(now - Number(q.timestamp)) > WINDOW_S) {
      return refused(
        403,
        'stale_callback',
        `timestamp is more than ${WINDOW_S} s from now`,
        'A replayed or delayed callback; check the server clock',
      );
    }
    setup.checkQuery(q);

    const body = await call.text(MAX_BODY);
    if (body === undefined)
      return refused(
        413,
        'too_large',
        `Callback bodies are at most ${MAX_BODY} bytes`,
        'The platforms never send more',
      );
    const envelope = parseXmlTree(body, { maxLength: MAX_BODY });
    const xml = encrypted
      ? parseXmlTree(
          sealing(setup).decrypt({
            msgSignature: q.msg_signature ?? '',
            timestamp: q.timestamp,
            nonce: q.nonce,
            // In compatible mode the plaintext fields beside Encrypt are covered by no signature: only the
            // decrypted message counts.
            encrypt: xmlChild(envelope, 'Encrypt')?.text ?? '',
          }),
          { maxLength: MAX_BODY },
        )
      : envelope;
    const parsed = parseEvent(xml, setup.platform);
    kind = parsed.type;
    // The receive id already names the path's corp; ToUserName must too (a message of one corp never counts for
    // another, whatever else went wrong). Ids are per corp: two corps' MsgIds may collide.
    if (scope && parsed.to !== scope.corpId) {
      watchCallback(handlers, ctx.logger, kind, 'refused');
      return refused(
        403,
        'wrong_corp',
        `The message is addressed to corp ${parsed.to || '(none)'}, not ${scope.corpId} of the URL`,
        "A payload of one corp sent to another corp's data URL is refused",
      );
    }
    const event: WxEvent = scope ? { ...parsed, corpId: scope.corpId } : parsed;
    const id = scope ? `corp:${encodeURIComponent(scope.corpId)}:${deliveryId(event)}` : deliveryId(event);
    if (!encrypted) {
      // Plaintext: the signature does not cover the body, so one signed query may carry one message only.
      const nonceKey = ctx.key('callback-nonce', `${q.timestamp}:${q.nonce}:${q.signature ?? ''}`);
      const seen = await ctx.store.get(nonceKey);
      if (seen !== undefined && seen !== id)
        return refused(
          403,
          'replayed_signature',
          'This signed query already came with another message',
          'A captured callback URL replayed with a forged body',
          -40001,
        );
      if (seen === undefined) await ctx.store.set(nonceKey, id, WINDOW_S * 2 * 1000);
    }

    const outcome = await deliverOnce(ctx, id, () => runHandlers(handlers, event));
    watchCallback(handlers, ctx.logger, kind, outcome.kind);
    if (outcome.kind === 'duplicate') {
      // A retry or replay of a message already handled: acknowledged, not handled twice.
      return { status: 200, headers: { 'x-wxkit-duplicate': '1', 'content-length': '0' }, body: '' };
    }
    if (outcome.kind === 'busy') {
      // The same message is being handled right now (a retry while the first delivery runs): not an ack, so
      // the platform tries again and then gets the duplicate answer or, if the first failed, a fresh run.
      return errorReply(
        503,
        { code: 'in_progress', message: 'This message is being handled by another delivery' },
        { 'retry-after': '5' },
      );
    }
    const reply = outcome.value;
    if (reply === undefined) return text('');
    const plain = buildXml({
      ToUserName: event.from,
      FromUserName: event.to,
      CreateTime: now,
      MsgType: 'text',
      Content: reply,
    });
    // Replies go back in the mode the request came in.
    const out = encrypted
      ? sealing(setup).encryptReply(plain, {
          timestamp: String(now),
          nonce: q.nonce,
        })
      : plain;
    return text(out, 200, 'application/xml; charset=utf-8');
  } catch (error) {
    if (isWxCryptoError(error)) {
      watchCallback(handlers, ctx.logger, kind, 'refused');
      return refused(
        error.errcode === -40001 ? 401 : 400,
        'bad_callback',
        error.message,
        'Check the callback Token and EncodingAESKey, and that the raw body reaches the server unchanged',
        error.errcode,
      );
    }
    watchCallback(
      handlers,
      ctx.logger,
      kind,
      error instanceof HandlerFailed ? 'handler_failed' : 'failed',
      error,
    );
    // Not marked as handled: the platform's retry runs the handlers again. (The documented retry trigger is
    // no answer within 5 s; neither platform documents how it treats a 5xx, so that is the best a server can
    // signal without holding the connection.)
    return errorReply(500, { code: 'handler_failed', message: 'The event handler failed' });
  }
}

/** Whatever a handler throws (even a WxCryptoError of its own) is the handler's failure, not a bad request. */
class HandlerFailed extends Error {}

async function runHandlers(
  handlers: Map<string, EventHandler[]>,
  event: WxEvent,
): Promise<string | undefined> {
  let reply: string | undefined;
  for (const handler of [...(handlers.get(event.type) ?? []), ...(handlers.get('*') ?? [])]) {
    let result: Awaited<ReturnType<EventHandler>>;
    try {
      result = await handler(event);
    } catch (error) {
      throw new HandlerFailed(error instanceof Error ? error.message : String(error));
    }
    if (typeof result === 'string' && reply === undefined) reply = result;
  }
  return reply;
}

/** The crypto of a setup that has one (WeCom always; OA compatible/safe, checked by `mismatch` first). */
function sealing(setup: CallbackSetup): CallbackCrypto {
  if (!setup.crypto) throw new Error('@wxkit/server: encrypted callback without callback.encodingAESKey');
  return setup.crypto;
}

/** A message in a mode the server was not set up for (an OA's console changed): say which setting to change. */
function mismatch(setup: CallbackSetup, encrypted: boolean): WxReply | undefined {
  if (encrypted && !setup.crypto)
    return refused(
      400,
      'callback_mode',
      'An encrypted message (encrypt_type=aes) arrived but callback.mode is plaintext',
      "The MP console is set to compatible or safe mode: pass callback: { token, encodingAESKey, mode: 'safe' } (or 'compatible')",
    );
  if (!encrypted && setup.mode === 'safe')
    return refused(
      400,
      'callback_mode',
      'A plaintext message arrived but callback.mode is safe',
      'In safe mode the platform encrypts every message; if the console is set to plaintext or compatible, set callback.mode to match',
    );
  return undefined;
}
