import type { XmlFields } from '@wxkit/core';
import { asText } from './envelope.js';

/**
 * The template_card_event XML (doc 90240 模板卡片事件推送): EventKey (the button, menu or submit key), TaskId,
 * CardType, ResponseCode (for one update), and for a vote or multiple-choice card SelectedItems →
 * SelectedItem (QuestionKey, OptionIds → OptionId…).
 */
export function cardEventFields(
  body: Record<string, unknown>,
  common: { ToUserName: string; FromUserName: string; CreateTime: number },
  agentId: number,
): XmlFields {
  const selected = Array.isArray(body['selected'])
    ? (body['selected'] as { questionKey: string; optionIds: string[] }[])
    : [];
  return {
    ...common,
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: asText(body['key'], ''),
    TaskId: asText(body['taskId'], ''),
    CardType: asText(body['cardType'], ''),
    ResponseCode: asText(body['responseCode'], ''),
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
