import { type CallbackCrypto, parseXml } from '@wxkit/core';
import { traffic } from './traffic.js';
import { defineState, type Platform, type World } from './world.js';

/** One try of one push, as the delivery log keeps it (GET /_emulator/deliveries; the OA callback page shows them). */
export interface Delivery {
  at: number;
  platform: Platform;
  /** The OA's appId, or the corp for WeCom (with `agentId`). */
  appId?: string;
  corpId?: string;
  agentId?: number;
  /** The event or message type pushed. */
  type: string;
  /** OA: the encryption mode it was sent in. */
  mode?: string;
  /** 1, 2 or 3: which try this was. */
  attempt: number;
  /** 0 when the app did not answer (then `error` says why). */
  status: number;
  body: string;
  error?: string;
}

/** The platforms' rule: three tries in all, 5 s apart, when the app does not answer within 5 s. */
export const PUSH_TRIES = 3;
export const PUSH_RETRY_MS = 5000;

export const pushState = defineState('push', (store) => ({
  deliveries: store.ring<Delivery>('deliveries', 1000),
}));

export interface Push {
  /** Who it is for, in the log. */
  to: Pick<Delivery, 'platform' | 'appId' | 'corpId' | 'agentId' | 'type' | 'mode'>;
  url: URL;
  body: string;
  /** Reads an encrypted reply (`<Encrypt>`); without it a non-empty, non-"success" answer is the reply as it is. */
  crypto?: CallbackCrypto;
  /** WeCom reads only encrypted replies. */
  encryptedOnly?: boolean;
  /** Why a plaintext reply is dropped, told to the app (OA safe mode takes only an encrypted one). */
  plaintextRefused?: string;
}

export interface PushResult {
  status: number;
  response: string;
  reply?: string;
  replyError?: string;
  /** The app did not answer (the push is tried again, 5 s later on the emulator's clock, up to three tries). */
  error?: string;
  /** When the next try goes out (emulator clock), after a try the app did not answer. */
  retryAt?: number;
}

/** The passive reply in an answer: decrypted when it is encrypted; the platform drops one it cannot read. */
export function readReply(
  push: Push,
  status: number,
  text: string,
): Pick<PushResult, 'reply' | 'replyError'> {
  if (status !== 200 || text === '' || text === 'success') return {};
  if (push.crypto && text.includes('<Encrypt>')) {
    try {
      const r = parseXml(text);
      return {
        reply: push.crypto.decrypt({
          encrypt: r['Encrypt'] ?? '',
          msgSignature: r['MsgSignature'] ?? '',
          timestamp: r['TimeStamp'] ?? '',
          nonce: r['Nonce'] ?? '',
        }),
      };
    } catch (error) {
      return { replyError: (error as Error).message };
    }
  }
  if (push.plaintextRefused) return { replyError: push.plaintextRefused };
  return push.encryptedOnly ? {} : { reply: text };
}

/**
 * Everything the emulator pushes to an app goes out here: POST with a 5 s limit through the world's outbound
 * fetch; an app that does not answer is tried again 5 s later on the emulator's clock, three tries in all, as the
 * platforms do (so an app's duplicate check sees the same MsgId, or FromUserName + CreateTime, again). Each try
 * goes to the journal and the delivery log. Answers the first try; later tries only show in the log.
 */
export async function push(world: World, message: Push, attempt = 1): Promise<PushResult> {
  const { fetch, timeoutMs } = world.outbound;
  let status = 0;
  let text = '';
  let error: string | undefined;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The limit holds whether or not the fetch honours the signal (an app's own handle in a test does not).
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`no answer within ${timeoutMs} ms; the connection was dropped`));
    }, timeoutMs);
  });
  try {
    const answer = (async () => {
      const response = await fetch(message.url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: message.body,
        signal: abort.signal,
      });
      return { status: response.status, text: await response.text() };
    })();
    answer.catch(() => undefined);
    ({ status, text } = await Promise.race([answer, limit]));
  } catch (cause) {
    error = `the server did not answer: ${(cause as Error).message}`;
    status = 0;
  } finally {
    clearTimeout(timer);
  }
  const retryAt = error && attempt < PUSH_TRIES ? world.now() + PUSH_RETRY_MS : undefined;
  const at = world.now();
  pushState.of(world).deliveries.push({
    at,
    ...message.to,
    attempt,
    status,
    body: text.slice(0, 2000),
    ...(error ? { error } : {}),
  });
  traffic.of(world).journal.push({
    at,
    method: 'PUSH',
    path: message.url.pathname,
    errcode: error ? -1 : 0,
    note: `${message.to.type} to the app, try ${attempt}/${PUSH_TRIES}: ${error ?? `HTTP ${status}`}${retryAt ? '; tried again in 5 s' : ''}`,
  });
  if (retryAt !== undefined)
    world.later(PUSH_RETRY_MS, () => {
      push(world, message, attempt + 1).catch(() => undefined);
    });
  return {
    status,
    response: text.slice(0, 2000),
    ...readReply(message, status, text),
    ...(error ? { error } : {}),
    ...(retryAt !== undefined ? { retryAt } : {}),
  };
}
