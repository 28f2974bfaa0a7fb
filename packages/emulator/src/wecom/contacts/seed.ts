import { type Check, isList, isText } from '../../seed-check.js';

/**
 * The directory part of a corp in the seed (`wecom[].departments`, `members`, `tags`): declared beside the
 * contacts feature that serves it; `wecom/seed.ts` calls {@link normaliseDirectory} and {@link checkDirectory}.
 */

export interface SeedDepartment {
  id: number;
  name: string;
  parentId?: number;
}

export interface SeedMember {
  userid: string;
  name: string;
  department: number[];
  position?: string;
  mobile?: string;
  email?: string;
  gender?: number;
  /** 1 active (default), 2 disabled, 4 not activated, 5 left. */
  status?: number;
  /** The corp mailbox (企业邮箱); user/get_userid_by_email with email_type 1 looks here, 2 at `email`. */
  bizMail?: string;
}

/** A directory tag (标签): members and whole departments. */
export interface SeedTag {
  /** Non-negative integer, unique in the corp. */
  tagid: number;
  /** 1-32 characters, unique in the corp. */
  tagname: string;
  userids?: string[];
  partyids?: number[];
}

/** A corp's directory as the seed gives it. */
export interface SeedDirectory {
  name?: string;
  departments: SeedDepartment[];
  members: SeedMember[];
  /** Directory tags (tag/list, tag/get, message/send totag). */
  tags?: SeedTag[];
}

/** 标签: "标签名称，长度限制为32个字以内…不可与其他标签重名", "tagid 非负整型", "标签总数不能超过3000个" (doc 90210). */
export const TAG_LIMITS = { nameChars: 32, perCorp: 3000 } as const;

/** The root department when the seed names none; a member's department defaults to it. */
export const normaliseDirectory = (corp: Partial<SeedDirectory> & { corpId?: string }) => ({
  departments: corp.departments ?? [{ id: 1, name: corp.name ?? 'Root' }],
  members: (corp.members ?? []).map((m) => ({ ...m, department: m.department ?? [1] })),
});

/** Departments, members and tags of the corp at `at` (`wecom[0]`). */
export function checkDirectory(corp: SeedDirectory, at: string, check: Check): void {
  check(
    isList(corp.departments) && corp.departments.length > 0,
    `${at}.departments`,
    'at least the root department',
  );
  const ids = new Set((corp.departments ?? []).map((d) => d.id));
  for (const [m, member] of (corp.members ?? []).entries()) {
    check(
      typeof member.userid === 'string' && /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/.test(member.userid),
      `${at}.members[${m}].userid`,
      '1-64 characters [0-9A-Za-z_-@.], starting alphanumeric',
    );
    check(isText(member.name), `${at}.members[${m}].name`, 'required');
    check(
      isList(member.department) && member.department.every((d) => ids.has(d)),
      `${at}.members[${m}].department`,
      'ids of departments listed in this corp',
    );
  }
  checkTags(corp, at, check);
}

function checkTags(corp: SeedDirectory, at: string, check: Check): void {
  if (corp.tags === undefined) return;
  check(Array.isArray(corp.tags), `${at}.tags`, 'a list of { tagid, tagname, userids?, partyids? }');
  if (!Array.isArray(corp.tags)) return;
  check(corp.tags.length <= TAG_LIMITS.perCorp, `${at}.tags`, `at most ${TAG_LIMITS.perCorp} tags`);
  const departments = new Set((corp.departments ?? []).map((d) => d.id));
  const members = new Set((corp.members ?? []).map((m) => m.userid.toLowerCase()));
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const [t, tag] of corp.tags.entries()) {
    const tp = `${at}.tags[${t}]`;
    check(
      Number.isInteger(tag?.tagid) && tag.tagid >= 0 && !ids.has(tag.tagid),
      `${tp}.tagid`,
      'a non-negative integer, unique in the corp',
    );
    check(
      typeof tag?.tagname === 'string' &&
        [...tag.tagname].length >= 1 &&
        [...tag.tagname].length <= TAG_LIMITS.nameChars &&
        !names.has(tag.tagname),
      `${tp}.tagname`,
      `1-${TAG_LIMITS.nameChars} characters, unique in the corp`,
    );
    ids.add(tag?.tagid);
    names.add(tag?.tagname);
    check(
      tag?.userids === undefined ||
        (Array.isArray(tag.userids) &&
          tag.userids.every((u) => typeof u === 'string' && members.has(u.toLowerCase()))),
      `${tp}.userids`,
      'userids of members listed in this corp',
    );
    check(
      tag?.partyids === undefined ||
        (Array.isArray(tag.partyids) && tag.partyids.every((d) => departments.has(d))),
      `${tp}.partyids`,
      'ids of departments listed in this corp',
    );
  }
}
