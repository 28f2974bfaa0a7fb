import type { XmlFields } from '@wxkit/core';
import { changeContactFields as changeContactXml } from '@wxkit/core/contract';

export { CHANGE_TYPES, type ChangeType } from '@wxkit/core/contract';

/** The change_contact message for a control request's `changeType` and `contact` (core's model of the event). */
export const changeContactFields = (
  body: Record<string, unknown>,
  common: { ToUserName: string; CreateTime: number },
): XmlFields => changeContactXml({ changeType: body['changeType'], contact: body['contact'] }, common);
