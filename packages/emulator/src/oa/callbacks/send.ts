import {
  buildXml,
  type CallbackCrypto,
  callbackSignature,
  createCallbackCrypto,
  type XmlFields,
} from '@wxkit/core';
import { push } from '../../push.js';
import type { SeedOfficialAccount } from '../../seed.js';
import type { World } from '../../world.js';
import { recordInteraction } from '../messages/window.js';
import { digits, stamp } from './ids.js';
import { type Mode, type ServerConfig, serversOf } from './server.js';

/** Sends one message the way the platform does in `mode`, and reads the passive reply back. */
export async function send(
  world: World,
  account: SeedOfficialAccount,
  config: ServerConfig,
  mode: Mode,
  fields: XmlFields,
) {
  // Every push from a follower opens (or widens) their customer-service window, whatever the app answers.
  recordInteraction(world, account.appId, fields);
  const timestamp = stamp(world);
  const nonce = digits(10);
  const url = new URL(config.url);
  url.searchParams.set('signature', callbackSignature([config.token, timestamp, nonce]));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('openid', String(fields['FromUserName']));
  let crypto: CallbackCrypto | undefined;
  let body = buildXml(fields);
  if (mode !== 'plaintext') {
    crypto = createCallbackCrypto({
      token: config.token,
      encodingAESKey: config.encodingAESKey as string,
      receiveId: account.appId,
    });
    const { encrypt, msgSignature } = crypto.encrypt(body, { timestamp, nonce });
    url.searchParams.set('encrypt_type', 'aes');
    url.searchParams.set('msg_signature', msgSignature);
    // Compatible mode sends the plaintext fields beside Encrypt; safe mode only ToUserName and Encrypt.
    body = buildXml(
      mode === 'compatible'
        ? { ...fields, Encrypt: encrypt }
        : { ToUserName: fields['ToUserName'] as string, Encrypt: encrypt },
    );
  }
  const to = {
    platform: 'oa' as const,
    appId: account.appId,
    type: String(fields['Event'] ?? fields['MsgType']),
    mode,
  };
  // Safe mode (安全模式) takes only an encrypted reply; a plaintext one is dropped and the follower sees
  // "该公众号暂时无法提供服务，请稍后再试" (compatible mode takes either).
  const plaintextRefused =
    mode === 'safe'
      ? 'safe mode: the passive reply must be encrypted (<Encrypt>); the platform drops a plaintext one and the follower sees 该公众号暂时无法提供服务'
      : undefined;
  return push(world, {
    to,
    url,
    body,
    ...(crypto ? { crypto } : {}),
    ...(plaintextRefused ? { plaintextRefused } : {}),
  });
}

/**
 * Pushes what the platform or a phone produces (TEMPLATESENDJOBFINISH, a scan's subscribe/SCAN, …) to the
 * account's saved server in its mode and reads the passive reply back; undefined when no server URL is saved (the
 * platform then drops the event too). Every push goes through `send`, which records the follower's interaction.
 */
export async function pushToAccount(world: World, appId: string, fields: XmlFields) {
  const account = world.account(appId);
  const server = serversOf(world).get(appId);
  if (!account || !server) return undefined;
  return send(world, account, server, server.mode, fields);
}

/**
 * Pushes after the current answer has gone out, as the platform does for the events a finished job produces
 * (TEMPLATESENDJOBFINISH, subscribe_msg_sent_event); a failed push shows in the account's deliveries.
 */
export function pushAfterAnswer(world: World, appId: string, fields: XmlFields): void {
  setTimeout(() => {
    pushToAccount(world, appId, fields).catch(() => undefined);
  }, 0);
}
