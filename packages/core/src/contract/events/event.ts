import { flatFields } from '../../crypto/xml-parse.js';
import type { Platform } from '../platform.js';
import { cardOf, type WxCardEvent } from './card.js';
import { toContactChange, type WxContactChange } from './contact.js';
import {
  locationOf,
  scanCodeInfoOf,
  sceneOf,
  sendLocationInfoOf,
  sendPicsInfoOf,
  templateJobOf,
  type WxLocation,
  type WxScanCodeInfo,
  type WxSendLocationInfo,
  type WxSendPicsInfo,
  type WxTemplateJob,
} from './message.js';
import {
  subscribePopupOf,
  subscribeSentOf,
  type WxSubscribePopup,
  type WxSubscribeSent,
} from './subscribe.js';
import { num, type XmlElement } from './xml.js';

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
  location?: WxLocation;
  /** scancode_push / scancode_waitmsg. */
  scanCodeInfo?: WxScanCodeInfo;
  /** pic_sysphoto / pic_photo_or_album / pic_weixin: every picture, not only the first. */
  sendPicsInfo?: WxSendPicsInfo;
  /** location_select. */
  sendLocationInfo?: WxSendLocationInfo;
  /** WeCom change_contact: what changed in the directory (members, departments, tags). */
  contact?: WxContactChange;
  /** OA TEMPLATESENDJOBFINISH: the template message's msgid and its Status. */
  templateJob?: WxTemplateJob;
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

/** The event from the decrypted (or plaintext) payload; never throws, whatever the fields hold. */
export function parseEvent(xml: XmlElement, platform: Platform): WxEvent {
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
  const parts = {
    scene: sceneOf(type, event.key),
    location: type === 'location' ? locationOf(raw) : undefined,
    scanCodeInfo: scanCodeInfoOf(xml),
    sendPicsInfo: sendPicsInfoOf(xml),
    sendLocationInfo: sendLocationInfoOf(xml),
    // WeCom contacts: change_contact tells the app its cached directory is stale.
    contact: type === 'change_contact' ? toContactChange(raw) : undefined,
    templateJob: templateJobOf(raw, type),
    card: cardOf(xml, raw),
    subscribePopup: subscribePopupOf(xml, type),
    subscribeSent: subscribeSentOf(xml, type),
  };
  for (const [name, value] of Object.entries(parts))
    if (value !== undefined) (event as unknown as Record<string, unknown>)[name] = value;
  return event;
}
