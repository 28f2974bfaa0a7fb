import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCallbackCrypto, parseXml } from '@wxkit/core';
import { DEMO_CALLBACK } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, defaultSeed, type Emulator, type Seed } from '../src/index.js';
import { CONTACTS_PAGE } from '../src/pages/console-contacts.js';
import { CORP, emulator, get, post, weComToken } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** An app's callback endpoint that decrypts what it gets, as a real app would. */
async function receiver(): Promise<{ url: string; events: Record<string, string>[] }> {
  const crypto = createCallbackCrypto({ ...DEMO_CALLBACK, receiveId: CORP });
  const events: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const xml = crypto.decrypt({
        msgSignature: q.get('msg_signature') ?? '',
        timestamp: q.get('timestamp') ?? '',
        nonce: q.get('nonce') ?? '',
        encrypt: parseXml(body)['Encrypt'] ?? '',
      });
      events.push(parseXml(xml));
      res.end('success');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/events`, events };
}

/** The default seed with the survey app calling back to `url`, and a second app that sees only 市场部 (3). */
function seedWith(url: string, narrowUrl: string): Seed {
  const seed = defaultSeed();
  const corp = seed.wecom[0];
  const app = corp?.apps[0];
  if (!corp || !app) throw new Error('default seed changed');
  app.callback = { ...DEMO_CALLBACK, url };
  corp.apps.push({
    ...app,
    agentId: 1000003,
    name: 'market',
    secret: 'market-secret',
    visibleTo: { departments: [3] },
    callback: { ...DEMO_CALLBACK, url: narrowUrl },
  });
  return seed;
}

/** The default seed with no callbacks: changes fire nothing at whatever listens on localhost:3000. */
function quietSeed(): Seed {
  const seed = defaultSeed();
  for (const corp of seed.wecom) for (const app of corp.apps) delete app.callback;
  return seed;
}

const member = (emu: Emulator, body: Record<string, unknown>) =>
  emu.fetch('/_emulator/contacts/member', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const department = (emu: Emulator, body: Record<string, unknown>) =>
  emu.fetch('/_emulator/contacts/department', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('directory changes through the control API', () => {
  it('adds a member and sends create_user to the apps that see it, without the privacy fields', async () => {
    const all = await receiver();
    const market = await receiver();
    const emu = await emulator({ seed: seedWith(all.url, market.url) });
    const answer = await member(emu, {
      action: 'create',
      member: { userid: 'qianshi', name: '钱十', department: [2], position: '工程师', mobile: '13800000099' },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: true, events: [{ agentId: 1000002, status: 200 }] });
    expect(all.events).toEqual([
      expect.objectContaining({
        ToUserName: CORP,
        FromUserName: 'sys',
        MsgType: 'event',
        Event: 'change_contact',
        ChangeType: 'create_user',
        UserID: 'qianshi',
        Name: '钱十',
        Department: '2',
        MainDepartment: '2',
        Position: '工程师',
      }),
    ]);
    expect(all.events[0]).not.toHaveProperty('Mobile');
    // The market app sees only 市场部: no event for a member of 研发部.
    expect(market.events).toEqual([]);
    const token = await weComToken(emu);
    expect(await get(emu, `/cgi-bin/user/get?userid=qianshi&access_token=${token}`)).toMatchObject({
      name: '钱十',
    });
  });

  it('renames and moves a member with update_user (UserID, NewUserID and what changed) and keeps its tags', async () => {
    const all = await receiver();
    const market = await receiver();
    const emu = await emulator({ seed: seedWith(all.url, market.url) });
    await member(emu, {
      action: 'update',
      member: { userid: 'zhangsan', newUserId: 'zhangsan2', department: [3] },
    });
    expect(all.events[0]).toMatchObject({
      ChangeType: 'update_user',
      UserID: 'zhangsan',
      NewUserID: 'zhangsan2',
      Department: '3',
    });
    expect(all.events[0]).not.toHaveProperty('Name');
    // Moved into 市场部: the market app sees it now.
    expect(market.events.map((e) => e['ChangeType'])).toEqual(['update_user']);
    const token = await weComToken(emu);
    const tag = await get(emu, `/cgi-bin/tag/get?tagid=1&access_token=${token}`);
    expect((tag['userlist'] as { userid: string }[]).map((u) => u.userid)).toContain('zhangsan2');
  });

  it('keeps a renamed member in the visible range of an app that names it, and drops a removed one', async () => {
    const seed = quietSeed();
    const corp = seed.wecom[0];
    const app = corp?.apps[0];
    if (corp && app)
      corp.apps.push({
        ...app,
        agentId: 1000003,
        secret: 'market-secret',
        visibleTo: { departments: [3], users: ['lisi'] },
      });
    const emu = await emulator({ seed });
    const token = String(
      (await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=market-secret`))['access_token'],
    );
    await member(emu, { action: 'update', member: { userid: 'lisi', newUserId: 'lisi2' } });
    expect((await get(emu, `/cgi-bin/user/get?userid=lisi2&access_token=${token}`))['errcode']).toBe(0);
    await member(emu, { action: 'delete', member: { userid: 'lisi2' } });
    const state = (await get(emu, '/_emulator/state')) as { seed: Seed };
    expect(state.seed.wecom[0]?.apps[1]?.visibleTo.users).toEqual([]);
  });

  it('removes a member with delete_user (UserID only) and takes it out of its tags', async () => {
    const all = await receiver();
    const emu = await emulator({ seed: seedWith(all.url, (await receiver()).url) });
    expect((await member(emu, { action: 'delete', member: { userid: 'zhouba' } })).status).toBe(200);
    expect(all.events).toEqual([
      {
        ToUserName: CORP,
        FromUserName: 'sys',
        CreateTime: expect.any(String),
        MsgType: 'event',
        Event: 'change_contact',
        ChangeType: 'delete_user',
        UserID: 'zhouba',
      },
    ]);
    const token = await weComToken(emu);
    expect((await get(emu, `/cgi-bin/user/get?userid=zhouba&access_token=${token}`))['errcode']).toBe(60111);
    const tag = await get(emu, `/cgi-bin/tag/get?tagid=1&access_token=${token}`);
    expect(tag['userlist']).toEqual([{ userid: 'zhangsan', name: '张三' }]);
  });

  it('refuses a taken or malformed userid, an unknown department, a missing name and an unknown action', async () => {
    const emu = await emulator({ seed: quietSeed() });
    const refusals = [
      { action: 'create', member: { userid: 'ZhangSan', name: 'x' } },
      { action: 'create', member: { userid: '-bad', name: 'x' } },
      { action: 'create', member: { userid: 'ok1', name: 'x', department: [99] } },
      { action: 'create', member: { userid: 'ok1' } },
      { action: 'update', member: { userid: 'ghost', name: 'x' } },
      { action: 'update', member: { userid: 'lisi', newUserId: 'zhangsan' } },
      { action: 'promote', member: { userid: 'lisi' } },
    ];
    for (const body of refusals) expect((await member(emu, body)).status, JSON.stringify(body)).toBe(400);
    // The directory is unchanged.
    const state = (await get(emu, '/_emulator/state')) as { seed: Seed };
    expect(state.seed.wecom[0]?.members.length).toBe(12);
  });

  it('keeps at most CAPS.members members per corp', async () => {
    const seed = quietSeed();
    const corp = seed.wecom[0];
    if (corp)
      for (let i = corp.members.length; i < 5000; i++)
        corp.members.push({ userid: `m${i}`, name: `m${i}`, department: [1] });
    const emu = await emulator({ seed });
    const refused = await member(emu, { action: 'create', member: { userid: 'one-more', name: 'x' } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('5000') },
    });
  });

  it('adds, renames, moves and deletes departments with the party events, and refuses what the platform refuses', async () => {
    const all = await receiver();
    const emu = await emulator({ seed: seedWith(all.url, (await receiver()).url) });
    const created = await (
      await department(emu, { action: 'create', department: { name: '测试组', parentId: 2 } })
    ).json();
    expect(created).toMatchObject({ ok: true, department: { id: 5, parentId: 2 } });
    await department(emu, { action: 'update', department: { id: 5, name: '质量组', parentId: 3 } });
    await department(emu, { action: 'delete', department: { id: 5 } });
    expect(all.events.map((e) => [e['ChangeType'], e['Id'], e['Name'], e['ParentId']])).toEqual([
      ['create_party', '5', '测试组', '2'],
      ['update_party', '5', '质量组', '3'],
      ['delete_party', '5', undefined, undefined],
    ]);
    const refusals = [
      { action: 'delete', department: { id: 1 } },
      { action: 'delete', department: { id: 2 } },
      { action: 'update', department: { id: 1, parentId: 2 } },
      { action: 'update', department: { id: 2, parentId: 2 } },
      { action: 'create', department: { name: 'a|b' } },
      { action: 'create', department: { name: 'x', parentId: 99 } },
      { action: 'create', department: { name: 'x', id: 3 } },
    ];
    for (const body of refusals) expect((await department(emu, body)).status, JSON.stringify(body)).toBe(400);
    // A department with a sub-department cannot go either.
    await department(emu, { action: 'create', department: { id: 10, name: 'a' } });
    await department(emu, { action: 'create', department: { id: 11, name: 'b', parentId: 10 } });
    expect((await department(emu, { action: 'delete', department: { id: 10 } })).status).toBe(400);
    expect((await department(emu, { action: 'update', department: { id: 10, parentId: 11 } })).status).toBe(
      400,
    );
  });

  it('says which deliveries failed and keeps the change when an app is not listening', async () => {
    const seed = defaultSeed();
    const app = seed.wecom[0]?.apps[0];
    if (app) app.callback = { ...DEMO_CALLBACK, url: 'http://127.0.0.1:1/wx/events' };
    const emu = await emulator({ seed });
    const answer = (await (
      await member(emu, { action: 'create', member: { userid: 'x1', name: 'x' } })
    ).json()) as {
      events: { agentId: number; error?: string }[];
    };
    expect(answer.events[0]).toMatchObject({ agentId: 1000002, error: expect.any(String) });
    const token = await weComToken(emu);
    expect((await get(emu, `/cgi-bin/user/get?userid=x1&access_token=${token}`))['errcode']).toBe(0);
  });

  it('keeps directory changes across a restart with --persist', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'emu-contacts-')), 'state.json');
    let emu = await createEmulator({ persist: file, seed: quietSeed() });
    await member(emu, { action: 'create', member: { userid: 'kept', name: '留下', department: [3] } });
    await member(emu, { action: 'delete', member: { userid: 'zhouba' } });
    await department(emu, { action: 'create', department: { id: 7, name: '新部门' } });
    await emu.close();
    emu = await createEmulator({ persist: file });
    const token = await weComToken(emu);
    expect((await get(emu, `/cgi-bin/user/get?userid=kept&access_token=${token}`))['name']).toBe('留下');
    expect((await get(emu, `/cgi-bin/user/get?userid=zhouba&access_token=${token}`))['errcode']).toBe(60111);
    expect(
      (await get(emu, `/cgi-bin/department/get?id=7&access_token=${token}`))['department'],
    ).toMatchObject({
      name: '新部门',
    });
    const tag = await get(emu, `/cgi-bin/tag/get?tagid=1&access_token=${token}`);
    expect(tag['userlist']).toEqual([{ userid: 'zhangsan', name: '张三' }]);
    await emu.close();
  });

  it('fires change_contact from POST /_emulator/events too, and refuses an unknown ChangeType', async () => {
    const all = await receiver();
    const emu = await emulator({ seed: seedWith(all.url, (await receiver()).url) });
    const fired = await post(emu, '/_emulator/events', {
      type: 'change_contact',
      changeType: 'update_user',
      contact: { UserID: 'lisi', Position: '架构师' },
    });
    expect(fired['status']).toBe(200);
    expect(all.events[0]).toMatchObject({ ChangeType: 'update_user', UserID: 'lisi', Position: '架构师' });
    const refused = await emu.fetch('/_emulator/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'change_contact', changeType: 'rename_corp' }),
    });
    expect(refused.status).toBe(400);
  });
});

describe('the console directory page', () => {
  it('shows the departments, the members and the tags, linked from the console', async () => {
    const emu = await emulator();
    const html = await (await emu.fetch(CONTACTS_PAGE)).text();
    for (const text of [
      '研发部',
      '市场部',
      '张三',
      'zhangsan',
      '黄梅',
      '技术委员会',
      '问卷管理员',
      'add member',
    ])
      expect(html).toContain(text);
    // Both demo corps: the first corp's 12 members and the second corp's 4 (样例商贸, the provider demo's).
    expect((html.match(/data-remove-member=/g) ?? []).length).toBe(16);
    expect(html).toContain('样例商贸');
    expect(await (await emu.fetch('/_emulator/console')).text()).toContain(`href="${CONTACTS_PAGE}"`);
  });

  it('escapes what the directory holds', async () => {
    const emu = await emulator({ seed: quietSeed() });
    await member(emu, { action: 'create', member: { userid: 'evil', name: '<img src=x onerror=alert(1)>' } });
    const html = await (await emu.fetch(CONTACTS_PAGE)).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x');
  });
});

describe('the directory control routes under any input', () => {
  it('never answer 500, whatever the body', async () => {
    const emu = await emulator({ seed: quietSeed() });
    const field = fc.oneof(
      fc.integer({ min: -2, max: 12 }),
      fc.double(),
      fc.string({ maxLength: 70 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 3 }),
      fc.constantFrom('zhangsan', 'lisi', 'Zhou-ba', 'a|b', 2 ** 32),
    );
    const record = fc.record(
      {
        userid: field,
        newUserId: field,
        name: field,
        department: field,
        position: field,
        status: field,
        id: field,
        parentId: field,
      },
      { requiredKeys: [] },
    );
    const body = fc.record(
      {
        corpId: fc.oneof(fc.constant(CORP), field),
        action: fc.oneof(fc.constantFrom('create', 'update', 'delete'), field),
        member: fc.oneof(record, field),
        department: fc.oneof(record, field),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/_emulator/contacts/member', '/_emulator/contacts/department'),
        fc.oneof(
          body.map((b) => JSON.stringify(b)),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        async (path, text) => {
          const answer = await emu.fetch(path, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          });
          await answer.arrayBuffer();
          expect(answer.status, `${path} ${text.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 400 },
    );
    // Whatever happened, the directory still loads as a seed and its page renders.
    const state = (await get(emu, '/_emulator/state')) as { seed: Seed };
    expect(() => structuredClone(state.seed)).not.toThrow();
    expect((await emu.fetch(CONTACTS_PAGE)).status).toBe(200);
    expect(
      (
        await emu.fetch('/_emulator/state', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seed: state.seed }),
        })
      ).status,
    ).toBe(200);
  });
});
