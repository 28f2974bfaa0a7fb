import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { CORP, emulator, get, OA, weComToken } from './helpers.js';
import { easyWork, withEmulator } from './sdks.js';

const REDIRECT = encodeURIComponent('http://localhost:3000/cb');
const authorize = (query: string) =>
  `/connect/oauth2/authorize?redirect_uri=${REDIRECT}&response_type=code&state=s1&${query}`;

describe('WeCom scopes as the platform treats them for a self-built app', () => {
  it('takes snsapi_userinfo (@logto/connector-wecom default) silently: a code for the userid, no user_ticket', async () => {
    const emu = await emulator();
    const answer = await emu.fetch(
      authorize(`appid=${CORP}&scope=snsapi_userinfo&agentid=1000002&login_as=zhangsan`),
    );
    expect(answer.status).toBe(302);
    const code = new URL(answer.headers.get('location') ?? '').searchParams.get('code');
    const user = await get(
      emu,
      `/cgi-bin/auth/getuserinfo?access_token=${await weComToken(emu)}&code=${code}`,
    );
    expect(user).toMatchObject({ errcode: 0, userid: 'zhangsan' });
    expect(user).not.toHaveProperty('user_ticket');
    // No consent page: the picker's pick goes straight back.
    const picked = await emu.fetch(
      authorize(`appid=${CORP}&scope=snsapi_userinfo&agentid=1000002&pick=zhangsan`),
    );
    expect(picked.status).toBe(302);
    expect(JSON.stringify(await get(emu, '/_emulator/journal'))).toMatch(
      /snsapi_userinfo on a self-built app/,
    );
  });

  it('keeps snsapi_userinfo to the visible range (50002), unlike snsapi_base', async () => {
    const seed = defaultSeed();
    seed.wecom[0]!.apps[0]!.visibleTo = { departments: [2] };
    const emu = await emulator({ seed });
    const outside = await emu.fetch(
      authorize(`appid=${CORP}&scope=snsapi_userinfo&agentid=1000002&login_as=wangwu`),
    );
    expect(await outside.text()).toContain('50002');
    const base = await emu.fetch(
      authorize(`appid=${CORP}&scope=snsapi_base&agentid=1000002&login_as=wangwu`),
    );
    expect(base.status).toBe(302);
  });

  it('answers the error page for snsapi_privateinfo without agentid (40056), an empty appid (10012) and an empty scope (10010)', async () => {
    const emu = await emulator();
    const text = async (path: string) => (await emu.fetch(path)).text();
    expect(await text(authorize(`appid=${CORP}&scope=snsapi_privateinfo&login_as=zhangsan`))).toContain(
      '40056',
    );
    expect(await text(authorize(`appid=&scope=snsapi_base`))).toContain('10012');
    expect(await text(authorize(`appid=${OA}&scope=`))).toContain('10010');
    expect(await text(authorize(`appid=${CORP}&agentid=1000002`))).toContain('10010');
  });
});

describe('WeCom web login, older and current', () => {
  it('serves the older QR login /wwopen/sso/qrConnect (doc 91019) like /wwlogin/sso/login for a self-built app', async () => {
    const emu = await emulator();
    const answer = await emu.fetch(
      `/wwopen/sso/qrConnect?appid=${CORP}&agentid=1000002&redirect_uri=${REDIRECT}&state=s2&login_as=lisi`,
    );
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('s2');
    const user = await get(
      emu,
      `/cgi-bin/auth/getuserinfo?access_token=${await weComToken(emu)}&code=${back.searchParams.get('code')}`,
    );
    expect(user).toMatchObject({ errcode: 0, userid: 'lisi' });
    const page = await emu.fetch(
      `/wwopen/sso/qrConnect?appid=${CORP}&agentid=1000002&redirect_uri=${REDIRECT}&state=s2`,
    );
    expect(await page.text()).toContain('企业微信扫码登录');
  });
});

describe('third-party OAuth URLs, unchanged, on the emulator', () => {
  it("node-easywechat's WeCom OAuth (default snsapi_userinfo + agentid) and its QR login (qrConnect) reach a code", () =>
    withEmulator(async (emulator) => {
      const oauth = await easyWork(emulator).getOAuth();
      // The SDK's hosts are fixed (open.weixin.qq.com, open.work.weixin.qq.com): a browser routed to the emulator.
      const onEmulator = (url: string) => {
        const u = new URL(url);
        return `${emulator.url}${u.pathname}${u.search}&login_as=zhangsan`;
      };
      for (const url of [
        oauth.withState('s3').redirect('http://localhost:3000/cb'),
        oauth.asQrcode().withState('s3').redirect('http://localhost:3000/cb'),
      ]) {
        expect(url).toMatch(/agentid=1000002/);
        const answer = await fetch(onEmulator(url), { redirect: 'manual' });
        expect(answer.status, url).toBe(302);
        expect(new URL(answer.headers.get('location') ?? '').searchParams.get('code'), url).toEqual(
          expect.any(String),
        );
      }
    }));
});
