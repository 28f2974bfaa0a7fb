import { type XmlElement, xmlChild, xmlChildren } from '@wxkit/core';

/*
 * Official Account subscription-notification events (订阅通知; OA doc Subscription_Messages/api.html, the same
 * shapes as the MP doc's 订阅消息 events): `subscribe_msg_popup_event` (the user's choice in the wx-open-subscribe
 * popup, one List per template) and `subscribe_msg_sent_event` (the result of a bizsend). Only the XML form is
 * read (the platform's JSON form flattens a single List into an object).
 */

/** One template's choice in the popup. */
export interface WxSubscribePopup {
  templateId: string;
  /** accept or reject (kept open for values not documented). */
  status: 'accept' | 'reject' | (string & {});
  /** PopupScene, when given. */
  scene?: number;
}

/** One bizsend's delivery result. */
export interface WxSubscribeSent {
  templateId: string;
  msgId: string;
  /** 0 delivered; otherwise an asynchronous system failure ("失败仅包含因异步推送导致的系统失败"). */
  errorCode: number;
  errorStatus: string;
}

const textOf = (el: XmlElement, name: string) => xmlChild(el, name)?.text;

const lists = (xml: XmlElement, wrapper: string) => {
  const outer = xmlChild(xml, wrapper);
  return outer ? xmlChildren(outer, 'List') : [];
};

/** The popup choices of a subscribe_msg_popup_event; undefined for any other event. */
export function subscribePopupOf(xml: XmlElement, type: string): WxSubscribePopup[] | undefined {
  if (type !== 'subscribe_msg_popup_event') return undefined;
  return lists(xml, 'SubscribeMsgPopupEvent').map((item) => {
    const scene = textOf(item, 'PopupScene');
    return {
      templateId: textOf(item, 'TemplateId') ?? '',
      status: textOf(item, 'SubscribeStatusString') ?? '',
      ...(scene !== undefined && scene !== '' && Number.isFinite(Number(scene))
        ? { scene: Number(scene) }
        : {}),
    };
  });
}

/** The results of a subscribe_msg_sent_event; undefined for any other event. */
export function subscribeSentOf(xml: XmlElement, type: string): WxSubscribeSent[] | undefined {
  if (type !== 'subscribe_msg_sent_event') return undefined;
  return lists(xml, 'SubscribeMsgSentEvent').map((item) => ({
    templateId: textOf(item, 'TemplateId') ?? '',
    // A string: the platform's ids (1700827132819554304) are past JavaScript's safe integers.
    msgId: textOf(item, 'MsgID') ?? '',
    errorCode: Number(textOf(item, 'ErrorCode') ?? 0),
    errorStatus: textOf(item, 'ErrorStatus') ?? '',
  }));
}
