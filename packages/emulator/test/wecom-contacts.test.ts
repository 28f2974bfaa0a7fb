import { DEMO_CONTACT_SYNC_SECRET } from '@wxkit/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSeed, type Emulator, type Seed } from '../src/index.js';
import { CORP, emulator, get, post, weComToken } from './helpers.js';

/** The directory as the contacts-sync secret sees it: the only token user/list_id takes. */
const syncApi = (emu: Emulator) => api(emu, DEMO_CONTACT_SYNC_SECRET);

/** The default seed with the survey app's visible range narrowed to 研发部 (2). */
function narrowSeed(): Seed {
  const seed = defaultSeed();
  const app = seed.wecom[0]?.apps[0];
  if (app) app.visibleTo = { departments: [2] };
  return seed;
}

async function api(emu: Emulator, secret?: string) {
  const token = secret
    ? String((await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${secret}`))['access_token'])
    : await weComToken(emu);
  return {
    get: (path: string) => get(emu, `${path}${path.includes('?') ? '&' : '?'}access_token=${token}`),
    post: (path: string, body: unknown) => post(emu, `${path}?access_token=${token}`, body),
  };
}

describe('WeCom member lists', () => {
  it('lists a department with user/simplelist and ignores fetch_child=1 (the current docs removed it; walk the tree)', async () => {
    const emu = await emulator();
    const wx = await api(emu);
    const own = await wx.get('/cgi-bin/user/simplelist?department_id=1');
    expect((own['userlist'] as { userid: string }[]).map((u) => u.userid).sort()).toEqual([
      'huangmei',
      'linger',
    ]);
    for (const path of ['/cgi-bin/user/simplelist', '/cgi-bin/user/list']) {
      const all = await wx.get(`${path}?department_id=1&fetch_child=1`);
      expect((all['userlist'] as { userid: string }[]).map((u) => u.userid).sort(), path).toEqual([
        'huangmei',
        'linger',
      ]);
    }
    const second = await wx.get('/cgi-bin/user/simplelist?department_id=2');
    expect((second['userlist'] as Record<string, unknown>[])[0]).toEqual({
      userid: 'zhangsan',
      name: '张三',
      department: [2],
    });
    const journal = (await get(emu, '/_emulator/journal')) as unknown as { entries?: { note?: string }[] };
    expect(JSON.stringify(journal)).toMatch(/fetch_child=1 ignored/);
  });

  it('leaves mobile, email, gender and avatar out of user/list (new self-built apps since 2022-06-20)', async () => {
    const wx = await api(await emulator());
    const list = (await wx.get('/cgi-bin/user/list?department_id=2'))['userlist'] as Record<
      string,
      unknown
    >[];
    expect(list.map((u) => u['userid'])).toContain('zhangsan');
    for (const user of list) {
      expect(user).toMatchObject({ status: expect.any(Number), main_department: 2 });
      // open_userid is for third-party apps only (docs 91121, 90196).
      expect(user).not.toHaveProperty('open_userid');
      for (const field of ['mobile', 'email', 'gender', 'avatar', 'biz_mail', 'qr_code', 'address'])
        expect(user).not.toHaveProperty(field);
    }
  });

  it('answers 60011 outside the visible range on every new path', async () => {
    const wx = await api(await emulator({ seed: narrowSeed() }));
    const answers = [
      await wx.get('/cgi-bin/user/simplelist?department_id=3'),
      await wx.get('/cgi-bin/user/simplelist?department_id=1&fetch_child=1'),
      await wx.get('/cgi-bin/user/list?department_id=4'),
      await wx.get('/cgi-bin/department/simplelist?id=1'),
      await wx.get('/cgi-bin/department/get?id=3'),
      await wx.post('/cgi-bin/user/convert_to_openid', { userid: 'wangwu' }),
      await wx.post('/cgi-bin/user/getuserid', { mobile: '13800000003' }),
      await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'wangwu@example.com', email_type: 2 }),
    ];
    expect(answers.map((a) => a['errcode'])).toEqual(Array(answers.length).fill(60011));
    // Inside the range the same calls answer.
    expect((await wx.get('/cgi-bin/user/simplelist?department_id=2'))['errcode']).toBe(0);
    expect((await wx.post('/cgi-bin/user/getuserid', { mobile: '13800000001' }))['userid']).toBe('zhangsan');
  });

  it("refuses user/list_id with an app's token (48002): only the contacts-sync secret may call it, and it sees the whole corp", async () => {
    const emu = await emulator({ seed: narrowSeed() });
    const wx = await api(emu);
    expect(await wx.post('/cgi-bin/user/list_id', {})).toMatchObject({
      errcode: 48002,
      errmsg: expect.stringMatching(/^api forbidden, hint:/),
    });
    const sync = await syncApi(emu);
    const ids = (await sync.post('/cgi-bin/user/list_id', {}))['dept_user'] as { userid: string }[];
    expect(new Set(ids.map((p) => p.userid)).size).toBe(12);
    // The sync token reads the directory too, beyond any app's range; it is no app (message/send: 301002).
    expect((await sync.get('/cgi-bin/user/simplelist?department_id=3'))['errcode']).toBe(0);
    expect(
      (
        await sync.post('/cgi-bin/message/send', {
          agentid: 1000002,
          msgtype: 'text',
          text: { content: 'x' },
          touser: 'zhangsan',
        })
      )['errcode'],
    ).toBe(301002);
  });

  it('lists only the visible tag members with tag/get', async () => {
    const wx = await api(await emulator({ seed: narrowSeed() }));
    const tag = await wx.get('/cgi-bin/tag/get?tagid=2');
    expect(tag).toMatchObject({ errcode: 0, tagname: '问卷管理员', userlist: [], partylist: [] });
    const committee = await wx.get('/cgi-bin/tag/get?tagid=1');
    expect(committee['userlist']).toEqual([
      { userid: 'zhangsan', name: '张三' },
      { userid: 'zhouba', name: '周八' },
    ]);
  });

  it('answers 60111 for an unknown member, 46004 for an unknown mobile or email, 60123 for an unknown department', async () => {
    const wx = await api(await emulator());
    expect((await wx.post('/cgi-bin/user/convert_to_openid', { userid: 'nobody' }))['errcode']).toBe(60111);
    expect((await wx.post('/cgi-bin/user/getuserid', { mobile: '13900000000' }))['errcode']).toBe(46004);
    expect((await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'no@example.com' }))['errcode']).toBe(
      46004,
    );
    expect((await wx.get('/cgi-bin/user/simplelist?department_id=99'))['errcode']).toBe(60123);
    expect((await wx.get('/cgi-bin/user/list'))['errcode']).toBe(60123);
    expect((await wx.get('/cgi-bin/department/get?id=99'))['errcode']).toBe(60123);
    expect((await wx.get('/cgi-bin/department/simplelist?id=99'))['errcode']).toBe(60123);
  });

  it('answers 60103 for a malformed mobile and 60105 for a malformed email, and reads email_type', async () => {
    const wx = await api(await emulator());
    expect((await wx.post('/cgi-bin/user/getuserid', { mobile: '138-0000-abc' }))['errcode']).toBe(60103);
    expect((await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'not-an-email' }))['errcode']).toBe(
      60105,
    );
    expect(
      (await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'a@b.cn', email_type: 3 }))['errcode'],
    ).toBe(40058);
    // Type 1 (default) is the corp mailbox, type 2 the personal email: the same member, two addresses.
    expect(
      (await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'zhangsan@demo.wecom.work' }))['userid'],
    ).toBe('zhangsan');
    expect(
      (await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'zhangsan@example.com', email_type: 1 }))[
        'errcode'
      ],
    ).toBe(46004);
    expect(
      (await wx.post('/cgi-bin/user/get_userid_by_email', { email: 'zhangsan@example.com', email_type: 2 }))[
        'userid'
      ],
    ).toBe('zhangsan');
  });

  it('converts a member to a stable openid, and answers 43004 for one who has not activated WeCom', async () => {
    const wx = await api(await emulator());
    const a = await wx.post('/cgi-bin/user/convert_to_openid', { userid: 'zhangsan' });
    const b = await wx.post('/cgi-bin/user/convert_to_openid', { userid: 'ZhangSan' });
    expect(a['openid']).toMatch(/^o[\w-]{27}$/);
    expect(b['openid']).toBe(a['openid']);
    expect((await wx.post('/cgi-bin/user/convert_to_openid', { userid: 'heyang' }))['errcode']).toBe(43004);
  });
});

describe('WeCom user/list_id paging', () => {
  it('refuses a limit outside 1..10000 (40058) and a cursor it did not hand out (50100)', async () => {
    const wx = await syncApi(await emulator());
    for (const limit of [0, 10_001, 1.5, '10'])
      expect((await wx.post('/cgi-bin/user/list_id', { limit }))['errcode']).toBe(40058);
    expect((await wx.post('/cgi-bin/user/list_id', { cursor: 'bogus' }))['errcode']).toBe(50100);
    expect((await wx.post('/cgi-bin/user/list_id', { limit: 10_000 }))['next_cursor']).toBe('');
  });

  it('paging returns every visible member exactly once for any limit', async () => {
    const emu = await emulator();
    const wx = await syncApi(emu);
    const everyone = (await wx.post('/cgi-bin/user/list_id', {}))['dept_user'] as {
      userid: string;
      department: number;
    }[];
    // huangmei is in two departments: two entries.
    expect(everyone.filter((p) => p.userid === 'huangmei').map((p) => p.department)).toEqual([1, 4]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 15 }), async (limit) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const answer = await wx.post('/cgi-bin/user/list_id', { limit, ...(cursor ? { cursor } : {}) });
          const items = answer['dept_user'] as { userid: string; department: number }[];
          expect(items.length).toBeLessThanOrEqual(limit);
          seen.push(...items.map((p) => `${p.userid}/${p.department}`));
          cursor = String(answer['next_cursor'] ?? '');
          if (!cursor) break;
        }
        expect(cursor).toBe('');
        expect(seen.sort()).toEqual(everyone.map((p) => `${p.userid}/${p.department}`).sort());
      }),
      { numRuns: 30 },
    );
  });

  it('keeps paging right when a member is removed between pages', async () => {
    const seed = defaultSeed();
    for (const app of seed.wecom[0]?.apps ?? []) delete app.callback;
    const emu = await emulator({ seed });
    const wx = await syncApi(emu);
    const pair = (p: { userid: string; department: number }) => `${p.userid}/${p.department}`;
    const all = (
      (await wx.post('/cgi-bin/user/list_id', {}))['dept_user'] as { userid: string; department: number }[]
    ).map(pair);
    const first = await wx.post('/cgi-bin/user/list_id', { limit: 3 });
    const shown = (first['dept_user'] as { userid: string; department: number }[]).map(pair);
    const removed = shown[0]?.split('/')[0];
    await post(emu, '/_emulator/contacts/member', { action: 'delete', member: { userid: removed } });
    const rest = await wx.post('/cgi-bin/user/list_id', { cursor: first['next_cursor'] });
    const after = (rest['dept_user'] as { userid: string; department: number }[]).map(pair);
    expect(after.filter((p) => shown.includes(p))).toEqual([]);
    expect([...shown, ...after].sort()).toEqual(all.sort());
  });
});

describe('WeCom departments', () => {
  it('answers department/simplelist with id, parentid and order only, and department/get with the name', async () => {
    const wx = await api(await emulator());
    const list = (await wx.get('/cgi-bin/department/simplelist'))['department_id'] as Record<
      string,
      unknown
    >[];
    expect(list.map((d) => d['id'])).toEqual([1, 2, 3, 4]);
    expect(Object.keys(list[1] ?? {}).sort()).toEqual(['id', 'order', 'parentid']);
    expect((await wx.get('/cgi-bin/department/simplelist?id=3'))['department_id']).toEqual([
      expect.objectContaining({ id: 3, parentid: 1 }),
    ]);
    expect((await wx.get('/cgi-bin/department/get?id=2'))['department']).toMatchObject({
      id: 2,
      name: '研发部',
      parentid: 1,
    });
  });
});

describe('WeCom tags', () => {
  it('lists every tag of the corp and answers 40068 for an unknown or missing tagid', async () => {
    const wx = await api(await emulator());
    expect((await wx.get('/cgi-bin/tag/list'))['taglist']).toEqual([
      { tagid: 1, tagname: '技术委员会' },
      { tagid: 2, tagname: '问卷管理员' },
    ]);
    expect((await wx.get('/cgi-bin/tag/get?tagid=99'))['errcode']).toBe(40068);
    expect((await wx.get('/cgi-bin/tag/get'))['errcode']).toBe(40068);
    expect(await wx.get('/cgi-bin/tag/get?tagid=2')).toMatchObject({
      userlist: [{ userid: 'linger', name: '林二' }],
      partylist: [4],
    });
  });

  it('delivers message/send totag to the tag members within the visible range and names unknown tags', async () => {
    const emu = await emulator({ seed: narrowSeed() });
    const wx = await api(emu);
    const sent = await wx.post('/cgi-bin/message/send', {
      totag: '1|2|77',
      msgtype: 'text',
      agentid: 1000002,
      text: { content: 'hi' },
    });
    // Tag 1: zhangsan and zhouba (研发部, visible); tag 2: linger and 人事部 (outside the range).
    expect(sent).toMatchObject({ errcode: 0, invalidtag: '77' });
    const inbox = (await get(emu, '/_emulator/inbox'))['messages'] as { delivered: string[] }[];
    expect(inbox.at(-1)?.delivered.sort()).toEqual(['zhangsan', 'zhouba']);
    const onlyOutside = await wx.post('/cgi-bin/message/send', {
      totag: '2',
      msgtype: 'text',
      agentid: 1000002,
      text: { content: 'hi' },
    });
    expect(onlyOutside['errcode']).toBe(81013);
  });

  it('reaches the members of a tag through its departments, recursively', async () => {
    const emu = await emulator();
    const wx = await api(emu);
    await wx.post('/cgi-bin/message/send', {
      totag: '2',
      msgtype: 'text',
      agentid: 1000002,
      text: { content: 'x' },
    });
    const inbox = (await get(emu, '/_emulator/inbox'))['messages'] as { delivered: string[] }[];
    expect(inbox.at(-1)?.delivered.sort()).toEqual(['chenyi', 'huangmei', 'linger', 'zhaoliu']);
  });

  it('refuses a seed whose tags name unknown members or departments, or repeat an id or a name', async () => {
    const seed = defaultSeed();
    const corp = seed.wecom[0];
    if (corp)
      corp.tags = [
        { tagid: 1, tagname: 'a', userids: ['ghost'] },
        { tagid: 1, tagname: 'a', partyids: [99] },
        { tagid: -1, tagname: 'x'.repeat(33) },
      ];
    await expect(emulator({ seed })).rejects.toThrow(
      /tags\[0\]\.userids[\s\S]*tags\[1\]\.tagid[\s\S]*tags\[1\]\.tagname[\s\S]*tags\[1\]\.partyids[\s\S]*tags\[2\]\.tagid[\s\S]*tags\[2\]\.tagname/,
    );
  });
});

describe('one department, one order on every path', () => {
  it('answers department/list (filtered by id) with the order department/get and simplelist give', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const list = (await get(emu, `/cgi-bin/department/list?access_token=${token}&id=3`))['department'] as {
      id: number;
      order: number;
    }[];
    const simple = (await get(emu, `/cgi-bin/department/simplelist?access_token=${token}`))[
      'department_id'
    ] as {
      id: number;
      order: number;
    }[];
    expect(list.length).toBeGreaterThan(0);
    for (const d of list) {
      const one = (await get(emu, `/cgi-bin/department/get?access_token=${token}&id=${d.id}`))[
        'department'
      ] as {
        order: number;
      };
      expect(d.order, `department ${d.id}`).toBe(one.order);
      expect(d.order, `department ${d.id}`).toBe(simple.find((s) => s.id === d.id)?.order);
    }
  });
});

describe('WeCom member lists show the range only', () => {
  it("lists a member's departments within the app's range only (user/simplelist, user/list)", async () => {
    const seed = defaultSeed();
    seed.wecom[0]!.apps[0]!.visibleTo = { departments: [4] };
    const wx = await api(await emulator({ seed }));
    for (const path of ['/cgi-bin/user/simplelist', '/cgi-bin/user/list']) {
      const list = (await wx.get(`${path}?department_id=4`))['userlist'] as {
        userid: string;
        department: number[];
      }[];
      // huangmei is in 总部 (1) and 人事部 (4); the app sees 人事部 only.
      expect(list.find((u) => u.userid === 'huangmei')?.department, path).toEqual([4]);
    }
  });
});
