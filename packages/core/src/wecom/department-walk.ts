import type { ClientContext } from '../client/context.js';

/**
 * The members of a department and of every department below it, walked one department at a time.
 *
 * user/simplelist and user/list lost `fetch_child` in the 2022-08 security change: the current pages (docs 96259,
 * 96260) say "如需获取该部门及其子部门的所有成员，需先获取该部门下的子部门，然后再获取子部门下的部门成员，逐层递归获取".
 * So `fetchChild` is done here: department/simplelist for the tree (only the visible departments), then one
 * member-list call per department. A member of several departments comes once, from the first one listed.
 * Cost: one call per department of the subtree; for the whole corp page users.listIds (contacts-sync secret).
 */
export async function membersBelow<T extends { userid: string }>(
  ctx: ClientContext,
  path: '/cgi-bin/user/simplelist' | '/cgi-bin/user/list',
  departmentId: number,
): Promise<T[]> {
  const qyapi = ctx.hosts.qyapi;
  const tree = await ctx.call<{ department_id?: { id: number }[] }>(qyapi, '/cgi-bin/department/simplelist', {
    query: { id: departmentId },
  });
  const ids = [
    departmentId,
    ...(tree.department_id ?? []).map((d) => d.id).filter((id) => id !== departmentId),
  ];
  const seen = new Set<string>();
  const members: T[] = [];
  for (const id of ids) {
    const data = await ctx.call<{ userlist?: T[] }>(qyapi, path, { query: { department_id: id } });
    for (const member of data.userlist ?? []) {
      const key = member.userid.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      members.push(member);
    }
  }
  return members;
}
