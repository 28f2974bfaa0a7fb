import type { Context } from 'hono';
import { fireEvent } from '../../callbacks.js';
import type { ChangeType } from '../../change-contact.js';
import type { Service } from '../../context.js';
import { departmentOrder, visibleDepartments } from '../../directory.js';
import { asText, jsonBody } from '../../envelope.js';
import { controlError, Refusal } from '../../refusal.js';
import type { SeedCorp, SeedDepartment, SeedMember } from '../../seed.js';
import { SEED_CAPS } from '../../seed.js';
import type { World } from '../../world.js';

type Json = Record<string, unknown>;
type Delivery = { agentId: number; status?: number; error?: string };

const USERID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
/** 部门名称: 1-32 characters without \:*?"<>| (doc 90205). */
const DEPARTMENT_NAME = /^[^\\:*?"<>|]{1,32}$/;
const ACTIONS = ['create', 'update', 'delete'];

const text = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && [...v].length >= min && [...v].length <= max;
const list = (ids: number[]) => ids.join(',');

function corpOf(world: World, body: Json): SeedCorp {
  const corpId = typeof body['corpId'] === 'string' ? body['corpId'] : world.seed.wecom[0]?.corpId;
  const corp = corpId ? world.corp(corpId) : undefined;
  if (!corp) throw new Refusal(`no corp ${corpId}`);
  return corp;
}

function departments(corp: SeedCorp, raw: unknown): number[] {
  if (
    !Array.isArray(raw) ||
    raw.length < 1 ||
    raw.length > 20 ||
    !raw.every((d) => corp.departments.some((x) => x.id === d))
  )
    throw new Refusal(
      'department must list 1-20 ids of departments of this corp (the platform: 60003 / 40066)',
    );
  return [...new Set(raw as number[])];
}

/** The member's fields as the event carries them; mobile, email, gender and avatar stay out (privacy, 2022-06-20). */
function memberEvent(m: SeedMember): Json {
  return {
    Name: m.name,
    Department: list(m.department),
    MainDepartment: m.department[0] ?? 1,
    IsLeaderInDept: m.department.map(() => 0).join(','),
    Position: m.position ?? '',
    Status: m.status ?? 1,
  };
}

/** Sends the change to every app of the corp with a callback that can see it (before or after the change). */
async function deliver(
  world: World,
  corp: SeedCorp,
  changeType: ChangeType,
  contact: Json,
  sees: (agentId: number) => boolean,
) {
  const deliveries: Delivery[] = [];
  for (const app of corp.apps) {
    if (!app.callback || !sees(app.agentId)) continue;
    try {
      const result = await fireEvent(world, {
        corpId: corp.corpId,
        agentId: app.agentId,
        type: 'change_contact',
        changeType,
        contact,
      });
      deliveries.push({ agentId: app.agentId, status: result.status });
    } catch (error) {
      deliveries.push({ agentId: app.agentId, error: (error as Error).message });
    }
  }
  return deliveries;
}

async function changeMember(world: World, body: Json) {
  const corp = corpOf(world, body);
  const action = body['action'];
  const input = (body['member'] ?? {}) as Json;
  const userid = input['userid'];
  if (typeof userid !== 'string' || !USERID.test(userid))
    throw new Refusal('member.userid must be 1-64 characters [0-9A-Za-z_-@.], starting alphanumeric');
  const existing = world.member(corp.corpId, userid);
  const seenBy = (m: SeedMember) => (agentId: number) => {
    const app = corp.apps.find((a) => a.agentId === agentId);
    return app !== undefined && world.visible(corp, app, m);
  };
  if (action === 'create') {
    if (existing) throw new Refusal(`${userid} exists (the platform: 60102)`);
    if (corp.members.length >= SEED_CAPS.members)
      throw new Refusal(`at most ${SEED_CAPS.members} members per corp`);
    if (!text(input['name'], 1, 64))
      throw new Refusal('member.name is required, 1-64 characters (the platform: 60112)');
    const member: SeedMember = {
      userid,
      name: input['name'] as string,
      department:
        input['department'] === undefined
          ? [corp.departments[0]?.id ?? 1]
          : departments(corp, input['department']),
      ...(typeof input['position'] === 'string' ? { position: input['position'] } : {}),
      ...(typeof input['mobile'] === 'string' ? { mobile: input['mobile'] } : {}),
      ...(typeof input['email'] === 'string' ? { email: input['email'] } : {}),
    };
    corp.members.push(member);
    const events = await deliver(
      world,
      corp,
      'create_user',
      { UserID: userid, ...memberEvent(member) },
      seenBy(member),
    );
    return { member, events };
  }
  if (!existing) throw new Refusal(`no member ${userid} (the platform: 60111)`);
  if (action === 'delete') {
    const before = seenBy({ ...existing });
    corp.members.splice(corp.members.indexOf(existing), 1);
    const gone = (u: string) => u.toLowerCase() !== existing.userid.toLowerCase();
    for (const tag of corp.tags ?? []) if (tag.userids) tag.userids = tag.userids.filter(gone);
    for (const a of corp.apps) if (a.visibleTo.users) a.visibleTo.users = a.visibleTo.users.filter(gone);
    const events = await deliver(world, corp, 'delete_user', { UserID: existing.userid }, before);
    return { member: existing, events };
  }
  if (action !== 'update') throw new Refusal(`action is ${ACTIONS.join(', ')}`);
  const before = { ...existing, department: [...existing.department] };
  const changed: Json = {};
  const newUserId = input['newUserId'];
  if (newUserId !== undefined && newUserId !== existing.userid) {
    if (typeof newUserId !== 'string' || !USERID.test(newUserId))
      throw new Refusal('member.newUserId is not a valid userid');
    if (world.member(corp.corpId, newUserId)) throw new Refusal(`${newUserId} exists (the platform: 60102)`);
  }
  if (input['name'] !== undefined && !text(input['name'], 1, 64))
    throw new Refusal('member.name must be 1-64 characters');
  const department = input['department'] === undefined ? undefined : departments(corp, input['department']);
  if (typeof input['name'] === 'string' && input['name'] !== existing.name) {
    existing.name = input['name'];
    changed['Name'] = existing.name;
  }
  if (department && list(department) !== list(existing.department)) {
    existing.department = department;
    changed['Department'] = list(department);
    changed['MainDepartment'] = department[0] ?? 1;
    changed['IsLeaderInDept'] = department.map(() => 0).join(',');
  }
  if (typeof input['position'] === 'string' && input['position'] !== existing.position) {
    existing.position = input['position'];
    changed['Position'] = existing.position;
  }
  if (input['status'] !== undefined) {
    if (![1, 2, 4, 5].includes(input['status'] as number)) throw new Refusal('member.status is 1, 2, 4 or 5');
    if (input['status'] !== (existing.status ?? 1)) {
      existing.status = input['status'] as number;
      changed['Status'] = existing.status;
    }
  }
  if (typeof newUserId === 'string' && newUserId !== existing.userid) {
    const renamed = (u: string) => (u.toLowerCase() === existing.userid.toLowerCase() ? newUserId : u);
    for (const tag of corp.tags ?? []) if (tag.userids) tag.userids = tag.userids.map(renamed);
    for (const a of corp.apps) if (a.visibleTo.users) a.visibleTo.users = a.visibleTo.users.map(renamed);
    existing.userid = newUserId;
    changed['NewUserID'] = newUserId;
  }
  const sees = (agentId: number) => seenBy(before)(agentId) || seenBy(existing)(agentId);
  // "变更时推送": an update carries UserID (the old one when it changed) and the fields that changed.
  const events = await deliver(world, corp, 'update_user', { UserID: before.userid, ...changed }, sees);
  return { member: existing, events };
}

async function changeDepartment(world: World, body: Json) {
  const corp = corpOf(world, body);
  const action = body['action'];
  const input = (body['department'] ?? {}) as Json;
  const find = (id: unknown) => corp.departments.find((d) => d.id === id);
  const seenBy = (id: number) => (agentId: number) => {
    const app = corp.apps.find((a) => a.agentId === agentId);
    return app !== undefined && visibleDepartments(world, corp, app).has(id);
  };
  if (action === 'create') {
    if (corp.departments.length >= SEED_CAPS.departments)
      throw new Refusal(`at most ${SEED_CAPS.departments} departments per corp`);
    if (!(typeof input['name'] === 'string' && DEPARTMENT_NAME.test(input['name'])))
      throw new Refusal('department.name is 1-32 characters without \\:*?"<>| (the platform: 60009)');
    const parentId = input['parentId'] ?? corp.departments[0]?.id ?? 1;
    if (!find(parentId)) throw new Refusal(`no parent department ${parentId} (the platform: 60004)`);
    const id = input['id'] ?? Math.max(...corp.departments.map((d) => d.id)) + 1;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 2 || id >= 2 ** 32 || find(id))
      throw new Refusal('department.id must be a new integer above 1 (the platform: 60008 when it exists)');
    const department: SeedDepartment = { id, name: input['name'], parentId: parentId as number };
    corp.departments.push(department);
    const events = await deliver(
      world,
      corp,
      'create_party',
      { Id: id, Name: department.name, ParentId: String(parentId), Order: departmentOrder(corp, id) },
      seenBy(id),
    );
    return { department, events };
  }
  const existing = find(input['id']);
  if (!existing) throw new Refusal(`no department ${String(input['id'])} (the platform: 60003)`);
  if (action === 'delete') {
    if (existing.parentId === undefined)
      throw new Refusal('the root department cannot be deleted (the platform: 60007)');
    if (corp.members.some((m) => m.department.includes(existing.id)))
      throw new Refusal('the department has members (the platform: 60005)');
    if (corp.departments.some((d) => d.parentId === existing.id))
      throw new Refusal('the department has sub-departments (the platform: 60006)');
    const sees = seenBy(existing.id);
    const seen = corp.apps.filter((a) => sees(a.agentId)).map((a) => a.agentId);
    corp.departments.splice(corp.departments.indexOf(existing), 1);
    for (const tag of corp.tags ?? [])
      if (tag.partyids) tag.partyids = tag.partyids.filter((p) => p !== existing.id);
    const events = await deliver(world, corp, 'delete_party', { Id: existing.id }, (agentId) =>
      seen.includes(agentId),
    );
    return { department: existing, events };
  }
  if (action !== 'update') throw new Refusal(`action is ${ACTIONS.join(', ')}`);
  const changed: Json = {};
  const before = seenBy(existing.id);
  const seenBefore = corp.apps.filter((a) => before(a.agentId)).map((a) => a.agentId);
  if (input['name'] !== undefined) {
    if (!(typeof input['name'] === 'string' && DEPARTMENT_NAME.test(input['name'])))
      throw new Refusal('department.name is 1-32 characters without \\:*?"<>|');
    if (input['name'] !== existing.name) changed['Name'] = existing.name = input['name'];
  }
  if (input['parentId'] !== undefined && input['parentId'] !== existing.parentId) {
    if (existing.parentId === undefined) throw new Refusal('the root department has no parent');
    if (!find(input['parentId']))
      throw new Refusal(`no parent department ${String(input['parentId'])} (the platform: 60004)`);
    if (world.departmentTree(corp, existing.id).has(input['parentId'] as number))
      throw new Refusal('a department cannot move below itself (the platform: 60010)');
    existing.parentId = input['parentId'] as number;
    changed['ParentId'] = String(existing.parentId);
  }
  const after = seenBy(existing.id);
  const events = await deliver(
    world,
    corp,
    'update_party',
    { Id: existing.id, ...changed },
    (agentId) => seenBefore.includes(agentId) || after(agentId),
  );
  return { department: existing, events };
}

/**
 * POST /_emulator/contacts/member and /_emulator/contacts/department: change the directory as an admin would in
 * the admin console, and send the change_contact event to every app of the corp that sees it ("在可见范围内的应用都会回调
 * 更新成员事件", WeCom staff, developers.weixin.qq.com community 0006288193cc98b63cecdd7b551400).
 */
export const contactsControl: Service = {
  name: 'control-contacts',
  register(app, ctx) {
    const route = (change: (world: World, body: Json) => Promise<Json>) => async (c: Context) => {
      const body = (await jsonBody(c)) ?? {};
      if (!ACTIONS.includes(asText(body['action'])))
        return controlError(c, `action is ${ACTIONS.join(', ')}`);
      try {
        return c.json({ ok: true, ...(await change(ctx.world(), body)) });
      } catch (error) {
        if (error instanceof Refusal) return controlError(c, error.message, error.status, error.code);
        throw error;
      }
    };
    app.post('/_emulator/contacts/member', route(changeMember));
    app.post('/_emulator/contacts/department', route(changeDepartment));
  },
};
