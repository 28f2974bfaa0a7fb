import type { Platform } from '@wxkit/core';
import { replyLang } from './accept-language.js';
import type { WxCall, WxReply } from './call.js';
import { errorInChinese } from './error-zh.js';
import type { ErrorBody } from './http.js';

/**
 * A JSON error the kit answers to a browser, in Chinese when the browser asks for Chinese first (Accept-Language),
 * in English otherwise. Pages (HTML) carry both languages already; other replies are left alone.
 */
export function localiseReply(
  reply: WxReply,
  call: Pick<WxCall, 'header'>,
  where: { prefix: string; platform: Platform },
): WxReply {
  if (reply.status < 400 || reply.body === undefined) return reply;
  if (!reply.headers['content-type']?.startsWith('application/json')) return reply;
  if (replyLang(call.header('accept-language')) !== 'zh') return reply;
  let envelope: { error?: ErrorBody };
  try {
    envelope = JSON.parse(reply.body) as typeof envelope;
  } catch {
    return reply;
  }
  const chinese = envelope.error && errorInChinese(envelope.error, where);
  if (!chinese) return reply;
  const body = JSON.stringify({ ...envelope, error: chinese });
  return {
    ...reply,
    headers: {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(body)),
      'content-language': 'zh-CN',
    },
    body,
  };
}
