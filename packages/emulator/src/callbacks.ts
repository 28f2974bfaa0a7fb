import { buildXml, createCallbackCrypto, parseXml } from '@wxkit/core';
import { randomToken, type World } from './world.js';

function findApp(world: World, body: Record<string, unknown>) {
  const corpId = typeof body['corpId'] === 'string' ? body['corpId'] : world.seed.wecom[0]?.corpId;
  const corp = corpId ? world.corp(corpId) : undefined;
  const agentId = Number(body['agentId'] ?? corp?.apps[0]?.agentId);
  const app = corp?.apps.find((a) => a.agentId === agentId);
  if (!corp || !app) throw new Error(`no app ${agentId} in corp ${corpId}`);
  if (!app.callback) throw new Error(`app ${agentId} has no callback configured in the seed`);
  return { corp, app, callback: app.callback };
}

const stamp = (world: World) => String(Math.floor(world.now() / 1000));

/** Posts an event to the app's callback URL, encrypted and signed as the platform does. */
export async function fireEvent(world: World, body: Record<string, unknown>) {
  const { corp, app, callback } = findApp(world, body);
  const type = String(body['type'] ?? 'click');
  const userid = String(body['userid'] ?? corp.members[0]?.userid ?? 'zhangsan');
  const timestamp = stamp(world);
  const common = { ToUserName: corp.corpId, FromUserName: userid, CreateTime: Number(timestamp) };
  let fields: Record<string, string | number>;
  if (type === 'text') {
    fields = {
      ...common,
      MsgType: 'text',
      Content: String(body['content'] ?? ''),
      MsgId: Date.now(),
      AgentID: app.agentId,
    };
  } else if (type === 'click' || type === 'view' || type === 'enter_agent') {
    const event: Record<string, string | number> = {
      ...common,
      MsgType: 'event',
      Event: type,
      EventKey: String(body['key'] ?? ''),
      AgentID: app.agentId,
    };
    fields = event;
  } else {
    throw new Error(`event type ${type} is not emulated: use click, view, enter_agent or text`);
  }
  const crypto = createCallbackCrypto({
    token: callback.token,
    encodingAESKey: callback.encodingAESKey,
    receiveId: corp.corpId,
  });
  const nonce = randomToken(10).replace(/[^A-Za-z0-9]/g, 'x');
  const { encrypt, msgSignature } = crypto.encrypt(buildXml(fields), { timestamp, nonce });
  const url = new URL(callback.url);
  url.searchParams.set('msg_signature', msgSignature);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  const envelope = buildXml({ ToUserName: corp.corpId, AgentID: String(app.agentId), Encrypt: encrypt });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: envelope,
  });
  const text = await response.text();
  world.events.push({
    at: world.now(),
    agentId: app.agentId,
    status: response.status,
    body: text.slice(0, 2000),
  });
  let reply: string | undefined;
  let replyError: string | undefined;
  if (text.includes('<Encrypt>')) {
    // The platform drops a reply it cannot read; the emulator says why.
    try {
      const r = parseXml(text);
      reply = crypto.decrypt({
        encrypt: r['Encrypt'] ?? '',
        msgSignature: r['MsgSignature'] ?? '',
        timestamp: r['TimeStamp'] ?? '',
        nonce: r['Nonce'] ?? '',
      });
    } catch (error) {
      replyError = (error as Error).message;
    }
  }
  return {
    status: response.status,
    response: text.slice(0, 2000),
    ...(reply ? { reply } : {}),
    ...(replyError ? { replyError } : {}),
  };
}

/** What the platform does when a callback URL is saved: GET with an encrypted echostr, expect the plaintext. */
export async function verifyCallbackUrl(world: World, body: Record<string, unknown>) {
  const { corp, callback } = findApp(world, body);
  const crypto = createCallbackCrypto({
    token: callback.token,
    encodingAESKey: callback.encodingAESKey,
    receiveId: corp.corpId,
  });
  const echo = String(Math.floor(Math.random() * 1e18));
  const timestamp = stamp(world);
  const nonce = randomToken(10).replace(/[^A-Za-z0-9]/g, 'x');
  const { encrypt, msgSignature } = crypto.encrypt(echo, { timestamp, nonce });
  const url = new URL(callback.url);
  url.searchParams.set('msg_signature', msgSignature);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('echostr', encrypt);
  const response = await fetch(url);
  const text = await response.text();
  const ok = response.status === 200 && text === echo;
  return {
    ok,
    status: response.status,
    ...(ok
      ? {}
      : { reason: `expected exactly "${echo}" (no quotes, BOM or newline), got "${text.slice(0, 80)}"` }),
  };
}
