import type { XmlFields } from '@wxkit/core';
import { locationFields } from '@wxkit/core/contract';
import { asText } from '../../envelope.js';
import { need } from '../../refusal.js';
import type { SeedOfficialAccount } from '../../seed.js';
import { randomToken, type World } from '../../world.js';
import { digits, originalId, stamp } from './ids.js';

/** OA events the emulator sends, by the `type` a test asks for, with the Event value the platform writes. */
const EVENTS: Record<string, string> = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  scan: 'SCAN',
  click: 'CLICK',
  view: 'VIEW',
  location: 'LOCATION',
};

export function accountOf(world: World, body: Record<string, unknown>): SeedOfficialAccount {
  const appId = typeof body['appId'] === 'string' ? body['appId'] : world.seed.officialAccounts[0]?.appId;
  const account = appId ? world.account(appId) : undefined;
  need(account !== undefined, `no Official Account ${String(appId)} in the seed`);
  return account as SeedOfficialAccount;
}

/** The XML fields of the event or text message a test asks for (`POST /_emulator/oa/events`). */
export function eventFields(
  account: SeedOfficialAccount,
  world: World,
  body: Record<string, unknown>,
): XmlFields {
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
