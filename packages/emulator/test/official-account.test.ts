import { describe, expect, it } from 'vitest';
import { emulator, get, OA, OA_SECRET, post } from './helpers.js';

const token = (emu: Awaited<ReturnType<typeof emulator>>) =>
  get(emu, `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`);

describe('Official Account tokens', () => {
  it('issues a new token per /cgi-bin/token call; the previous works 5 more minutes, then 40001', async () => {
    const emu = await emulator();
    const first = await token(emu);
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    const second = await token(emu);
    expect(second['access_token']).not.toBe(first['access_token']);
    const menuWith = (t: unknown) => get(emu, `/cgi-bin/get_current_selfmenu_info?access_token=${t}`);
    expect((await menuWith(first['access_token']))['errcode']).toBeUndefined();
    emu.advance(301);
    expect((await menuWith(first['access_token']))['errcode']).toBe(40001);
    expect((await menuWith(second['access_token']))['is_menu_open']).toBe(0);
  });

  it('answers 40164 when the caller IP is not whitelisted', async () => {
    const { defaultSeed } = await import('../src/index.js');
    const seed = defaultSeed();
    seed.officialAccounts[0]!.ipWhitelist = ['10.0.0.9'];
    const emu = await emulator({ seed });
    const denied = await (
      await emu.fetch(`/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`, {
        headers: { 'x-wxkit-client-ip': '1.2.3.4' },
      })
    ).json();
    expect(denied).toMatchObject({ errcode: 40164 });
    expect((denied as { errmsg: string }).errmsg).toMatch(/^invalid ip 1\.2\.3\.4 .* rid: /);
  });

  it('keeps stable_token stable, rotates in the last 5 minutes, and force-refreshes at most every 30 s', async () => {
    const emu = await emulator();
    const body = { grant_type: 'client_credential', appid: OA, secret: OA_SECRET };
    const a = await post(emu, '/cgi-bin/stable_token', body);
    expect((await post(emu, '/cgi-bin/stable_token', body))['access_token']).toBe(a['access_token']);
    emu.advance(7200 - 200);
    const rotated = await post(emu, '/cgi-bin/stable_token', body);
    expect(rotated['access_token']).not.toBe(a['access_token']);
    const forced = await post(emu, '/cgi-bin/stable_token', { ...body, force_refresh: true });
    expect(forced['access_token']).not.toBe(rotated['access_token']);
    const tooSoon = await post(emu, '/cgi-bin/stable_token', { ...body, force_refresh: true });
    expect(tooSoon['access_token']).toBe(forced['access_token']);
    expect(
      (await get(emu, `/cgi-bin/get_current_selfmenu_info?access_token=${rotated['access_token']}`))[
        'errcode'
      ],
    ).toBe(40001);
  });
});

describe('Official Account web OAuth', () => {
  const authorize = (emu: Awaited<ReturnType<typeof emulator>>, scope: string, who = 'o-xiaoming') =>
    emu
      .fetch(
        `/connect/oauth2/authorize?appid=${OA}&redirect_uri=${encodeURIComponent('http://localhost:3000/cb')}&response_type=code&scope=${scope}&state=s&login_as=${who}`,
      )
      .then((r) => new URL(r.headers.get('location') ?? '').searchParams.get('code'));

  it('exchanges a code once (40163 on reuse) and serves userinfo for snsapi_userinfo only', async () => {
    const emu = await emulator();
    const code = await authorize(emu, 'snsapi_userinfo');
    const url = `/sns/oauth2/access_token?appid=${OA}&secret=${OA_SECRET}&code=${code}&grant_type=authorization_code`;
    const granted = await get(emu, url);
    expect(granted).toMatchObject({ openid: 'o-xiaoming', scope: 'snsapi_userinfo', unionid: 'u-xiaoming' });
    expect((await get(emu, url))['errcode']).toBe(40163);
    const info = await get(
      emu,
      `/sns/userinfo?access_token=${granted['access_token']}&openid=o-xiaoming&lang=zh_CN`,
    );
    expect(info).toMatchObject({ nickname: '小明', sex: 0 });
    expect(
      (await get(emu, `/sns/auth?access_token=${granted['access_token']}&openid=o-xiaoming`))['errcode'],
    ).toBe(0);
    const refreshed = await get(
      emu,
      `/sns/oauth2/refresh_token?appid=${OA}&grant_type=refresh_token&refresh_token=${granted['refresh_token']}`,
    );
    expect(refreshed['openid']).toBe('o-xiaoming');
    const base = await get(
      emu,
      `/sns/oauth2/access_token?appid=${OA}&secret=${OA_SECRET}&code=${await authorize(emu, 'snsapi_base')}&grant_type=authorization_code`,
    );
    expect(
      (await get(emu, `/sns/userinfo?access_token=${base['access_token']}&openid=o-xiaoming`))['errcode'],
    ).toBe(48001);
  });

  it('shows 10003 when redirect_uri is not the OAuth domain', async () => {
    const emu = await emulator();
    const html = await (
      await emu.fetch(
        `/connect/oauth2/authorize?appid=${OA}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}&response_type=code&scope=snsapi_base&state=s`,
      )
    ).text();
    expect(html).toContain('10003');
  });
});

describe('control API', () => {
  it('counts calls and errcodes since reset', async () => {
    const emu = await emulator();
    await token(emu);
    await get(emu, '/cgi-bin/user/get?access_token=bogus&userid=x');
    expect(await get(emu, '/_emulator/stats')).toMatchObject({
      calls: { '/cgi-bin/token': 1, '/cgi-bin/user/get': 1 },
      errcodes: { '40014': 1 },
    });
    await post(emu, '/_emulator/reset', {});
    expect(await get(emu, '/_emulator/stats')).toMatchObject({ calls: {}, errcodes: {} });
  });

  it('injects faults: the next N calls answer an errcode or an HTTP status', async () => {
    const emu = await emulator();
    await post(emu, '/_emulator/faults', { path: '/cgi-bin/token', count: 1, errcode: -1 });
    await post(emu, '/_emulator/faults', { path: '/cgi-bin/token', count: 1, status: 502 });
    expect((await token(emu))['errcode']).toBe(-1);
    expect(
      (await emu.fetch(`/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`)).status,
    ).toBe(502);
    expect((await token(emu))['access_token']).toEqual(expect.any(String));
  });

  it('advances the clock and expires codes on demand', async () => {
    const emu = await emulator();
    const before = emu.now();
    expect((await post(emu, '/_emulator/clock/advance', { seconds: 60 }))['now']).toBe(before + 60_000);
    expect(await post(emu, '/_emulator/clock/advance', { seconds: -1 })).toMatchObject({
      error: { code: 'bad_request', message: expect.stringMatching(/seconds/) },
    });
  });

  it('journals each platform request with an explanation of its errcode', async () => {
    const emu = await emulator();
    await get(emu, '/cgi-bin/user/get?access_token=bogus&userid=x');
    const entries = (await get(emu, '/_emulator/journal'))['entries'] as {
      errcode: number;
      explanation?: string;
    }[];
    expect(entries.at(-1)).toMatchObject({ errcode: 40014, explanation: 'Invalid access_token' });
  });

  it('renders the console with the directory, the app and its workbench preview', async () => {
    const emu = await emulator();
    const html = await (await emu.fetch('/')).text();
    expect(html).toContain('问卷调查');
    expect(html).toContain('zhangsan');
    expect(html).toContain('data-open-app="1000002"');
    expect(html).toContain('<svg');
  });
});

describe('quotas', () => {
  it('answers 45009 past the configured calls per minute and recovers in the next minute', async () => {
    const { defaultSeed } = await import('../src/index.js');
    const seed = { ...defaultSeed(), limits: { ...defaultSeed().limits, apiPerMinute: 3 } };
    const emu = await emulator({ seed });
    const gettoken = () =>
      get(
        emu,
        '/cgi-bin/gettoken?corpid=ww0123456789abcdef&corpsecret=survey-secret-0123456789abcdefghijklmnopqrs',
      );
    for (let i = 0; i < 3; i++) expect((await gettoken())['errcode']).toBe(0);
    expect((await gettoken())['errcode']).toBe(45009);
    expect((await token(emu))['errcode']).toBeUndefined();
    emu.advance(61);
    expect((await gettoken())['errcode']).toBe(0);
  });

  it('answers 45009 when the Official Account spends its daily /cgi-bin/token quota', async () => {
    const { defaultSeed } = await import('../src/index.js');
    const seed = { ...defaultSeed(), limits: { ...defaultSeed().limits, oaTokenPerDay: 2 } };
    const emu = await emulator({ seed });
    await token(emu);
    await token(emu);
    expect((await token(emu))['errcode']).toBe(45009);
  });

  it('refuses a limit that is not a positive whole number', async () => {
    const { loadSeed } = await import('../src/index.js');
    expect(() => loadSeed('wecom: []\nofficialAccounts: []\nlimits: { apiPerMinute: -1 }')).toThrow(
      /limits.apiPerMinute/,
    );
  });
});

describe('faults and expiry over a real socket', () => {
  it('drops the connection, delays, and expires tokens on demand', async () => {
    const emu = await emulator({ port: 0 });
    try {
      const url = `${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`;
      await post(emu, '/_emulator/faults', { path: '/cgi-bin/token', count: 1, drop: true });
      await expect(fetch(url)).rejects.toThrow();
      await post(emu, '/_emulator/faults', { path: '/cgi-bin/token', count: 1, delayMs: 150 });
      const started = Date.now();
      const delayed = (await (await fetch(url)).json()) as { access_token: string };
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      await post(emu, '/_emulator/expire', { kind: 'tokens' });
      const after = await get(emu, `/cgi-bin/get_current_selfmenu_info?access_token=${delayed.access_token}`);
      expect(after['errcode']).toBe(42001);
    } finally {
      await emu.close();
    }
  });
});

describe('Official Account tickets', () => {
  it('issues a wx_card ticket apart from the jsapi ticket (old L7), and 40097 for another type', async () => {
    const emu = await emulator();
    const token = String(
      (await get(emu, `/cgi-bin/token?grant_type=client_credential&appid=${OA}&secret=${OA_SECRET}`))[
        'access_token'
      ],
    );
    const jsapi = await get(emu, `/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`);
    const card = await get(emu, `/cgi-bin/ticket/getticket?access_token=${token}&type=wx_card`);
    expect(card).toMatchObject({ errcode: 0, ticket: expect.any(String), expires_in: 7200 });
    expect(card['ticket']).not.toBe(jsapi['ticket']);
    expect(await get(emu, `/cgi-bin/ticket/getticket?access_token=${token}&type=wx_card`)).toMatchObject({
      ticket: card['ticket'],
    });
    expect(await get(emu, `/cgi-bin/ticket/getticket?access_token=${token}&type=other`)).toMatchObject({
      errcode: 40097,
      errmsg: expect.stringMatching(/^invalid args, rid: /),
    });
  });
});
