/**
 * change_contact (WeCom 通讯录回调): the directory changed, so a cached copy is stale. Fields per WeCom docs 90970
 * (成员变更通知), 90971 (部门变更通知) and 90972 (标签变更通知); each is present only when the event carries it (an
 * update carries only what changed; since 2022-06-20 new self-built apps get no Mobile/Email/Gender/Avatar).
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

const ids = (value: string) =>
  value
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(Number);
const names = (value: string) => value.split(',').filter((v) => v !== '');

/** The typed change from the event's flat fields; undefined fields are left out. */
export function toContactChange(raw: Record<string, string>): WxContactChange {
  const change: WxContactChange = { changeType: raw['ChangeType'] ?? '' };
  const party = change.changeType.endsWith('_party');
  const set = <K extends keyof WxContactChange>(
    key: K,
    field: string,
    read: (v: string) => WxContactChange[K],
  ) => {
    const value = raw[field];
    if (value !== undefined) change[key] = read(value);
  };
  set('userId', 'UserID', String);
  set('newUserId', 'NewUserID', String);
  set('name', 'Name', String);
  set('departments', 'Department', ids);
  set('mainDepartment', 'MainDepartment', Number);
  set('position', 'Position', String);
  set('status', 'Status', Number);
  if (party) set('departmentId', 'Id', Number);
  set('parentId', 'ParentId', Number);
  set('order', 'Order', Number);
  set('tagId', 'TagId', Number);
  set('addUserItems', 'AddUserItems', names);
  set('delUserItems', 'DelUserItems', names);
  set('addPartyItems', 'AddPartyItems', ids);
  set('delPartyItems', 'DelPartyItems', ids);
  return change;
}
