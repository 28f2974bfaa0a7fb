import type { XmlFields } from '@wxkit/core';
import { cardEventFields as cardEventXml } from '@wxkit/core/contract';
import { asText } from './envelope.js';

/** The template_card_event a click produces: core's model of the event, from the control request's body. */
export function cardEventFields(
  body: Record<string, unknown>,
  common: { ToUserName: string; FromUserName: string; CreateTime: number },
  agentId: number,
): XmlFields {
  const selected = Array.isArray(body['selected'])
    ? (body['selected'] as { questionKey: string; optionIds: string[] }[])
    : [];
  return cardEventXml(
    {
      eventKey: asText(body['key'], ''),
      taskId: asText(body['taskId'], ''),
      cardType: asText(body['cardType'], ''),
      responseCode: asText(body['responseCode'], ''),
      ...(selected.length > 0 ? { selected } : {}),
    },
    common,
    agentId,
  );
}
