import { type EventEnvelope, listsOf, textOf, type XmlElement, type XmlFields } from './xml.js';

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

/** The popup event the platform pushes after the user chose (one List per template). */
export function subscribePopupFields(
  choices: readonly WxSubscribePopup[],
  envelope: EventEnvelope,
): XmlFields {
  return {
    ...envelope,
    MsgType: 'event',
    Event: 'subscribe_msg_popup_event',
    SubscribeMsgPopupEvent: {
      List: choices.map((c) => ({
        TemplateId: c.templateId,
        SubscribeStatusString: c.status,
        ...(c.scene === undefined ? {} : { PopupScene: c.scene }),
      })),
    },
  };
}

/** The delivery results of bizsends (one List per message). */
export function subscribeSentFields(results: readonly WxSubscribeSent[], envelope: EventEnvelope): XmlFields {
  return {
    ...envelope,
    MsgType: 'event',
    Event: 'subscribe_msg_sent_event',
    SubscribeMsgSentEvent: {
      List: results.map((r) => ({
        TemplateId: r.templateId,
        MsgID: r.msgId,
        ErrorCode: r.errorCode,
        ErrorStatus: r.errorStatus,
      })),
    },
  };
}

/** The popup choices of a subscribe_msg_popup_event; undefined for any other event. */
export function subscribePopupOf(xml: XmlElement, type: string): WxSubscribePopup[] | undefined {
  if (type !== 'subscribe_msg_popup_event') return undefined;
  return listsOf(xml, 'SubscribeMsgPopupEvent').map((item) => {
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
  return listsOf(xml, 'SubscribeMsgSentEvent').map((item) => ({
    templateId: textOf(item, 'TemplateId') ?? '',
    // A string: the platform's ids (1700827132819554304) are past JavaScript's safe integers.
    msgId: textOf(item, 'MsgID') ?? '',
    errorCode: Number(textOf(item, 'ErrorCode') ?? 0),
    errorStatus: textOf(item, 'ErrorStatus') ?? '',
  }));
}
