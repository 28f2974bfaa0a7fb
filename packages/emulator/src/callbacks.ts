import { randomInt } from 'node:crypto';
import { buildXml, createCallbackCrypto, type XmlFields } from '@wxkit/core';
import {
  locationFields,
  scanCodeInfoFields,
  sendLocationInfoFields,
  sendPicsInfoFields,
} from '@wxkit/core/contract';
import { cardEventFields } from './card-event.js';
import { changeContactFields } from './change-contact.js';
import { asText } from './envelope.js';
import { push } from './push.js';
import { Refusal } from './refusal.js';
import { randomToken, type World } from './world.js';

function findApp(world: World, body: Record<string, unknown>) {
  const corpId = typeof body['corpId'] === 'string' ? body['corpId'] : world.seed.wecom[0]?.corpId;
  const corp = corpId ? world.corp(corpId) : undefined;
  const agentId = Number(body['agentId'] ?? corp?.apps[0]?.agentId);
  const app = corp?.apps.find((a) => a.agentId === agentId);
  if (!corp || !app) throw new Refusal(`no app ${agentId} in corp ${corpId}`, 'not_found');
  if (!app.callback) throw new Refusal(`app ${agentId} has no callback configured in the seed`);
  return { corp, app, callback: app.callback };
}

const stamp = (world: World) => String(Math.floor(world.now() / 1000));
// MsgId is a 64-bit number, unique per message (receivers deduplicate retries by it).
const msgId = () => `${randomInt(1, 10)}${Array.from({ length: 18 }, () => randomInt(0, 10)).join('')}`;

const MENU_EVENTS = ['click', 'view', 'enter_agent'];
const SCAN_EVENTS = ['scancode_push', 'scancode_waitmsg'];
const PIC_EVENTS = ['pic_sysphoto', 'pic_photo_or_album', 'pic_weixin'];
const EMULATED = [
  ...MENU_EVENTS,
  ...SCAN_EVENTS,
  ...PIC_EVENTS,
  'location_select',
  'LOCATION',
  'text',
  'change_contact',
  // Fired by POST /_emulator/card/click (services/card-click.ts), which checks the card and the key first.
  'template_card_event',
];

/** The message WeCom sends for `type`, nested fields (ScanCodeInfo, SendPicsInfo/PicList, SendLocationInfo) included. */
function weComFields(
  type: string,
  body: Record<string, unknown>,
  common: { ToUserName: string; FromUserName: string; CreateTime: number },
  agentId: number,
): XmlFields {
  const key = asText(body['key'], '');
  const event = (name: string, extra: XmlFields = {}): XmlFields => ({
    ...common,
    MsgType: 'event',
    Event: name,
    ...extra,
    AgentID: agentId,
  });
  const num = (name: string, fallback: number) => {
    const value = body[name] === undefined ? fallback : Number(body[name]);
    if (!Number.isFinite(value)) throw new Refusal(`${type}: ${name} must be a number`);
    return value;
  };
  if (type === 'text')
    return {
      ...common,
      MsgType: 'text',
      Content: asText(body['content'], ''),
      MsgId: msgId(),
      AgentID: agentId,
    };
  if (MENU_EVENTS.includes(type)) return event(type, { EventKey: key });
  if (type === 'template_card_event') return cardEventFields(body, common, agentId);
  if (SCAN_EVENTS.includes(type))
    return event(type, {
      EventKey: key,
      ...scanCodeInfoFields({
        scanType: asText(body['scanType'], 'qrcode'),
        scanResult: asText(body['scanResult'], ''),
      }),
    });
  if (PIC_EVENTS.includes(type)) {
    const pics = Array.isArray(body['pics'])
      ? body['pics'].map(String)
      : ['5a75aaca956d97be686719218f275c6b'];
    return event(type, {
      EventKey: key,
      ...sendPicsInfoFields({ count: pics.length, picList: pics.map((picMd5Sum) => ({ picMd5Sum })) }),
    });
  }
  if (type === 'location_select')
    return event(type, {
      EventKey: key,
      ...sendLocationInfoFields({
        locationX: num('latitude', 23.104),
        locationY: num('longitude', 113.32),
        scale: num('scale', 15),
        label: asText(body['label'], ''),
        poiname: asText(body['poiname'], ''),
      }),
    });
  if (type === 'LOCATION' || type === 'location')
    return event('LOCATION', {
      ...locationFields({
        latitude: num('latitude', 23.104),
        longitude: num('longitude', 113.32),
        precision: num('precision', 65),
      }),
      AppType: 'wxwork',
    });
  if (type === 'change_contact') return changeContactFields(body, common);
  throw new Refusal(`event type ${type} is not emulated: use ${EMULATED.join(', ')}`);
}

/** Posts an event to the app's callback URL, encrypted and signed as the platform does. */
export async function fireEvent(world: World, body: Record<string, unknown>) {
  const { corp, app, callback } = findApp(world, body);
  const type = asText(body['type'], 'click');
  const userid = asText(body['userid'], corp.members[0]?.userid ?? 'zhangsan');
  const timestamp = stamp(world);
  const common = { ToUserName: corp.corpId, FromUserName: userid, CreateTime: Number(timestamp) };
  const fields = weComFields(type, body, common, app.agentId);
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
  const result = await push(world, {
    to: {
      platform: 'wecom',
      corpId: corp.corpId,
      agentId: app.agentId,
      type: String(fields['Event'] ?? type),
    },
    url,
    body: envelope,
    crypto,
    encryptedOnly: true,
  });
  // The first try unanswered: said as before (the control API answers 400); the retries still go out.
  if (result.error) throw new Refusal(result.error, 'not_delivered');
  return result;
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
  const response = await world.outbound.fetch(url, { signal: AbortSignal.timeout(world.outbound.timeoutMs) });
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
