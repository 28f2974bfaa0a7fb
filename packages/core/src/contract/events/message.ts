import { num, textOf, type XmlElement, type XmlFields, xmlChild, xmlChildren } from './xml.js';

/*
 * The parts of callback messages both platforms share (WeCom 接收消息与事件, OA 接收事件推送): each written here once,
 * as the fields the platform sends (for the emulator) and as the typed part the server kit hands to apps.
 */

/** LOCATION (reported position) on either platform. */
export interface WxLocation {
  latitude: number;
  longitude: number;
  precision: number;
}

/** scancode_push / scancode_waitmsg. */
export interface WxScanCodeInfo {
  scanType: string;
  scanResult: string;
}

/** pic_sysphoto / pic_photo_or_album / pic_weixin: every picture, not only the first. */
export interface WxSendPicsInfo {
  count: number;
  picList: { picMd5Sum: string }[];
}

/** location_select. */
export interface WxSendLocationInfo {
  locationX: number;
  locationY: number;
  scale: number;
  label: string;
  poiname: string;
}

/**
 * The Status of a TEMPLATESENDJOBFINISH event (OA doc 模板消息接口 "事件推送"): delivered, refused by the follower
 * (they turned the account's messages off), or failed for another reason. Kept open for values not documented.
 */
export type TemplateJobStatus = 'success' | 'failed:user block' | 'failed: system failed' | (string & {});

/** OA TEMPLATESENDJOBFINISH: the template message's msgid and its Status. */
export interface WxTemplateJob {
  msgId: string;
  status: TemplateJobStatus;
}

/** The platforms write coordinates with six decimals (`23.137466`). */
export const locationFields = (location: WxLocation): XmlFields => ({
  Latitude: location.latitude.toFixed(6),
  Longitude: location.longitude.toFixed(6),
  Precision: location.precision.toFixed(6),
});

export function locationOf(raw: Record<string, string>): WxLocation | undefined {
  if (raw['Latitude'] === undefined) return undefined;
  return {
    latitude: num(raw['Latitude']),
    longitude: num(raw['Longitude']),
    precision: num(raw['Precision']),
  };
}

export const scanCodeInfoFields = (info: WxScanCodeInfo): XmlFields => ({
  ScanCodeInfo: { ScanType: info.scanType, ScanResult: info.scanResult },
});

export function scanCodeInfoOf(xml: XmlElement): WxScanCodeInfo | undefined {
  const scan = xmlChild(xml, 'ScanCodeInfo');
  if (!scan) return undefined;
  return { scanType: textOf(scan, 'ScanType') ?? '', scanResult: textOf(scan, 'ScanResult') ?? '' };
}

export const sendPicsInfoFields = (info: WxSendPicsInfo): XmlFields => ({
  SendPicsInfo: {
    Count: info.count,
    PicList: { item: info.picList.map(({ picMd5Sum }) => ({ PicMd5Sum: picMd5Sum })) },
  },
});

export function sendPicsInfoOf(xml: XmlElement): WxSendPicsInfo | undefined {
  const pics = xmlChild(xml, 'SendPicsInfo');
  if (!pics) return undefined;
  const list = xmlChild(pics, 'PicList');
  return {
    count: num(textOf(pics, 'Count')),
    picList: (list ? xmlChildren(list, 'item') : []).map((item) => ({
      picMd5Sum: textOf(item, 'PicMd5Sum') ?? '',
    })),
  };
}

export const sendLocationInfoFields = (info: WxSendLocationInfo): XmlFields => ({
  SendLocationInfo: {
    Location_X: String(info.locationX),
    Location_Y: String(info.locationY),
    Scale: String(info.scale),
    Label: info.label,
    Poiname: info.poiname,
  },
});

export function sendLocationInfoOf(xml: XmlElement): WxSendLocationInfo | undefined {
  const where = xmlChild(xml, 'SendLocationInfo');
  if (!where) return undefined;
  return {
    locationX: num(textOf(where, 'Location_X')),
    locationY: num(textOf(where, 'Location_Y')),
    scale: num(textOf(where, 'Scale')),
    label: textOf(where, 'Label') ?? '',
    poiname: textOf(where, 'Poiname') ?? '',
  };
}

/** MsgID, not MsgId, in this event (OA doc 模板消息接口 "事件推送"). */
export const templateJobFields = (job: WxTemplateJob): XmlFields => ({
  Event: 'TEMPLATESENDJOBFINISH',
  MsgID: job.msgId,
  Status: job.status,
});

export function templateJobOf(raw: Record<string, string>, type: string): WxTemplateJob | undefined {
  if (type !== 'templatesendjobfinish') return undefined;
  return { msgId: raw['MsgID'] ?? '', status: raw['Status'] ?? '' };
}

/**
 * OA: a follow through a parametric QR code says `qrscene_<scene>` in EventKey; a follower scanning it again
 * (SCAN), just the scene.
 */
export function sceneOf(type: string, key: string | undefined): string | undefined {
  if (type === 'subscribe' && key?.startsWith('qrscene_')) return key.slice(8);
  if (type === 'scan' && key !== undefined) return key;
  return undefined;
}
