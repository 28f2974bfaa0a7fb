import type { SeedApp, SeedCorp, SeedMember, SeedTag } from './seed.js';
import type { World } from './world.js';

/**
 * What an app may see of its corp's directory: the departments of its visible range and everything below them
 * (doc 90344/95406 "只能拉取token对应的应用的权限范围内的部门列表"; doc 90313 60011: "应用access_token仅能指定可见范围配置的
 * 部门id…以及上述部门的子部门id").
 */
export function visibleDepartments(world: World, corp: SeedCorp, app: SeedApp): Set<number> {
  return world.visibleRange(corp, app);
}

/** The order value the emulator answers for the i-th department (larger first, as the platform sorts). */
export const departmentOrder = (corp: SeedCorp, id: number) =>
  100_000_000 - corp.departments.findIndex((d) => d.id === id);

export const tagOf = (corp: SeedCorp, tagid: number): SeedTag | undefined =>
  (corp.tags ?? []).find((t) => t.tagid === tagid);

/** The tag's members (named and through its departments, recursively), limited to `visible`. */
export function tagMembers(world: World, corp: SeedCorp, tag: SeedTag, visible: SeedMember[]): SeedMember[] {
  const named = new Set((tag.userids ?? []).map((u) => u.toLowerCase()));
  const parties = new Set((tag.partyids ?? []).flatMap((p) => [...world.departmentTree(corp, p)]));
  return visible.filter((m) => named.has(m.userid.toLowerCase()) || m.department.some((d) => parties.has(d)));
}

/**
 * message/send `totag`: the members of each known tag within the app's visible range; unknown tags come back in
 * `invalid` (the reply's `invalidtag`).
 */
export function tagRecipients(
  world: World,
  corp: SeedCorp,
  tagids: string[],
  visible: SeedMember[],
): { userids: string[]; invalid: string[] } {
  const userids = new Set<string>();
  const invalid: string[] = [];
  for (const raw of tagids) {
    const tag = /^\d+$/.test(raw) ? tagOf(corp, Number(raw)) : undefined;
    if (!tag) {
      invalid.push(raw);
      continue;
    }
    for (const m of tagMembers(world, corp, tag, visible)) userids.add(m.userid);
  }
  return { userids: [...userids], invalid };
}

/** A member as user/get and user/list answer it; the privacy fields stay out (new self-built apps, 2022-06-20). */
export function memberFields(member: SeedMember): Record<string, unknown> {
  return {
    userid: member.userid,
    name: member.name,
    department: member.department,
    order: member.department.map(() => 0),
    position: member.position ?? '',
    is_leader_in_dept: member.department.map(() => 0),
    direct_leader: [],
    main_department: member.department[0],
    status: member.status ?? 1,
    // Since 2022-06-20 new self-built apps get no mobile/email/avatar/gender here, only through privateinfo.
    alias: '',
    telephone: '',
    // No open_userid: "仅第三方应用可获取" (docs 91121, 90196; old audit L11); the emulator plays a self-built app.
    extattr: { attrs: [] },
  };
}
