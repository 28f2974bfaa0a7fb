import { describe, expect, it } from 'vitest';
import { createWeCom, isWxApiError, isWxConfigError, type WeComMenu } from '../src/index.js';
import { createFakePlatform, fakeWeCom, weComOptions } from './helpers/fake-platform.js';

const ok = { errcode: 0, errmsg: 'ok' };

function fakeAdmin() {
  const base = fakeWeCom();
  const admin = createFakePlatform({
    '/cgi-bin/gettoken': () => ({ ...ok, access_token: 'TOKEN1', expires_in: 7200 }),
    '/cgi-bin/agent/get': (url) => ({
      ...ok,
      agentid: Number(url.searchParams.get('agentid')),
      name: '问卷调查',
      close: 0,
    }),
    '/cgi-bin/agent/set': () => ok,
    '/cgi-bin/agent/set_workbench_template': () => ok,
    '/cgi-bin/agent/get_workbench_template': () => ({
      ...ok,
      type: 'image',
      image: { url: 'https://x/1.png' },
    }),
    '/cgi-bin/agent/set_workbench_data': () => ok,
    '/cgi-bin/menu/create': () => ok,
    '/cgi-bin/menu/get': () => ({
      ...ok,
      button: [{ name: '问卷', type: 'view', url: 'https://a.example/' }],
    }),
    '/cgi-bin/menu/delete': () => ok,
    '/cgi-bin/auth/getuserdetail': (_url, body) =>
      (body as { user_ticket?: string }).user_ticket === 'UT'
        ? { ...ok, userid: 'zhangsan', gender: '1', mobile: '13800000000' }
        : { errcode: 40003, errmsg: 'invalid user_ticket' },
    '/cgi-bin/auth/getuserinfo': () => ({ ...ok, openid: 'OPENID', external_userid: 'wmEXT' }),
  });
  return { base, admin };
}

describe('WeCom agent and workbench', () => {
  it('reads the agent and sets its home_url with the agentid filled in', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    expect(await wecom.agent.get()).toMatchObject({ agentid: 1000002, name: '问卷调查' });
    await wecom.agent.set({ home_url: 'https://survey.example.com/' });
    expect(admin.bodies.at(-1)).toEqual({ agentid: 1000002, home_url: 'https://survey.example.com/' });
    await expect(wecom.agent.set({ home_url: 'survey.example.com' })).rejects.toThrow(/home_url/);
  });

  it('sets and gets the workbench template with POST, and per-user data', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    await wecom.workbench.setTemplate(
      { type: 'keydata', keydata: { items: [{ key: '待填问卷', data: '2', jump_url: 'https://a/' }] } },
      { replaceUserData: true },
    );
    expect(admin.bodies.at(-1)).toMatchObject({ agentid: 1000002, type: 'keydata', replace_user_data: true });
    const template = await wecom.workbench.getTemplate();
    expect(template).toMatchObject({ type: 'image' });
    expect(admin.bodies.at(-1)).toEqual({ agentid: 1000002 }); // get_workbench_template is a POST
    await wecom.workbench.setUserData('zhangsan', { type: 'image', image: { url: 'https://x/2.png' } });
    expect(admin.bodies.at(-1)).toMatchObject({ userid: 'zhangsan', type: 'image' });
  });

  it('refuses a workbench template without its data before calling', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    const before = admin.calls.length;
    await expect(wecom.workbench.setTemplate({ type: 'list' } as never)).rejects.toSatisfy(isWxConfigError);
    expect(admin.calls.length).toBe(before);
  });
});

describe('WeCom menus through the client', () => {
  it('creates, reads and deletes the app menu for its agentid', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    const menu: WeComMenu = { button: [{ name: '问卷', type: 'view', url: 'https://a.example/' }] };
    await wecom.menu.create(menu);
    const created = admin.calls.find((u) => u.pathname === '/cgi-bin/menu/create');
    expect(created?.searchParams.get('agentid')).toBe('1000002');
    expect(await wecom.menu.get()).toEqual(menu);
    await wecom.menu.delete();
    expect(admin.count('/cgi-bin/menu/delete')).toBe(1);
  });

  it('refuses an invalid menu with every problem and never calls the platform', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    const bad = { button: [{ name: 'mini', type: 'miniprogram', appid: 'wx1', pagepath: 'p' }] };
    await expect(wecom.menu.create(bad as never)).rejects.toThrow(/view_miniprogram/);
    expect(admin.count('/cgi-bin/menu/create')).toBe(0);
  });
});

describe('WeCom identities', () => {
  it('returns openid and external_userid for a non-member', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    expect(await wecom.oauth.exchangeCode('code-non-member')).toEqual({
      openid: 'OPENID',
      externalUserid: 'wmEXT',
    });
  });

  it('reads sensitive fields with the user_ticket, by POST', async () => {
    const { admin } = fakeAdmin();
    const wecom = createWeCom(weComOptions(admin));
    expect(await wecom.oauth.getUserDetail('UT')).toEqual({
      userid: 'zhangsan',
      gender: '1',
      mobile: '13800000000',
    });
    await expect(wecom.oauth.getUserDetail('expired')).rejects.toSatisfy(
      (e) => isWxApiError(e) && e.errcode === 40003 && e.hint.length > 0,
    );
  });

  it('reads a member and lists departments', async () => {
    const { base } = fakeAdmin();
    const wecom = createWeCom(weComOptions(base));
    expect(await wecom.users.get('zhangsan')).toEqual({ userid: 'zhangsan', name: '张三', department: [2] });
    expect(await wecom.departments.list()).toEqual([{ id: 1, name: '总部' }]);
    await expect(wecom.users.get('bad user')).rejects.toThrow(/40003/);
  });
});
