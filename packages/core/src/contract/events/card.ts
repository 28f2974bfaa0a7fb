import { type EventEnvelope, textOf, type XmlElement, type XmlFields, xmlChild, xmlChildren } from './xml.js';

/** template_card_event (WeCom doc 90240): which card, which button, and the code for one update_template_card. */
export interface WxCardEvent {
  taskId: string;
  /** text_notice, news_notice, button_interaction, vote_interaction or multiple_interaction. */
  cardType: string;
  /** For `wecom.messages.updateTemplateCard({ response_code })`: once, within 72 hours. */
  responseCode: string;
  /** The button, menu or submit key tapped. */
  eventKey: string;
  /** Vote and multiple-choice cards (and a button card's drop-down): the options chosen per question. */
  selected?: { questionKey: string; optionIds: string[] }[];
}

/**
 * The template_card_event message (doc 90240 模板卡片事件推送): EventKey, TaskId, CardType, ResponseCode, and for
 * a vote or multiple-choice card SelectedItems → SelectedItem (QuestionKey, OptionIds → OptionId…).
 */
export function cardEventFields(card: WxCardEvent, envelope: EventEnvelope, agentId: number): XmlFields {
  const selected = card.selected ?? [];
  return {
    ...envelope,
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: card.eventKey,
    TaskId: card.taskId,
    CardType: card.cardType,
    ResponseCode: card.responseCode,
    AgentID: agentId,
    ...(selected.length > 0
      ? {
          SelectedItems: {
            SelectedItem: selected.map((s) => ({
              QuestionKey: s.questionKey,
              OptionIds: { OptionId: s.optionIds },
            })),
          },
        }
      : {}),
  };
}

/** The card part of a template_card_event; undefined for any other event. */
export function cardOf(xml: XmlElement, raw: Record<string, string>): WxCardEvent | undefined {
  if (raw['MsgType'] !== 'event' || raw['Event'] !== 'template_card_event') return undefined;
  const card: WxCardEvent = {
    taskId: raw['TaskId'] ?? '',
    cardType: raw['CardType'] ?? '',
    responseCode: raw['ResponseCode'] ?? '',
    eventKey: raw['EventKey'] ?? '',
  };
  const items = xmlChild(xml, 'SelectedItems');
  if (items)
    card.selected = xmlChildren(items, 'SelectedItem').map((item) => {
      const ids = xmlChild(item, 'OptionIds');
      return {
        questionKey: textOf(item, 'QuestionKey') ?? '',
        optionIds: (ids ? xmlChildren(ids, 'OptionId') : []).map((o) => o.text),
      };
    });
  return card;
}
