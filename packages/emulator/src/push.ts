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

/**
 * The platforms' rule: three tries in all, 5 s apart, when the app does not answer within 5 s — or answers
 * anything but HTTP 200. WeCom doc 90238: "当接收成功后，http头部返回200表示接收ok，其他错误码企业微信后台会一律当做失败
 * 并发起重试". The OA doc promises retries only for no answer in 5 s, but a practitioner capture shows the same
 * MsgId pushed again after an HTTP 201 answer (tb.rustfisher.com, 2021-08-03, "该公众号提供的服务出现故障"), so both
 * platforms retry a non-200 answer here; the server kit answers 500 on a failed handler counting on it.
 * Unsure: in that capture the retries came within a second and there were four requests (1 + 3); the emulator
 * keeps 5 s apart and three in all, as for an unanswered push.
 */
export const PUSH_TRIES = 3;
export const PUSH_RETRY_MS = 5000;

/** A try still due, as data (a snapshot, `--persist` and `--export-on-exit` keep it; a restore resumes it). */
export interface PendingPush {
  at: number;
  attempt: number;
  to: Push['to'];
  url: string;
  body: string;
  encryptedOnly?: boolean;
  plaintextRefused?: string;
}

export const pushState = defineState('push', (store) => ({
  deliveries: store.ring<Delivery>('deliveries', 1000),
  pending: store.map<string, PendingPush>('pending', 1000),
  retries: store.counter('retries'),
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
  /**
   * The platform counts the push as failed: no answer within the limit, or an answer other than HTTP 200 (the push
   * is tried again, 5 s later on the emulator's clock, up to three tries).
   */
  error?: string;
  /** When the next try goes out (emulator clock), after a failed try. */
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
  if (!error && status !== 200)
    error = `the app answered HTTP ${status}; only HTTP 200 counts as received (doc 90238), so the platform tries again`;
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
  if (retryAt !== undefined) {
    const id = String(pushState.of(world).retries.next());
    pushState.of(world).pending.set(id, {
      at: retryAt,
      attempt: attempt + 1,
      to: message.to,
      url: message.url.href,
      body: message.body,
      ...(message.encryptedOnly ? { encryptedOnly: true } : {}),
      ...(message.plaintextRefused ? { plaintextRefused: message.plaintextRefused } : {}),
    });
    schedule(world, id, retryAt);
  }
  return {
    status,
    response: text.slice(0, 2000),
    ...readReply(message, status, text),
    ...(error ? { error } : {}),
    ...(retryAt !== undefined ? { retryAt } : {}),
  };
}

/** Arms the timer of a pending try; it leaves the pending list when it goes out. */
function schedule(world: World, id: string, at: number): void {
  world.later(Math.max(0, at - world.now()), () => {
    const due = pushState.of(world).pending.get(id);
    if (!due) return;
    pushState.of(world).pending.delete(id);
    // A retry's reply is only logged, never read: no keys needed, so the pending try is plain data.
    const { at: _at, attempt, url, ...rest } = due;
    push(world, { ...rest, url: new URL(url) }, attempt).catch(() => undefined);
  });
}

/** After a restore or import: the tries still due in the saved state go out as they would have. */
export function resumePushes(world: World): void {
  for (const [id, due] of pushState.of(world).pending) schedule(world, id, due.at);
}
