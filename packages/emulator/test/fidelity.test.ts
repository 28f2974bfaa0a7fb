import { describe, expect, it } from 'vitest';
import { defaultSeed, type Emulator, type Seed } from '../src/index.js';
import { CORP, emulator, get, OA, OA_SECRET, post, SECRET, weComCode, weComToken } from './helpers.js';

const REDIRECT = encodeURIComponent('http://localhost:3000/cb');
const oaToken = async (emu: Emulator) =>
  String(
    (await get(emu, `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`))[
      'access_token'
    ],
  );
const location = (r: Response) => new URL(r.headers.get('location') ?? 'http://none/');
const WECOM_SHAPE =
  /, hint: \[\d{25}\], from ip: [^,]+, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=-?\d+$/;
const OA_SHAPE = /, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

/** The default seed with the survey app visible to 研发部 (department 2) only: wangwu (市场部) is outside. */
function narrowSeed(): Seed {
  const seed = defaultSeed();
  seed.wecom[0]!.apps[0]!.visibleTo = { departments: [2] };
  return seed;
}

describe('requests go to the platform of their token, never by path', () => {
  it('answers an OA token on GET /cgi-bin/user/get with the follower list, not WeCom 40014', async () => {
    const emu = await emulator();
    const token = await oaToken(emu);
    const list = await get(emu, `/cgi-bin/user/get?access_token=${token}&next_openid=`);
    expect(list).toEqual({
      total: 3,
      count: 3,
      data: { openid: ['o-xiaoming', 'o-xiaohong', 'o-xiaogang'] },
      next_openid: 'o-xiaogang',
    });
    expect(await get(emu, `/cgi-bin/user/get?access_token=${token}&next_openid=o-xiaogang`)).toEqual({
      total: 3,
      count: 0,
      next_openid: '',
    });
    // The same path with a WeCom token is still the member lookup.
    const member = await get(emu, `/cgi-bin/user/get?access_token=${await weComToken(emu)}&userid=zhangsan`);
    expect(member).toMatchObject({ errcode: 0, userid: 'zhangsan' });
  });

  it('answers a token on a path its platform lacks as "not emulated" in its own name, not as a bad token', async () => {
    const emu = await emulator();
    const wecomOnOa = await emu.fetch(
      `/cgi-bin/ticket/getticket?type=jsapi&access_token=${await weComToken(emu)}`,
    );
    expect(wecomOnOa.status).toBe(501);
    expect(await wecomOnOa.json()).toMatchObject({
      errcode: -10501,
      errmsg: expect.stringMatching(/^not emulated: GET \/cgi-bin\/ticket\/getticket \(WeCom;/),
    });
    const oaOnWecom = await emu.fetch(`/cgi-bin/department/list?access_token=${await oaToken(emu)}`);
    expect(oaOnWecom.status).toBe(501);
    expect(((await oaOnWecom.json()) as { errmsg: string }).errmsg).toMatch(/\(Official Account;/);
  });

  it('keeps menus of both platforms on the shared menu paths, whichever service registered first', async () => {
    const emu = await emulator();
    const button = [{ type: 'click', name: 'A', key: 'A' }];
    const wecom = await weComToken(emu);
    const oa = await oaToken(emu);
    expect(await post(emu, `/cgi-bin/menu/create?access_token=${oa}`, { button })).toMatchObject({
      errcode: 0,
    });
    expect(
      await post(emu, `/cgi-bin/menu/create?access_token=${wecom}&agentid=1000002`, {
        button: [{ type: 'click', name: 'W', key: 'W' }],
      }),
    ).toMatchObject({
      errcode: 0,
    });
    expect(await get(emu, `/cgi-bin/menu/get?access_token=${oa}`)).toMatchObject({
      menu: { button: [{ name: 'A', sub_button: [] }] },
    });
    expect(await get(emu, `/cgi-bin/menu/get?access_token=${wecom}&agentid=1000002`)).toMatchObject({
      errcode: 0,
      button: [{ name: 'W' }],
    });
  });

  it('answers faults in the errmsg shape of the platform the request is for', async () => {
    const emu = await emulator();
    const oa = await oaToken(emu);
    const wecom = await weComToken(emu);
    await post(emu, '/_emulator/faults', { path: '/cgi-bin/user/get', count: 2, errcode: -1 });
    const onOa = await emu.fetch(`/cgi-bin/user/get?access_token=${oa}`);
    expect(await onOa.json()).toMatchObject({ errcode: -1, errmsg: expect.stringMatching(OA_SHAPE) });
    expect(onOa.headers.get('error-code')).toBeNull();
    const onWecom = await emu.fetch(`/cgi-bin/user/get?access_token=${wecom}&userid=zhangsan`);
    expect(await onWecom.json()).toMatchObject({ errcode: -1, errmsg: expect.stringMatching(WECOM_SHAPE) });
    expect(onWecom.headers.get('error-code')).toBe('-1');
    await post(emu, '/_emulator/faults', { path: '/sns/auth', count: 1, errcode: 40001 });
    expect((await get(emu, '/sns/auth?access_token=x&openid=y'))['errmsg']).toMatch(OA_SHAPE);
  });

  it('answers the per-minute quota as each platform does (WeCom 45009, OA 45011) and lets calls through a minute later', async () => {
    const seed = defaultSeed();
    seed.limits.apiPerMinute = 3;
    const emu = await emulator({ seed });
    const oa = await oaToken(emu);
    for (let i = 0; i < 3; i++) await get(emu, `/cgi-bin/get_current_selfmenu_info?access_token=${oa}`);
    const limited = await get(emu, `/cgi-bin/get_current_selfmenu_info?access_token=${oa}`);
    expect(limited).toMatchObject({ errcode: 45011, errmsg: expect.stringMatching(OA_SHAPE) });
    for (let i = 0; i < 3; i++) await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    expect(await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).toMatchObject({
      errcode: 45009,
      errmsg: expect.stringMatching(/^api freq out of limit, hint/),
    });
    // Refused calls do not count: a client that kept calling gets through once the minute has passed.
    for (let i = 0; i < 20; i++) await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`);
    emu.advance(61);
    expect(await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`)).toMatchObject({
      errcode: 0,
    });
  });

  it('keeps the per-minute quota per corp or account: an OA spending its minute on user/get leaves the corp its own', async () => {
    const seed = defaultSeed();
    seed.limits.apiPerMinute = 2;
    const emu = await emulator({ seed });
    const oa = await oaToken(emu);
    for (let i = 0; i < 2; i++) await get(emu, `/cgi-bin/user/get?access_token=${oa}`);
    expect(await get(emu, `/cgi-bin/user/get?access_token=${oa}`)).toMatchObject({ errcode: 45011 });
    const wecom = await weComToken(emu);
    expect(await get(emu, `/cgi-bin/user/get?access_token=${wecom}&userid=zhangsan`)).toMatchObject({
      errcode: 0,
    });
  });

  it('has no per-minute quota on the authorize page (it is a page, not an API)', async () => {
    const seed = defaultSeed();
    seed.limits.apiPerMinute = 3;
    const emu = await emulator({ seed });
    for (let i = 0; i < 6; i++) expect(await weComCode(emu, 'zhangsan')).not.toBe('');
  });
});

describe('"not emulated" is unmistakable and never a platform code', () => {
  it('answers valid message types it does not deliver (voice, video, miniprogram_notice) with 501 and -10501, not 40008', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    for (const msgtype of ['voice', 'video', 'miniprogram_notice']) {
      const answer = await emu.fetch(`/cgi-bin/message/send?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ touser: 'zhangsan', agentid: 1000002, msgtype, [msgtype]: {} }),
      });
      expect(answer.status, msgtype).toBe(501);
      expect(await answer.json()).toMatchObject({
        errcode: -10501,
        not_emulated: true,
        errmsg: expect.stringContaining(`msgtype ${msgtype}`),
      });
    }
    // A type the platform does not have is still the platform's 40008.
    expect(
      await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
        touser: 'zhangsan',
        agentid: 1000002,
        msgtype: 'fax',
      }),
    ).toMatchObject({ errcode: 40008, errmsg: expect.stringMatching(/^invalid message type, hint/) });
  });

  it('answers unknown APIs of either platform with 501 and -10501, not 48002', async () => {
    const emu = await emulator();
    for (const path of [
      '/cgi-bin/externalcontact/list',
      `/cgi-bin/message/mass/sendall?access_token=${await oaToken(emu)}`,
      '/sns/jscode2session',
    ]) {
      const answer = await emu.fetch(path);
      expect(answer.status, path).toBe(501);
      expect(await answer.json()).toMatchObject({ errcode: -10501, not_emulated: true });
    }
  });
});

describe('WeCom visible range', () => {
  it('issues a snsapi_base code to a member outside the visible range; getuserinfo returns the userid (no user_ticket)', async () => {
    const emu = await emulator({ seed: narrowSeed() });
    const code = await weComCode(emu, 'wangwu');
    expect(code).not.toBe('');
    const token = await weComToken(emu);
    expect(await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'wangwu',
    });
    // user/get still keeps the range: the app must do its own access check.
    expect((await get(emu, `/cgi-bin/user/get?access_token=${token}&userid=wangwu`))['errcode']).toBe(60011);
  });

  it('shows every active member on the snsapi_base picker, marking those outside the range', async () => {
    const emu = await emulator({ seed: narrowSeed() });
    const page = await (
      await emu.fetch(
        `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${REDIRECT}&response_type=code&scope=snsapi_base&state=s&agentid=1000002`,
      )
    ).text();
    expect(page).toContain('data-login-as="wangwu"');
    expect(page).toMatch(/市场部 · 不在可见范围/);
    expect(page).not.toContain('data-login-as="heyang"');
  });

  it('still refuses snsapi_privateinfo to a member outside the visible range (error page, no code)', async () => {
    const emu = await emulator({ seed: narrowSeed() });
    const answer = await emu.fetch(
      `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${REDIRECT}&response_type=code&scope=snsapi_privateinfo&state=s&agentid=1000002&login_as=wangwu`,
    );
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('50002');
  });

  it('lists only departments in the visible range with department/list (60011 for one outside)', async () => {
    const emu = await emulator({ seed: narrowSeed() });
    const token = await weComToken(emu);
    const list = (await get(emu, `/cgi-bin/department/list?access_token=${token}`))['department'] as {
      id: number;
    }[];
    expect(list.map((d) => d.id)).toEqual([2]);
    expect((await get(emu, `/cgi-bin/department/list?access_token=${token}&id=3`))['errcode']).toBe(60011);
    expect((await get(emu, `/cgi-bin/department/list?access_token=${token}&id=99`))['errcode']).toBe(60123);
  });
});

describe('OAuth rules', () => {
  it('appends state raw as the platform does: a & splits it, a + reads as a space; only a state over 128 bytes is refused', async () => {
    const emu = await emulator();
    const back = async (state: string) => {
      const answer = await emu.fetch(
        `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${REDIRECT}&response_type=code&scope=snsapi_base&state=${encodeURIComponent(state)}&agentid=1000002&login_as=zhangsan`,
      );
      expect(answer.status, state).toBe(302);
      return answer.headers.get('location') ?? '';
    };
    expect(await back('a-b_c')).toMatch(/^http:\/\/localhost:3000\/cb\?code=[^&]+&state=a-b_c$/);
    const split = new URL(await back('/page?a=1&b=2'));
    expect(split.searchParams.get('state')).toBe('/page?a=1');
    expect(split.searchParams.get('b')).toBe('2');
    expect(new URL(await back('YWJj+/8=')).searchParams.get('state')).toBe('YWJj /8=');
    // Non-ASCII goes out as UTF-8 escapes, as a browser sends a raw Location on.
    expect(new URL(await back('中文')).searchParams.get('state')).toBe('中文');
    const web = await emu.fetch(
      `/wwlogin/sso/login?login_type=CorpApp&appid=${CORP}&agentid=1000002&redirect_uri=${REDIRECT}&state=x%26y&login_as=zhangsan`,
    );
    expect(web.headers.get('location')).toMatch(/&state=x&y$/);
    const long = await emu.fetch(
      `/connect/oauth2/authorize?appid=${OA}&redirect_uri=${REDIRECT}&response_type=code&scope=snsapi_base&state=${'x'.repeat(129)}&login_as=o-xiaoming`,
    );
    expect(long.status).toBe(200);
    expect(await long.text()).not.toContain('10016');
  });

  it('puts code and state before a hash route of the redirect_uri', async () => {
    const emu = await emulator();
    const answer = await emu.fetch(
      `/connect/oauth2/authorize?appid=${OA}&redirect_uri=${encodeURIComponent('http://localhost:3000/app?x=1#/done')}&response_type=code&scope=snsapi_base&state=s1&login_as=o-xiaoming`,
    );
    expect(answer.headers.get('location')).toMatch(
      /^http:\/\/localhost:3000\/app\?x=1&code=[^&]+&state=s1#\/done$/,
    );
  });

  it('checks the domain of a WeCom code authorized without agentid at exchange, against the token app (50001)', async () => {
    const seed = defaultSeed();
    const corp = seed.wecom[0]!;
    corp.apps.push({
      ...corp.apps[0]!,
      agentId: 1000003,
      name: 'second',
      secret: 'second-secret-0123456789abcdefghijklmnop',
      trustedDomains: ['app2.example:8080'],
      webLoginDomains: [],
    });
    const emu = await emulator({ seed });
    const redirect = encodeURIComponent('http://app2.example:8080/cb');
    const authorize = () =>
      emu.fetch(
        `/connect/oauth2/authorize?appid=${CORP}&redirect_uri=${redirect}&response_type=code&scope=snsapi_base&state=s&login_as=zhangsan`,
      );
    const first = await authorize();
    expect(first.status).toBe(302);
    const app1 = await weComToken(emu);
    const wrong = await get(
      emu,
      `/cgi-bin/auth/getuserinfo?access_token=${app1}&code=${location(first).searchParams.get('code')}`,
    );
    expect(wrong).toMatchObject({ errcode: 50001 });
    const app2 = String(
      (
        await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=second-secret-0123456789abcdefghijklmnop`)
      )['access_token'],
    );
    const second = await authorize();
    expect(
      await get(
        emu,
        `/cgi-bin/auth/getuserinfo?access_token=${app2}&code=${location(second).searchParams.get('code')}`,
      ),
    ).toMatchObject({ errcode: 0, userid: 'zhangsan' });
  });

  it('says "invalid code" exactly on a reused WeCom code and keeps the reason in the journal', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    const code = await weComCode(emu, 'zhangsan');
    await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`);
    const again = await get(emu, `/cgi-bin/auth/getuserinfo?access_token=${token}&code=${code}`);
    expect(again['errmsg']).toMatch(/^invalid code, hint: /);
    const entries = (await get(emu, '/_emulator/journal'))['entries'] as { errcode: number; note?: string }[];
    expect(entries.at(-1)).toMatchObject({
      errcode: 40029,
      note: expect.stringMatching(/already exchanged/),
    });
  });

  async function oaLogin(emu: Emulator, extra = '') {
    const answer = await emu.fetch(
      `/connect/oauth2/authorize?appid=${OA}&redirect_uri=${REDIRECT}&response_type=code&scope=snsapi_userinfo&state=s&login_as=o-xiaoming${extra}`,
    );
    const code = location(answer).searchParams.get('code');
    return get(
      emu,
      `/sns/oauth2/access_token?appid=${OA}&secret=${OA_SECRET}&code=${code}&grant_type=authorization_code`,
    );
  }

  it('keeps an unexpired OA web access_token on refresh (only its life is renewed); issues a new one after expiry', async () => {
    const emu = await emulator();
    const granted = await oaLogin(emu);
    const refresh = `/sns/oauth2/refresh_token?appid=${OA}&grant_type=refresh_token&refresh_token=${granted['refresh_token']}`;
    emu.advance(3600);
    const kept = await get(emu, refresh);
    expect(kept).toMatchObject({
      access_token: granted['access_token'],
      expires_in: 7200,
      openid: 'o-xiaoming',
    });
    emu.advance(7201);
    const renewed = await get(emu, refresh);
    expect(renewed['access_token']).not.toBe(granted['access_token']);
    expect(renewed['refresh_token']).toBe(granted['refresh_token']);
    expect(
      (await get(emu, `/sns/auth?access_token=${renewed['access_token']}&openid=o-xiaoming`))['errcode'],
    ).toBe(0);
  });

  it('returns is_snapshotuser=1 for a snapshot-page login and leaves it out otherwise', async () => {
    const emu = await emulator();
    expect(await oaLogin(emu, '&snapshot=1')).toMatchObject({ is_snapshotuser: 1, scope: 'snsapi_userinfo' });
    const normal = await oaLogin(emu);
    expect(normal).not.toHaveProperty('is_snapshotuser');
    expect(normal).toMatchObject({ unionid: 'u-xiaoming' });
  });
});

describe('WeCom message limits', () => {
  const send = (emu: Emulator, token: string, body: Record<string, unknown>) =>
    post(emu, `/cgi-bin/message/send?access_token=${token}`, { agentid: 1000002, msgtype: 'text', ...body });
  const inbox = async (emu: Emulator) =>
    (await get(emu, '/_emulator/inbox'))['messages'] as {
      delivered: string[];
      dropped?: string[];
      body: { text: { content: string } };
    }[];

  it('drops the 31st message a minute to one member silently (errcode 0), and delivers again a minute later', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    for (let i = 0; i < 30; i++)
      expect(
        (await send(emu, token, { touser: 'zhangsan|lisi', text: { content: `${i}` } }))['errcode'],
      ).toBe(0);
    expect((await send(emu, token, { touser: 'zhangsan', text: { content: 'x' } }))['errcode']).toBe(0);
    expect((await send(emu, token, { touser: 'wangwu', text: { content: 'y' } }))['errcode']).toBe(0);
    const messages = await inbox(emu);
    expect(messages.at(-2)).toMatchObject({ delivered: [], dropped: ['zhangsan'] });
    expect(messages.at(-1)).toMatchObject({ delivered: ['wangwu'] });
    emu.advance(61);
    await send(emu, token, { touser: 'zhangsan', text: { content: 'z' } });
    expect((await inbox(emu)).at(-1)).toMatchObject({ delivered: ['zhangsan'] });
  });

  it('drops messages past 1000 an hour to one member', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    for (let i = 0; i < 1000; i++) {
      if (i % 30 === 0) emu.advance(61);
      await send(emu, token, { touser: 'zhangsan', text: { content: `${i}` } });
    }
    expect((await inbox(emu)).at(-1)).toMatchObject({ delivered: ['zhangsan'] });
    emu.advance(61);
    await send(emu, token, { touser: 'zhangsan', text: { content: 'one too many' } });
    expect((await inbox(emu)).at(-1)).toMatchObject({ delivered: [], dropped: ['zhangsan'] });
  }, 30_000);

  it('cuts text content at 2048 bytes without splitting a character', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    await send(emu, token, { touser: 'zhangsan', text: { content: `a${'中'.repeat(1000)}` } });
    const content = (await inbox(emu)).at(-1)!.body.text.content;
    expect(Buffer.byteLength(content)).toBe(2047);
    expect(content).toBe(`a${'中'.repeat(682)}`);
  });

  it('answers 41011 for message/send without agentid and 301002 for another app', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    expect(
      (
        await post(emu, `/cgi-bin/message/send?access_token=${token}`, {
          touser: 'zhangsan',
          msgtype: 'text',
          text: { content: 'x' },
        })
      )['errcode'],
    ).toBe(41011);
    expect(
      (await send(emu, token, { agentid: 1000009, touser: 'zhangsan', text: { content: 'x' } }))['errcode'],
    ).toBe(301002);
  });
});

describe('the errmsg hint follows the emulator clock', () => {
  it('starts the WeCom hint with the emulated unix seconds, before and after the clock is advanced', async () => {
    const emu = await emulator();
    const bad = async () =>
      String((await get(emu, `/cgi-bin/gettoken?corpid=${CORP}&corpsecret=wrong`))['errmsg']);
    expect(await bad()).toMatch(/hint: \[1700000000\d{15}\]/);
    await post(emu, '/_emulator/clock/advance', { seconds: 86_400 });
    expect(await bad()).toMatch(/hint: \[1700086400\d{15}\]/);
  });
});

describe('WeCom bodies', () => {
  it('answers 47001 "data format error" for a POST body that is not JSON (global code table), the reason in the journal', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    for (const path of ['/cgi-bin/message/send', '/cgi-bin/menu/create']) {
      const answer = await emu.fetch(`${path}?access_token=${token}&agentid=1000002`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      expect(await answer.json(), path).toMatchObject({
        errcode: 47001,
        errmsg: expect.stringMatching(/^data format error, hint: /),
      });
    }
    expect(JSON.stringify(await get(emu, '/_emulator/journal'))).toMatch(/not a JSON object/);
  });
});

describe('HTTP methods', () => {
  it('answers a GET on a POST API with 43002 "require POST method" and serves a POST on a GET API as the GET', async () => {
    const emu = await emulator();
    const token = await weComToken(emu);
    expect(await get(emu, `/cgi-bin/message/send?access_token=${token}`)).toMatchObject({
      errcode: 43002,
      errmsg: expect.stringMatching(/^require POST method, hint: /),
    });
    expect(await get(emu, `/cgi-bin/message/template/send?access_token=${await oaToken(emu)}`)).toMatchObject(
      {
        errcode: 43002,
        errmsg: expect.stringMatching(/^require POST method, rid: /),
      },
    );
    const posted = await emu.fetch(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${SECRET}`, {
      method: 'POST',
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({ errcode: 0, access_token: token });
    const wrong = await emu.fetch(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=wrong`, { method: 'POST' });
    expect(await wrong.json()).toMatchObject({ errcode: 40001 });
    const journal = JSON.stringify(await get(emu, '/_emulator/journal'));
    expect(journal).toMatch(/served as the GET/);
  });
});
