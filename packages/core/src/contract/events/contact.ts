import { WxConfigError } from '../../errors/errors.js';
import type { EventEnvelope, XmlFields } from './xml.js';

/** The ChangeType values of the change_contact event (doc 90970 成员变更通知, 90971 部门变更通知, 90972 标签变更通知). */
export const CHANGE_TYPES = [
  'create_user',
  'update_user',
  'delete_user',
  'create_party',
  'update_party',
  'delete_party',
  'update_tag',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/**
 * change_contact (WeCom 通讯录回调): the directory changed, so a cached copy is stale. Fields per WeCom docs 90970,
 * 90971 and 90972; each is present only when the event carries it (an update carries only what changed; since
 * 2022-06-20 new self-built apps get no Mobile/Email/Gender/Avatar).
 */
export interface WxContactChange {
  /** create_user, update_user, delete_user, create_party, update_party, delete_party, update_tag. */
  changeType: string;
  /** The member's userid (on update_user the one before a rename). */
  userId?: string;
  /** update_user: the new userid when it changed. */
  newUserId?: string;
  /** The member's or the department's name. */
  name?: string;
  /** The member's departments. */
  departments?: number[];
  mainDepartment?: number;
  position?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status?: number;
  /** *_party: the department's id. */
  departmentId?: number;
  parentId?: number;
  order?: number;
  /** update_tag. */
  tagId?: number;
  addUserItems?: string[];
  delUserItems?: string[];
  addPartyItems?: number[];
  delPartyItems?: number[];
}

type Field = keyof Omit<WxContactChange, 'changeType'>;
type Kind = 'text' | 'number' | 'ids' | 'names';

/** The one table of the event's fields: the model's name, the XML element, and how its text reads. */
const FIELDS: readonly (readonly [Field, string, Kind])[] = [
  ['userId', 'UserID', 'text'],
  ['newUserId', 'NewUserID', 'text'],
  ['name', 'Name', 'text'],
  ['departments', 'Department', 'ids'],
  ['mainDepartment', 'MainDepartment', 'number'],
  ['position', 'Position', 'text'],
  ['status', 'Status', 'number'],
  ['departmentId', 'Id', 'number'],
  ['parentId', 'ParentId', 'number'],
  ['order', 'Order', 'number'],
  ['tagId', 'TagId', 'number'],
  ['addUserItems', 'AddUserItems', 'names'],
  ['delUserItems', 'DelUserItems', 'names'],
  ['addPartyItems', 'AddPartyItems', 'ids'],
  ['delPartyItems', 'DelPartyItems', 'ids'],
];

const ids = (value: string) =>
  value
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(Number);
const names = (value: string) => value.split(',').filter((v) => v !== '');
const READ: Record<Kind, (value: string) => unknown> = { text: String, number: Number, ids, names };

/** The typed change from the event's flat fields; undefined fields are left out. */
export function toContactChange(raw: Record<string, string>): WxContactChange {
  const change: WxContactChange = { changeType: raw['ChangeType'] ?? '' };
  const party = change.changeType.endsWith('_party');
  for (const [key, element, kind] of FIELDS) {
    const value = raw[element];
    // Id is the department's only on party changes.
    if (value === undefined || (key === 'departmentId' && !party)) continue;
    (change as unknown as Record<string, unknown>)[key] = READ[kind](value);
  }
  return change;
}

/** The XML fields of a typed change (lists joined with commas, as the platform writes them). */
export function contactFieldsOf(change: WxContactChange): Record<string, string | number> {
  const fields: Record<string, string | number> = {};
  for (const [key, element] of FIELDS) {
    const value = change[key];
    if (value !== undefined) fields[element] = Array.isArray(value) ? value.join(',') : value;
  }
  return fields;
}

const FIELD_NAME = /^[A-Z][A-Za-z]{1,31}$/;

/**
 * The change_contact message: `FromUserName` is always `sys` ("此事件该值固定为sys"), then ChangeType and the fields
 * of the change (`contact`: UserID, NewUserID, Name, Department "1,2", MainDepartment, … or Id, Name, ParentId,
 * Order), as the platform names them; fields the model does not type (Mobile, Gender, …) pass through. The doc's
 * sample has no AgentID inside; the envelope carries it (as for every WeCom callback).
 */
export function changeContactFields(
  change: { changeType: unknown; contact?: unknown },
  envelope: Pick<EventEnvelope, 'ToUserName' | 'CreateTime'>,
): XmlFields {
  const { changeType } = change;
  if (typeof changeType !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(changeType))
    throw new WxConfigError(`change_contact: changeType must be one of ${CHANGE_TYPES.join(', ')}`);
  const contact = change.contact ?? {};
  if (typeof contact !== 'object' || contact === null || Array.isArray(contact))
    throw new WxConfigError(
      'change_contact: contact must be an object of XML fields (UserID, Name, Department, …)',
    );
  const fields: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(contact)) {
    if (!FIELD_NAME.test(name))
      throw new WxConfigError(
        `change_contact: ${name} is not a field name of the event (UserID, Name, Department, …)`,
      );
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new WxConfigError(`change_contact: ${name} must be a string or a number`);
    fields[name] = value;
  }
  return {
    ToUserName: envelope.ToUserName,
    FromUserName: 'sys',
    CreateTime: envelope.CreateTime,
    MsgType: 'event',
    Event: 'change_contact',
    ChangeType: changeType,
    ...fields,
  };
}
