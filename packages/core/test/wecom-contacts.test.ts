import { createEmulator, defaultSeed, type Emulator } from '@wxkit/emulator';
import { DEMO_CONTACT_SYNC_SECRET, DEMO_WECOM } from '@wxkit/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeCom, explain, isWxApiError, silentLogger, WxConfigError, WxError } from '../src/index.js';

let emu: Emulator;
let narrow: Emulator;
beforeAll(async () => {
  emu = await createEmulator({});
  const seed = defaultSeed();
  const app = seed.wecom[0]?.apps[0];
  if (app) app.visibleTo = { departments: [2] };
  narrow = await createEmulator({ seed });
});
afterAll(async () => {
  await emu.close();
  await narrow.close();
});

function client(target: Emulator = emu, fetchFn: typeof fetch = target.fetch, corpSecret?: string) {
  const calls: string[] = [];
  const wecom = createWeCom({
    ...DEMO_WECOM,
    ...(corpSecret ? { corpSecret } : {}),
    hosts: { qyapi: 'http://emulator.local' },
    env: {},
    logger: silentLogger,
    retry: { attempts: 1 },
    fetch: ((input: string | URL | Request, init?: RequestInit) => {
      calls.push(new URL(String(input)).pathname);
      return fetchFn(input, init);
    }) as typeof fetch,
  });
  return { wecom, calls };
}

const fault = (target: Emulator, path: string, errcode: number) =>
  target.fetch('/_emulator/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ path, errcode, count: 1 }),
  });

describe('WeCom contacts through core, against the emulator', () => {
  it('lists members of a department, with details, and below it with fetchChild', async () => {
    const { wecom } = client();
    expect((await wecom.users.simpleList(1)).map((u) => u.userid).sort()).toEqual(['huangmei', 'linger']);
    expect(await wecom.users.simpleList(1, { fetchChild: true })).toHaveLength(12);
    const detailed = await wecom.users.list(2);
    expect(detailed.find((u) => u.userid === 'zhangsan')).toMatchObject({ name: '张三', department: [2] });
    expect(detailed[0]).not.toHaveProperty('mobile');
  });

  it('pages user/list_id by hand and with listAllIds (contacts-sync secret), every pair once', async () => {
    const { wecom } = client(emu, emu.fetch, DEMO_CONTACT_SYNC_SECRET);
    const first = await wecom.users.listIds({ limit: 5 });
    expect(first.deptUser).toHaveLength(5);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await wecom.users.listIds({
      limit: 5,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    });
    expect(second.deptUser[0]).not.toEqual(first.deptUser[4]);
    const all = await wecom.users.listAllIds({ limit: 4 });
    expect(all).toHaveLength(13);
    expect(new Set(all.map((p) => `${p.userid}/${p.department}`)).size).toBe(13);
    expect((await wecom.users.listIds()).nextCursor).toBeUndefined();
  });

  it("refuses user/list_id to an app's own secret with 48002, explained", async () => {
    const error = await client()
      .wecom.users.listIds()
      .catch((e: unknown) => e);
    expect(isWxApiError(error) && error.errcode).toBe(48002);
    expect(explain(48002, 'wecom')?.causes.join(' ')).toMatch(/list_id/);
  });

  it('walks the departments for fetchChild (the platform dropped fetch_child): every member below once', async () => {
    const { wecom, calls } = client();
    const all = await wecom.users.simpleList(1, { fetchChild: true });
    expect(all).toHaveLength(12);
    expect(new Set(all.map((u) => u.userid)).size).toBe(12);
    expect(calls).toContain('/cgi-bin/department/simplelist');
    expect((await wecom.users.list(1, { fetchChild: true })).map((u) => u.userid).sort()).toEqual(
      all.map((u) => u.userid).sort(),
    );
  });

  it('stops listAllIds with a WxError past `max` pairs instead of holding an unbounded directory', async () => {
    const { wecom } = client(emu, emu.fetch, DEMO_CONTACT_SYNC_SECRET);
    const error = await wecom.users.listAllIds({ limit: 4, max: 8 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxError);
    expect(String(error)).toMatch(/more than 8 member-department pairs/);
    await expect(wecom.users.listAllIds({ max: 0 })).rejects.toThrow(/max must be a whole number/);
  });

  it('stops listAllIds with a WxError when the platform hands back a cursor it already gave', async () => {
    let n = 0;
    const looping = (async () =>
      new Response(
        JSON.stringify(
          n++ === 0
            ? { errcode: 0, errmsg: 'ok', access_token: 'T', expires_in: 7200 }
            : { errcode: 0, errmsg: 'ok', next_cursor: 'SAME', dept_user: [{ userid: 'a', department: 1 }] },
        ),
        { headers: { 'content-type': 'application/json' } },
      )) as typeof fetch;
    const { wecom, calls } = client(emu, looping);
    const error = await wecom.users.listAllIds().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WxError);
    expect(String(error)).toMatch(/already given|had already given/);
    expect(calls.filter((p) => p === '/cgi-bin/user/list_id')).toHaveLength(2);
  });

  it('converts a userid to an openid and finds userids by mobile and by email', async () => {
    const { wecom } = client();
    expect(await wecom.users.convertToOpenid('zhangsan')).toMatch(/^o/);
    expect(await wecom.users.idByMobile('13800000002')).toBe('lisi');
    expect(await wecom.users.idByEmail('zhangsan@demo.wecom.work')).toBe('zhangsan');
    expect(await wecom.users.idByEmail('lisi@example.com', 2)).toBe('lisi');
  });

  it('reads departments (ids, one with its name) and tags (all, one with its members)', async () => {
    const { wecom } = client();
    expect((await wecom.departments.simpleList()).map((d) => d.id)).toEqual([1, 2, 3, 4]);
    expect((await wecom.departments.simpleList(2)).map((d) => d.id)).toEqual([2]);
    expect(await wecom.departments.get(3)).toMatchObject({ id: 3, name: '市场部', parentid: 1 });
    expect(await wecom.departments.list()).toHaveLength(4);
    expect(await wecom.tags.list()).toEqual([
      { tagid: 1, tagname: '技术委员会' },
      { tagid: 2, tagname: '问卷管理员' },
    ]);
    expect(await wecom.tags.get(2)).toEqual({
      tagname: '问卷管理员',
      userlist: [{ userid: 'linger', name: '林二' }],
      partylist: [4],
    });
  });

  it('explains the platform refusals through the catalog: 60011 outside the range, 40068, 46004, 60123', async () => {
    const { wecom } = client(narrow);
    const codes = async (p: Promise<unknown>) => {
      const e = await p.catch((x: unknown) => x);
      return isWxApiError(e) ? [e.errcode, e.explanation?.meaning !== undefined] : e;
    };
    expect(await codes(wecom.users.simpleList(3))).toEqual([60011, true]);
    expect(await codes(wecom.departments.get(4))).toEqual([60011, true]);
    expect(await codes(wecom.users.convertToOpenid('wangwu'))).toEqual([60011, true]);
    expect(await codes(wecom.tags.get(42))).toEqual([40068, true]);
    expect(await codes(wecom.users.idByMobile('13999999999'))).toEqual([46004, true]);
    expect(await codes(wecom.users.list(99))).toEqual([60123, true]);
  });

  it('refuses bad input before any call, naming the errcode the platform would answer', async () => {
    const { wecom, calls } = client();
    const bad: [() => Promise<unknown>, RegExp][] = [
      [() => wecom.users.simpleList(0), /60123/],
      [() => wecom.users.simpleList(1.5), /60123/],
      [() => wecom.users.simpleList(1, { fetchChild: 1 as unknown as boolean }), /fetchChild/],
      [() => wecom.users.list('2' as unknown as number), /60123/],
      [() => wecom.users.listIds({ limit: 0 }), /40058/],
      [() => wecom.users.listIds({ limit: 10_001 }), /40058/],
      [() => wecom.users.listIds({ cursor: '' }), /50100/],
      [() => wecom.users.listAllIds({ limit: -1 }), /40058/],
      [() => wecom.users.convertToOpenid('bad id'), /40003/],
      [() => wecom.users.idByMobile('1380'), /60103/],
      [() => wecom.users.idByEmail('nope'), /60105/],
      [() => wecom.users.idByEmail('a@b.cn', 3 as 1), /40058/],
      [() => wecom.departments.simpleList(-2), /60123/],
      [() => wecom.departments.get(2 ** 32), /60123/],
      [() => wecom.tags.get(-1), /40068/],
    ];
    for (const [call, code] of bad) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WxConfigError);
      expect(String(error)).toMatch(code);
    }
    expect(calls).toEqual([]);
  });

  it('refuses any mobile with a character other than digits, + and - before a call', async () => {
    const { wecom, calls } = client();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 5, maxLength: 32 }).filter((s) => /[^0-9+-]/.test(s)),
        async (mobile) => {
          await expect(wecom.users.idByMobile(mobile)).rejects.toBeInstanceOf(WxConfigError);
        },
      ),
      { numRuns: 100 },
    );
    expect(calls).toEqual([]);
  });

  it('turns an injected fault on each new upstream call into WxApiError with its errcode', async () => {
    const { wecom } = client();
    const sync = client(emu, emu.fetch, DEMO_CONTACT_SYNC_SECRET).wecom;
    const cases: [string, () => Promise<unknown>][] = [
      ['/cgi-bin/user/simplelist', () => wecom.users.simpleList(1)],
      ['/cgi-bin/user/list', () => wecom.users.list(1)],
      ['/cgi-bin/user/list_id', () => sync.users.listIds()],
      ['/cgi-bin/user/convert_to_openid', () => wecom.users.convertToOpenid('zhangsan')],
      ['/cgi-bin/user/getuserid', () => wecom.users.idByMobile('13800000001')],
      ['/cgi-bin/user/get_userid_by_email', () => wecom.users.idByEmail('zhangsan@demo.wecom.work')],
      ['/cgi-bin/department/simplelist', () => wecom.departments.simpleList()],
      ['/cgi-bin/department/get', () => wecom.departments.get(1)],
      ['/cgi-bin/tag/list', () => wecom.tags.list()],
      ['/cgi-bin/tag/get', () => wecom.tags.get(1)],
    ];
    for (const [path, call] of cases) {
      await fault(emu, path, 45009);
      const error = await call().catch((e: unknown) => e);
      expect(isWxApiError(error) && error.errcode, path).toBe(45009);
      // The fault is spent: the next call answers.
      await expect(call()).resolves.toBeDefined();
    }
  });

  it('pages listAllIds through a transient -1 on one page (retried within the budget)', async () => {
    const wecom = createWeCom({
      ...DEMO_WECOM,
      corpSecret: DEMO_CONTACT_SYNC_SECRET,
      hosts: { qyapi: 'http://emulator.local' },
      env: {},
      logger: silentLogger,
      fetch: emu.fetch,
      sleep: async () => {},
    });
    await fault(emu, '/cgi-bin/user/list_id', -1);
    expect(await wecom.users.listAllIds({ limit: 6 })).toHaveLength(13);
  });

  it('has a catalog entry for every contacts code the emulator answers', () => {
    for (const code of [
      40066, 40068, 43004, 45029, 46004, 48002, 50100, 60003, 60011, 60103, 60105, 60111, 60123,
    ])
      expect(explain(code, 'wecom'), String(code)).toBeDefined();
  });
});
