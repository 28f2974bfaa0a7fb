import type { XmlFields } from '@wxkit/core';

/** The ChangeType values of the change_contact event (doc 90970 成员变更通知, 90971 部门变更通知). */
export const CHANGE_TYPES = [
  'create_user',
  'update_user',
  'delete_user',
  'create_party',
  'update_party',
  'delete_party',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/**
 * The change_contact message: `FromUserName` is always `sys` ("此事件该值固定为sys"), then ChangeType and the fields
 * of the change (`contact`: UserID, NewUserID, Name, Department "1,2", MainDepartment, … or Id, Name, ParentId,
 * Order). The doc's sample has no AgentID inside; the envelope carries it (as for every WeCom callback).
 */
export function changeContactFields(
  body: Record<string, unknown>,
  common: { ToUserName: string; CreateTime: number },
): XmlFields {
  const changeType = body['changeType'];
  if (typeof changeType !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(changeType))
    throw new Error(`change_contact: changeType must be one of ${CHANGE_TYPES.join(', ')}`);
  const contact = body['contact'] ?? {};
  if (typeof contact !== 'object' || contact === null || Array.isArray(contact))
    throw new Error('change_contact: contact must be an object of XML fields (UserID, Name, Department, …)');
  const fields: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(contact)) {
    if (!/^[A-Z][A-Za-z]{1,31}$/.test(name))
      throw new Error(
        `change_contact: ${name} is not a field name of the event (UserID, Name, Department, …)`,
      );
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new Error(`change_contact: ${name} must be a string or a number`);
    fields[name] = value;
  }
  return {
    ToUserName: common.ToUserName,
    FromUserName: 'sys',
    CreateTime: common.CreateTime,
    MsgType: 'event',
    Event: 'change_contact',
    ChangeType: changeType,
    ...fields,
  };
}
