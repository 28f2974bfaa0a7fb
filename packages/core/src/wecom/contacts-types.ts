/** The shapes of the directory reads (contacts.ts). */

/** A member in user/simplelist. */
export interface WeComSimpleUser {
  userid: string;
  name: string;
  department: number[];
  /** Third-party apps only. */
  open_userid?: string;
}

/** One member-department pair of user/list_id: a member in three departments comes three times. */
export interface WeComDeptUser {
  userid: string;
  department: number;
}

export interface WeComUserIdPage {
  deptUser: WeComDeptUser[];
  /** Undefined on the last page. */
  nextCursor: string | undefined;
}

/** A department in department/simplelist: ids and order only (no name). */
export interface WeComDepartmentId {
  id: number;
  parentid: number;
  /** Larger first within the parent; [0, 2^32). */
  order: number;
}

/** department/get. */
export interface WeComDepartmentDetail {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  parentid: number;
  order: number;
}

export interface WeComTag {
  tagid: number;
  tagname: string;
}

/** tag/get: only the members and departments in the app's visible range. */
export interface WeComTagMembers {
  tagname: string;
  userlist: { userid: string; name: string }[];
  partylist: number[];
}
