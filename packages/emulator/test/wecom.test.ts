import { describe, expect, it } from 'vitest';
import { CORP, emulator, get, post, SECRET, weComCode, weComToken } from './helpers.js';

describe('WeCom gettoken', () => {
  it('returns the same token while it is valid and a new one after 7200 s', async () => {
    const emu = await emulator();
    const first = await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    emu.advance(3600);
    const second = await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    expect(second['access_token']).toBe(first['access_token']);
    expect(second['expires_in']).toBe(3600);
    emu.advance(3600);
    expect(
      (await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`))['access_token'],
    ).not.toBe(first['access_token']);
  });

  it('answers 40001 for a wrong secret and 40013 for a wrong corp, with the platform errmsg shape', async () => {
    const emu = await emulator();
    const wrongSecret = await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=nope`);
    expect(wrongSecret['errcode']).toBe(40001);
    expect(String(wrongSecret['errmsg'])).toMatch(
      /^invalid credential, hint: \[.+\], from ip: .+, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001$/,
    );
    expect((await get(emu, `/cgi-bin/gettoken?corpid=wwnope&corpsecret=${SECRET}`))['errcode']).toBe(40013);
  });

  it('issues a token to any IP and answers 60020 on the business call from an IP outside 企业可信IP', async () => {
    const { defaultSeed } = await import('../src/index.js');
    const seed = defaultSeed();
    seed.wecom[0]!.apps[0]!.allowedIps = ['10.0.0.1'];
    const emu = await emulator({ seed });
    const from = (ip: string) => ({ headers: { 'x-wxkit-client-ip': ip } });
    const issued = (await (
      await emu.fetch(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`, from('1.2.3.4'))
    ).json()) as { errcode: number; access_token: string };
    expect(issued.errcode).toBe(0);
    const path = `/cgi-bin/user/get?userid=zhangsan&access_token=${issued.access_token}`;
    const denied = await emu.fetch(path, from('1.2.3.4'));
    expect(await denied.json()).toMatchObject({
      errcode: 60020,
      errmsg: expect.stringMatching(
        /^not allow to access from your ip, hint: \[\d{25}\], from ip: 1\.2\.3\.4,/,
      ),
    });
    expect(denied.headers.get('error-code')).toBe('60020');
    expect(await (await emu.fetch(path, from('10.0.0.1'))).json()).toMatchObject({ errcode: 0 });
  });

  it('rejects missing, unknown and expired tokens with 41001, 40014 and 42001', async () => {
    const emu = await emulator();
    expect((await get(emu, '/cgi-bin/user/get?userid=zhangsan'))['errcode']).toBe(41001);
    expect((await get(emu, '/cgi-bin/user/get?userid=zhangsan&access_token=bogus'))['errcode']).toBe(40014);
    const token = await weComToken(emu);
    emu.advance(7201);
    expect((await get(emu, `/cgi-bin/user/get?userid=zhangsan&access_token=${token}`))['errcode']).toBe(
      42001,
    );
  });
});

describe('WeCom OAuth codes', () => {
  it('exchanges a code once; a reuse answers 40029', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const code = await weComCode(emu, 'zhangsan');
    expect(await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`)).toMatchObject({
      errcode: 0,
      userid: 'zhangsan',
    });
    expect((await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`))['errcode']).toBe(
      40029,
    );
  });

  it('expires a code after 5 minutes', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const code = await weComCode(emu, 'lisi');
    emu.advance(301);
    expect((await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`))['errcode']).toBe(
      40029,
    );
  });

  it('answers the legacy user/getuserinfo with CamelCase keys', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const code = await weComCode(emu, 'wangwu');
    expect(await get(emu, `/cgi-bin/user/getuserinfo?access_token=${token}&code=${code}`)).toMatchObject({
      UserId: 'wangwu',
      DeviceId: expect.any(String),
    });
  });

  it('gives no user_ticket on the legacy user/getuserinfo, even for a snsapi_privateinfo code (old L10)', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const authorized = await emu.fetch(
      `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_privateinfo&state=s&agentid=1000002&login_as=zhangsan`,
    );
    const code = new URL(authorized.headers.get('location') ?? '').searchParams.get('code');
    const answer = await get(emu, `/cgi-bin/user/getuserinfo?access_token=${token}&code=${code}`);
    expect(answer).toMatchObject({ errcode: 0, UserId: 'zhangsan' });
    expect(answer).not.toHaveProperty('user_ticket');
    expect(answer).not.toHaveProperty('expires_in');
  });

  it('gives a user_ticket for snsapi_privateinfo that unlocks the detail for 1800 s', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const code = await weComCode(emu, 'zhaoliu', '').then(async () => {
      const redirect = encodeURIComponent('http://localhost:3000/cb');
      const r = await emu.fetch(
        `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_privateinfo&state=s&agentid=1000002&login_as=zhaoliu`,
      );
      return new URL(r.headers.get('location') ?? '').searchParams.get('code');
    });
    const identity = await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`);
    expect(identity['user_ticket']).toEqual(expect.any(String));
    const detail = await post(emu, `/cgi-bin/auth/getuserdetail?access_token=${token}`, {
      user_ticket: identity['user_ticket'],
    });
    expect(detail).toMatchObject({ errcode: 0, userid: 'zhaoliu', gender: '2', mobile: '13800000004' });
    emu.advance(1801);
    expect(
      (
        await post(emu, `/cgi-bin/auth/getuserdetail?access_token=${await weComToken(emu)}`, {
          user_ticket: identity['user_ticket'],
        })
      )['errcode'],
    ).not.toBe(0);
  });

  it('shows the platform error page for a redirect_uri outside the trusted domains, port included', async () => {
    const emu = await emulator();
    const redirect = encodeURIComponent('http://localhost:3001/cb');
    const response = await emu.fetch(
      `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s&agentid=1000002&login_as=zhangsan`,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('redirect_uri 与配置的可信域名不一致');
    expect(html).toContain('localhost:3001');
    // The usual cause on a developer's machine: a proxy changed the Host the app built redirect_uri from.
    expect(html).toContain('set publicUrl');
  });

  it('redirects with state only when the member declines', async () => {
    const emu = await emulator();
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const response = await emu.fetch(
      `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_privateinfo&state=s9&agentid=1000002&decline=1`,
    );
    expect(response.headers.get('location')).toBe('http://localhost:3000/cb?state=s9');
  });

  it("declines through the page's form, which posts", async () => {
    const emu = await emulator();
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const base = `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s7&agentid=1000002`;
    const picker = await (await emu.fetch(base)).text();
    expect(picker).toMatch(/<form method="post"[^>]*>(?:(?!<\/form>).)*name="decline"/);
    const declined = await emu.fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decline=1',
    });
    expect(declined.status).toBe(302);
    expect(declined.headers.get('location')).toBe('http://localhost:3000/cb?state=s7');
  });

  it("adds a member from the picker only on the form's POST, never on a GET", async () => {
    const emu = await emulator();
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const base = `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s8&agentid=1000002`;
    const token = await weComToken(emu);
    const userGet = () => get(emu, `/cgi-bin/user/get?access_token=${token}&userid=xiaoli`);
    await emu.fetch(`${base}&new_userid=xiaoli&new_name=${encodeURIComponent('小李')}`);
    expect((await userGet())['errcode']).toBe(60111);
    const added = await emu.fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `new_userid=xiaoli&new_name=${encodeURIComponent('小李')}`,
    });
    expect(added.headers.get('location')).toMatch(/\?code=.*&state=s8$/);
    expect(await userGet()).toMatchObject({ errcode: 0, name: '小李' });
  });

  it('lists the visible members on the picker page and asks consent for privateinfo', async () => {
    const emu = await emulator();
    const redirect = encodeURIComponent('http://localhost:3000/cb');
    const base = `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_privateinfo&state=s&agentid=1000002`;
    const picker = await (await emu.fetch(base)).text();
    expect(picker).toContain('张三');
    expect(picker).toContain('data-login-as="wangwu"');
    const consent = await (await emu.fetch(`${base}&pick=zhangsan`)).text();
    expect(consent).toContain('授权确认');
    const allowed = await emu.fetch(`${base}&pick=zhangsan&consent=yes`);
    expect(allowed.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/cb\?code=.+&state=s$/);
  });
});

describe('WeCom directory, tickets, menus, messages', () => {
  it('limits user/get to the visible range (60011) and knows unknown users (60111)', async () => {
    const { defaultSeed } = await import('../src/index.js');
    const seed = defaultSeed();
    seed.wecom[0]!.apps[0]!.visibleTo = { departments: [2] };
    const emu = await emulator({ seed });
    const token = await weComToken(emu);
    expect(await get(emu, `/cgi-bin/user/get?access_token=${token}&userid=zhangsan`)).toMatchObject({
      errcode: 0,
      name: '张三',
      department: [2],
    });
    expect((await get(emu, `/cgi-bin/user/get?access_token=${token}&userid=wangwu`))['errcode']).toBe(60011);
    expect((await get(emu, `/cgi-bin/user/get?access_token=${token}&userid=nobody`))['errcode']).toBe(60111);
  });

  it('issues the corp ticket and the agent ticket, each stable for its life', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const corp1 = await get(emu, `/cgi-bin/get_jsapi_ticket?access_token=${token}`);
    const agent1 = await get(emu, `/cgi-bin/ticket/get?access_token=${token}&type=agent_config`);
    expect(corp1['ticket']).not.toBe(agent1['ticket']);
    expect((await get(emu, `/cgi-bin/get_jsapi_ticket?access_token=${token}`))['ticket']).toBe(
      corp1['ticket'],
    );
  });

  it('validates menus with the platform codes and keeps them per app', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const bad = await post(emu, `/cgi-bin/menu/create?access_token=${token}&agentid=1000002`, {
      button: [{ type: 'miniprogram', name: 'x' }],
    });
    expect(bad['errcode']).toBe(40017);
    const menu = { button: [{ type: 'click', name: '结果', key: 'R' }] };
    expect(
      (await post(emu, `/cgi-bin/menu/create?access_token=${token}&agentid=1000002`, menu))['errcode'],
    ).toBe(0);
    expect(await get(emu, `/cgi-bin/menu/get?access_token=${token}&agentid=1000002`)).toMatchObject({
      button: menu.button,
    });
    expect((await get(emu, `/cgi-bin/menu/get?access_token=${token}&agentid=1000003`))['errcode']).toBe(
      301002,
    );
  });

  it('delivers message/send into the inbox and reports invalid users', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const sent = await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
      touser: 'zhangsan|ghost',
      toparty: '3',
      msgtype: 'textcard',
      agentid: 1000002,
      textcard: { title: '问卷', description: '请填写', url: 'http://localhost:3000/' },
    });
    expect(sent).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
    const inbox = (await get(emu, '/_emulator/inbox'))['messages'] as { delivered: string[] }[];
    expect(inbox[0]?.delivered).toEqual(expect.arrayContaining(['zhangsan', 'wangwu', 'wujiu', 'zhengshi']));
  });

  it('answers an API it does not emulate loudly', async () => {
    const emu = await emulator();
    const response = await emu.fetch('/cgi-bin/externalcontact/list');
    expect(response.status).toBe(501);
    expect(await response.json()).toMatchObject({ errcode: -10501, not_emulated: true });
  });
});

describe('a long-running emulator', () => {
  it('forgets codes and tokens an hour after their life, and still answers 40029 for them', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const code = await weComCode(emu, 'zhangsan');
    emu.advance(7200 + 3601);
    // The first request after a minute of emulator time prunes; the old code is then unknown: still 40029.
    const fresh = await weComToken(emu);
    expect(fresh).not.toBe(token);
    expect((await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${fresh}&code=${code}`))['errcode']).toBe(
      40029,
    );
    expect((await get(emu, `/cgi-bin/user/get?access_token=${token}&userid=zhangsan`))['errcode']).toBe(
      40014,
    );
  });
});

describe('WeCom member fields', () => {
  it('gives a self-built app no open_userid on user/get (third-party apps only, old L11)', async () => {
    const emu = await emulator();
    const user = await get(emu, `/cgi-bin/user/get?access_token=${await weComToken(emu)}&userid=zhangsan`);
    expect(user).toMatchObject({ errcode: 0, userid: 'zhangsan' });
    expect(user).not.toHaveProperty('open_userid');
  });
});
