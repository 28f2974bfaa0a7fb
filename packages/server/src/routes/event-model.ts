import { hash } from 'node:crypto';
import { flatFields, type Platform, serializeXml, type XmlElement, xmlChild, xmlChildren } from '@wxkit/core';
import { toContactChange, type WxContactChange } from './event-contact.js';

export type { WxContactChange } from './event-contact.js';

import { cardOf, type WxCardEvent } from './event-card.js';

export type { WxCardEvent };

// OA subscription notifications (event-subscribe.ts).
import {
  subscribePopupOf,
  subscribeSentOf,
  type WxSubscribePopup,
  type WxSubscribeSent,
} from './event-subscribe.js';

export type { WxSubscribePopup, WxSubscribeSent };

/** A callback event or message, with the fields of the common kinds typed and the whole payload kept. */
export interface WxEvent {
  platform: Platform;
  /**
   * Lower case: `subscribe`, `unsubscribe`, `scan`, `click`, `view`, `location`, `enter_agent`,
   * `scancode_push`, … for events; `text`, `image`, … for messages.
   */
  type: string;
  /** userid (WeCom) or openid (Official Account). */
  from: string;
  /** CorpID (WeCom) or the account's original id `gh_…` (Official Account). */
  to: string;
  createTime: number;
  agentId?: string;
  /** EventKey: the menu key, the URL for `view`, `qrscene_…` on a subscribe from a QR code. */
  key?: string;
  /** subscribe with `qrscene_123` and SCAN with `123`: the QR code's scene, without the prefix. */
  scene?: string;
  /** Ticket of the parametric QR code (subscribe from a QR code, SCAN). */
  ticket?: string;
  content?: string;
  msgId?: string;
  /** LOCATION (reported position) on either platform. */
  location?: { latitude: number; longitude: number; precision: number };
  /** scancode_push / scancode_waitmsg. */
  scanCodeInfo?: { scanType: string; scanResult: string };
  /** pic_sysphoto / pic_photo_or_album / pic_weixin: every picture, not only the first. */
  sendPicsInfo?: { count: number; picList: { picMd5Sum: string }[] };
  /** location_select. */
  sendLocationInfo?: { locationX: number; locationY: number; scale: number; label: string; poiname: string };
  /** WeCom change_contact: what changed in the directory (members, departments, tags). */
  contact?: WxContactChange;
  /** OA TEMPLATESENDJOBFINISH: the template message's msgid and its Status (oa-messages). */
  templateJob?: { msgId: string; status: TemplateJobStatus };
  /** template_card_event (WeCom): the card, the key tapped, the options chosen and the response code. */
  card?: WxCardEvent;
  /** OA subscribe_msg_popup_event: the user's choice per template in the wx-open-subscribe popup. */
  subscribePopup?: WxSubscribePopup[];
  /** OA subscribe_msg_sent_event: the delivery result of a bizsend. */
  subscribeSent?: WxSubscribeSent[];
  /** Top-level fields holding a value; a record without prototype (any field name is safe). */
  raw: Record<string, string>;
  /** The whole payload as a tree, for nested and list fields (ApprovalInfo, SelectedItems, …). */
  xml: XmlElement;
}

const textOf = (el: XmlElement | undefined, name: string) => (el ? xmlChild(el, name)?.text : undefined);
const num = (value: string | undefined) => Number(value ?? 0);

/**
 * The Status of a TEMPLATESENDJOBFINISH event (OA doc 模板消息接口 "事件推送"): delivered, refused by the follower
 * (they turned the account's messages off), or failed for another reason. Kept open for values not documented.
 */
export type TemplateJobStatus = 'success' | 'failed:user block' | 'failed: system failed' | (string & {});

/** Builds the event from the decrypted (or plaintext) payload. */
export function toEvent(xml: XmlElement, platform: Platform): WxEvent {
  const raw = flatFields(xml);
  const isEvent = raw['MsgType'] === 'event';
  const type = isEvent ? (raw['Event'] ?? '').toLowerCase() : (raw['MsgType'] ?? '');
  const event: WxEvent = {
    platform,
    type,
    from: raw['FromUserName'] ?? '',
    to: raw['ToUserName'] ?? '',
    createTime: num(raw['CreateTime']),
    raw,
    xml,
  };
  if (raw['AgentID']) event.agentId = raw['AgentID'];
  if (raw['EventKey']) event.key = raw['EventKey'];
  if (raw['Ticket']) event.ticket = raw['Ticket'];
  if (raw['Content'] !== undefined) event.content = raw['Content'];
  if (raw['MsgId']) event.msgId = raw['MsgId'];
  // OA: a follow through a parametric QR code says `qrscene_<scene>`; a follower scanning it again, just the scene.
  if (type === 'subscribe' && event.key?.startsWith('qrscene_')) event.scene = event.key.slice(8);
  if (type === 'scan' && event.key !== undefined) event.scene = event.key;
  if (type === 'location' && raw['Latitude'] !== undefined) {
    event.location = {
      latitude: num(raw['Latitude']),
      longitude: num(raw['Longitude']),
      precision: num(raw['Precision']),
    };
  }
  const scan = xmlChild(xml, 'ScanCodeInfo');
  if (scan)
    event.scanCodeInfo = {
      scanType: textOf(scan, 'ScanType') ?? '',
      scanResult: textOf(scan, 'ScanResult') ?? '',
    };
  const pics = xmlChild(xml, 'SendPicsInfo');
  if (pics) {
    const list = xmlChild(pics, 'PicList');
    event.sendPicsInfo = {
      count: num(textOf(pics, 'Count')),
      picList: (list ? xmlChildren(list, 'item') : []).map((item) => ({
        picMd5Sum: textOf(item, 'PicMd5Sum') ?? '',
      })),
    };
  }
  const where = xmlChild(xml, 'SendLocationInfo');
  if (where) {
    event.sendLocationInfo = {
      locationX: num(textOf(where, 'Location_X')),
      locationY: num(textOf(where, 'Location_Y')),
      scale: num(textOf(where, 'Scale')),
      label: textOf(where, 'Label') ?? '',
      poiname: textOf(where, 'Poiname') ?? '',
    };
  }
  // WeCom contacts: change_contact tells the app its cached directory is stale.
  if (type === 'change_contact') event.contact = toContactChange(raw);
  // --- OA template messages (oa-messages): MsgID, not MsgId, in this event.
  if (type === 'templatesendjobfinish')
    event.templateJob = { msgId: raw['MsgID'] ?? '', status: raw['Status'] ?? '' };
  // template_card_event (event-card.ts).
  const card = cardOf(xml, raw);
  if (card) event.card = card;
  // OA subscription notifications (event-subscribe.ts).
  const popup = subscribePopupOf(xml, type);
  if (popup) event.subscribePopup = popup;
  const sent = subscribeSentOf(xml, type);
  if (sent) event.subscribeSent = sent;
  return event;
}

/**
 * What identifies one message across the platform's retries: MsgId when there is one; for events both platforms
 * advise FromUserName + CreateTime, which would merge two events of one sender in one second (WeCom sends every
 * approval change from `sys`), so the payload itself is added, canonicalised (layout and CDATA splits do not
 * count). Retries re-send the same message; no source says whether its bytes can differ in any field, so a
 * difference there would run the handler twice rather than drop an event.
 */
export function deliveryId(event: WxEvent): string {
  if (event.msgId) return `msg:${event.msgId}`;
  const digest = hash('sha1', serializeXml(event.xml), 'base64url');
  return `ev:${encodeURIComponent(event.from)}:${event.createTime}:${digest}`;
}
