import { createHash, randomInt } from 'node:crypto';
import {
  buildXml,
  type CallbackCrypto,
  callbackSignature,
  createCallbackCrypto,
  type XmlFields,
} from '@wxkit/core';
import { locationFields } from '@wxkit/core/contract';
import type { Service } from '../context.js';
import { asText, jsonBody } from '../envelope.js';
import { recordInteraction } from '../oa/messages/window.js';
import { push, pushState } from '../push.js';
import { answer, need } from '../refusal.js';
import type { SeedOfficialAccount } from '../seed.js';
import { defineState, randomToken, type World } from '../world.js';

/** MP console → 设置与开发 → 基本配置 → 服务器配置: 消息加解密方式. */
type Mode = 'plaintext' | 'compatible' | 'safe';
const MODES: readonly Mode[] = ['plaintext', 'compatible', 'safe'];

interface ServerConfig {
  url: string;
  token: string;
  encodingAESKey?: string;
  mode: Mode;
}

/** The server URL each account saved (MP console → 服务器配置); a reset forgets them. */
export const oaServerState = defineState('oa-callbacks', (store) => ({
  servers: store.map<string, ServerConfig>('oaServers', 1000),
}));
const serversOf = (world: World) => oaServerState.of(world).servers;

/**
 * The account's original id (`gh_` + 12 hex), which the platform puts in ToUserName. The seed has none, so it
 * is derived from the AppID: stable across runs, and never a real account's id.
 */
export const originalId = (appId: string) =>
  `gh_${createHash('sha1').update(appId).digest('hex').slice(0, 12)}`;

/** OA events the emulator sends, by the `type` a test asks for, with the Event value the platform writes. */
const EVENTS: Record<string, string> = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  scan: 'SCAN',
  click: 'CLICK',
  view: 'VIEW',
  location: 'LOCATION',
};

function accountOf(world: World, body: Record<string, unknown>): SeedOfficialAccount {
  const appId = typeof body['appId'] === 'string' ? body['appId'] : world.seed.officialAccounts[0]?.appId;
  const account = appId ? world.account(appId) : undefined;
  need(account !== undefined, `no Official Account ${String(appId)} in the seed`);
  return account as SeedOfficialAccount;
}

const stamp = (world: World) => String(Math.floor(world.now() / 1000));
// The platform's nonces are digits.
const digits = (length: number) => Array.from({ length }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');

/** The MP console's check when a server URL is saved: GET with `signature` and a plaintext echostr, echoed back. */
async function verify(world: World, config: ServerConfig) {
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

function eventFields(account: SeedOfficialAccount, world: World, body: Record<string, unknown>): XmlFields {
  const type = asText(body['type'], 'click').toLowerCase();
  const openid = asText(body['openid'], account.followers[0]?.openid ?? 'o-follower');
  const common = {
    ToUserName: originalId(account.appId),
    FromUserName: openid,
    CreateTime: Number(stamp(world)),
  };
  const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  if (type === 'text') {
    // MsgId is a 64-bit number.
    return { ...common, MsgType: 'text', Content: str('content') ?? '', MsgId: `${digits(1)}${digits(18)}` };
  }
  const event = EVENTS[type];
  need(
    event !== undefined,
    `event type ${type} is not emulated: use subscribe, unsubscribe, SCAN, CLICK, VIEW, LOCATION or text`,
  );
  const fields: Record<string, string | number> = { ...common, MsgType: 'event', Event: event as string };
  const scene = str('scene');
  const ticket =
    str('ticket') ?? (scene !== undefined ? `gQ${randomToken(30).replace(/[^A-Za-z0-9]/g, 'x')}` : undefined);
  if (type === 'subscribe' || type === 'unsubscribe') {
    // A follow through a parametric QR code: EventKey qrscene_<scene> and the code's Ticket.
    fields['EventKey'] = type === 'subscribe' && scene !== undefined ? `qrscene_${scene}` : '';
    if (type === 'subscribe' && ticket) fields['Ticket'] = ticket;
  } else if (type === 'scan') {
    need(scene !== undefined, 'SCAN needs "scene" (a follower scanned a parametric QR code)');
    fields['EventKey'] = scene as string;
    fields['Ticket'] = ticket as string;
  } else if (type === 'click' || type === 'view') {
    need(typeof body['key'] === 'string', `${event} needs "key" (the menu key, or the URL for VIEW)`);
    fields['EventKey'] = str('key') as string;
    if (type === 'view' && body['menuId'] !== undefined) fields['MenuId'] = asText(body['menuId']);
  } else {
    const coordinate = (name: string, fallback: number) => {
      const value = body[name] === undefined ? fallback : Number(body[name]);
      need(Number.isFinite(value), `LOCATION: ${name} must be a number`);
      return value;
    };
    Object.assign(
      fields,
      locationFields({
        latitude: coordinate('latitude', 23.137466),
        longitude: coordinate('longitude', 113.352425),
        precision: coordinate('precision', 119.38504),
      }),
    );
  }
  return fields;
}

/** Sends one message the way the platform does in `mode`, and reads the passive reply back. */
async function send(
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

function configFrom(body: Record<string, unknown>): ServerConfig {
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

/**
 * The Official Account's server configuration and message push, under /_emulator/oa:
 * `POST /_emulator/oa/callback` saves a server URL as the MP console does (saved only when the check passes),
 * `GET /_emulator/oa/callback` shows it and the last deliveries, `POST /_emulator/oa/events` pushes an event or
 * a text message in the saved mode (or `mode` given).
 */
export const oaCallbacks: Service = {
  name: 'oa-callbacks',
  register(app, ctx) {
    app.post('/_emulator/oa/callback', (c) =>
      answer(c, async () => {
        const body = (await jsonBody(c)) ?? {};
        const world = ctx.world();
        const account = accountOf(world, body);
        const config = configFrom(body);
        const result = await verify(world, config);
        if (result.ok) serversOf(world).set(account.appId, config);
        return { ...result, appId: account.appId, mode: config.mode };
      }),
    );
    app.get('/_emulator/oa/callback', (c) =>
      answer(c, async () => {
        const world = ctx.world();
        const account = accountOf(world, c.req.query());
        const config = serversOf(world).get(account.appId);
        return {
          appId: account.appId,
          originalId: originalId(account.appId),
          server: config ? { url: config.url, mode: config.mode } : null,
          deliveries: pushState
            .of(world)
            .deliveries.toArray()
            .filter((d) => d.platform === 'oa' && d.appId === account.appId)
            .slice(-50),
        };
      }),
    );
    app.post('/_emulator/oa/events', (c) =>
      answer(c, async () => {
        const body = (await jsonBody(c)) ?? {};
        const world = ctx.world();
        const account = accountOf(world, body);
        const config = serversOf(world).get(account.appId);
        need(config !== undefined, 'no server URL saved for this account: POST /_emulator/oa/callback first');
        const server = config as ServerConfig;
        const mode = (body['mode'] ?? server.mode) as Mode;
        need(MODES.includes(mode), `mode is ${MODES.join(', ')}`);
        need(
          mode === 'plaintext' || server.encodingAESKey !== undefined,
          `mode ${mode} needs an encodingAESKey saved with the URL`,
        );
        return send(world, account, server, mode, eventFields(account, world, body));
      }),
    );
  },
};

export const oaStamp = (world: World) => Number(stamp(world));
