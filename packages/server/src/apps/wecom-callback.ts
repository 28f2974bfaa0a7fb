import type { CallbackCrypto } from '@wxkit/core';
import { type CallbackSetup, readQuery } from '../routes/event-config.js';

/**
 * A WeCom callback (always encrypted, msg_signature over the body) on one receive id: an own app's corp, or a
 * provider's per-corp data URL. The URL check answers the decrypted echostr.
 */
export function weComCallbackSetup(crypto: CallbackCrypto): CallbackSetup {
  return {
    platform: 'wecom',
    mode: 'safe',
    crypto,
    encrypted: () => true,
    signedQuery: (params) => readQuery(params, ['timestamp', 'nonce', 'msg_signature']),
    // msg_signature covers the body too: it is checked when the message is decrypted.
    checkQuery: () => {},
    verifyUrl: (params) => verifyWeComUrl(crypto, params),
  };
}

/** WeCom's URL check (GET with msg_signature, timestamp, nonce, echostr): the decrypted echostr, or a throw. */
export function verifyWeComUrl(crypto: CallbackCrypto, params: URLSearchParams): string {
  const q = readQuery(params, ['msg_signature', 'timestamp', 'nonce']);
  return crypto.verifyUrl({
    msgSignature: q.msg_signature,
    timestamp: q.timestamp,
    nonce: q.nonce,
    echostr: params.get('echostr') ?? '',
  });
}
