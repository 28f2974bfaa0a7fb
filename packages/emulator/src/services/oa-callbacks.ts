import { createHash, randomInt } from 'node:crypto';
import {
  buildXml,
  type CallbackCrypto,
  callbackSignature,
  createCallbackCrypto,
  parseXml,
  type XmlFields,
} from '@wxkit/core';
import type { Context } from 'hono';
import { Ring } from '../bounded.js';
import type { Service } from '../context.js';
import { asText, jsonBody } from '../envelope.js';
import type { SeedOfficialAccount } from '../seed.js';
import { randomToken, type World } from '../world.js';
import { recordInteraction } from './oa-window.js';

/** MP console → 设置与开发 → 基本配置 → 服务器配置: 消息加解密方式. */
type Mode = 'plaintext' | 'compatible' | 'safe';
const MODES: readonly Mode[] = ['plaintext', 'compatible', 'safe'];

interface ServerConfig {
  url: string;
  token: string;
  encodingAESKey?: string;
  mode: Mode;
}

interface Delivery {
  at: number;
  appId: string;
  type: string;
  mode: Mode;
  /** 0 when the server did not answer (then `error` says why). */
  status: number;
  body: string;
  error?: string;
}

/** This service's own state, per world: a reset (new world) forgets every saved URL. */
interface OaCallbackState {
  servers: Map<string, ServerConfig>;
  deliveries: Ring<Delivery>;
}
const states = new WeakMap<World, OaCallbackState>();
const stateOf = (world: World): OaCallbackState => {
  let state = states.get(world);
  if (!state) {
    state = { servers: new Map(), deliveries: new Ring<Delivery>(MAX_DELIVERIES) };
    states.set(world, state);
  }
  return state;
};
const MAX_DELIVERIES = 200;

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

class Refused extends Error {}
const need = (ok: boolean, message: string) => {
  if (!ok) throw new Refused(message);
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
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
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
      return value.toFixed(6);
    };
    fields['Latitude'] = coordinate('latitude', 23.137466);
    fields['Longitude'] = coordinate('longitude', 113.352425);
    fields['Precision'] = coordinate('precision', 119.38504);
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
  const delivered = {
    at: world.now(),
    appId: account.appId,
    type: String(fields['Event'] ?? fields['MsgType']),
    mode,
  };
  let response: Response;
  let text: string;
  try {
    // The platform waits 5 s for an answer.
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
      signal: AbortSignal.timeout(5000),
    });
    text = await response.text();
  } catch (error) {
    const failed = { status: 0, error: `the server did not answer: ${(error as Error).message}` };
    // Recorded like any delivery: a push nobody awaits (a template job's event) shows here when it fails.
    stateOf(world).deliveries.push({ ...delivered, ...failed, body: '' });
    return failed;
  }
  stateOf(world).deliveries.push({ ...delivered, status: response.status, body: text.slice(0, 2000) });
  // '' and 'success' mean no reply.
  let reply: string | undefined;
  let replyError: string | undefined;
  if (response.status === 200 && text !== '' && text !== 'success') {
    if (crypto && text.includes('<Encrypt>')) {
      // The platform drops a reply it cannot read; the emulator says why (as for WeCom, callbacks.ts).
      try {
        const r = parseXml(text);
        reply = crypto.decrypt({
          msgSignature: r['MsgSignature'] ?? '',
          timestamp: r['TimeStamp'] ?? '',
          nonce: r['Nonce'] ?? '',
          encrypt: r['Encrypt'] ?? '',
        });
      } catch (error) {
        replyError = (error as Error).message;
      }
    } else if (mode === 'safe')
      // Safe mode (安全模式) takes only an encrypted reply; a plaintext one is dropped and the follower sees
      // "该公众号暂时无法提供服务，请稍后再试" (compatible mode takes either).
      replyError =
        'safe mode: the passive reply must be encrypted (<Encrypt>); the platform drops a plaintext one and the follower sees 该公众号暂时无法提供服务';
    else reply = text;
  }
  return {
    status: response.status,
    response: text.slice(0, 2000),
    ...(reply !== undefined ? { reply } : {}),
    ...(replyError !== undefined ? { replyError } : {}),
  };
}

/**
 * Pushes what the platform or a phone produces (TEMPLATESENDJOBFINISH, a scan's subscribe/SCAN, …) to the
 * account's saved server in its mode and reads the passive reply back; undefined when no server URL is saved (the
 * platform then drops the event too). Every push goes through `send`, which records the follower's interaction.
 */
export async function pushToAccount(world: World, appId: string, fields: XmlFields) {
  const account = world.account(appId);
  const server = stateOf(world).servers.get(appId);
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

const answer = async (c: Context, run: () => Promise<unknown>) => {
  try {
    return c.json((await run()) as object);
  } catch (error) {
    if (error instanceof Refused) return c.json({ error: error.message }, 400);
    throw error;
  }
};

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
        if (result.ok) stateOf(world).servers.set(account.appId, config);
        return { ...result, appId: account.appId, mode: config.mode };
      }),
    );
    app.get('/_emulator/oa/callback', (c) =>
      answer(c, async () => {
        const world = ctx.world();
        const account = accountOf(world, c.req.query());
        const config = stateOf(world).servers.get(account.appId);
        return {
          appId: account.appId,
          originalId: originalId(account.appId),
          server: config ? { url: config.url, mode: config.mode } : null,
          deliveries: stateOf(world)
            .deliveries.toArray()
            .filter((d) => d.appId === account.appId)
            .slice(-50),
        };
      }),
    );
    app.post('/_emulator/oa/events', (c) =>
      answer(c, async () => {
        const body = (await jsonBody(c)) ?? {};
        const world = ctx.world();
        const account = accountOf(world, body);
        const config = stateOf(world).servers.get(account.appId);
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
