import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_JPEG } from '@wxkit/test-support';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../src/index.js';
import { CORP, OA, OA_SECRET } from './helpers.js';
import { coWechatApi, type EasyUpload, easyOfficialAccount, easyWork, withEmulator } from './sdks.js';

const require = createRequire(import.meta.url);

// wechat-jssdk 5 (Official Accounts): every platform URL is an option.
interface WechatJssdk {
  jssdk: { getSignature(url: string): Promise<{ timestamp: string; nonceStr: string; signature: string }> };
  oauth: {
    snsUserBaseUrl: string;
    getUserBaseInfo(code: string): Promise<{ openid: string; access_token: string }>;
  };
}
const wechatJssdk = require('wechat-jssdk') as {
  Wechat: new (options: Record<string, unknown>) => WechatJssdk;
  Store: new () => unknown;
};

const PAGE = 'http://localhost:3000/survey?x=1';

/** What the client would decide about a signature: the emulator's own check, as the bridge asks for it. */
async function verify(
  emulator: Emulator,
  body: {
    kind: 'config' | 'agentConfig';
    appId: string;
    agentId?: number;
    timestamp: unknown;
    nonceStr: unknown;
    signature: unknown;
  },
): Promise<{ ok: boolean; errMsg?: string; why?: string }> {
  const response = await emulator.fetch('/_emulator/jssdk/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, url: PAGE }),
  });
  return (await response.json()) as { ok: boolean; errMsg?: string; why?: string };
}

describe('third-party SDKs against the emulator, unchanged', () => {
  it('co-wechat-api fetches a token, pushes and reads a menu, and gets a jsapi ticket', () =>
    withEmulator(async (emulator) => {
      const api = coWechatApi(emulator);
      expect((await api.getAccessToken()).accessToken).toEqual(expect.any(String));
      expect((await api.createMenu({ button: [{ type: 'click', name: '结果', key: 'R' }] })).errcode).toBe(0);
      expect((await api.getMenu()).menu.button[0]?.name).toBe('结果');
      expect((await api.getTicket()).ticket).toEqual(expect.any(String));
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
        calls: Record<string, number>;
      };
      expect(stats.calls['/cgi-bin/token']).toBe(1);
    }));

  it('node-easywechat (Official Account) gets a token, pushes a menu and builds a wx.config the client accepts', () =>
    withEmulator(async (emulator) => {
      const app = easyOfficialAccount(emulator);
      expect(await app.getAccessToken().getToken()).toEqual(expect.any(String));
      const menu = await app.getClient().request('post', 'cgi-bin/menu/create', {
        json: { button: [{ type: 'click', name: '结果', key: 'R' }] },
      });
      expect(menu.toObject()).toMatchObject({ errcode: 0 });
      const config = await app.getUtils().buildJsSdkConfig(PAGE, ['scanQRCode']);
      expect(await verify(emulator, { kind: 'config', appId: OA, ...pick(config) })).toEqual({ ok: true });
    }));

  it('node-easywechat (Work) reads a member and the departments and builds a wx.config the client accepts', () =>
    withEmulator(async (emulator) => {
      const app = easyWork(emulator);
      const user = await app
        .getClient()
        .request('get', 'cgi-bin/user/get', { params: { userid: 'zhangsan' } });
      expect(user.toObject()).toMatchObject({ errcode: 0, userid: 'zhangsan', name: '张三' });
      const departments = await app.getClient().request('get', 'cgi-bin/department/list');
      expect(departments.toObject()).toMatchObject({ errcode: 0 });
      const config = await app.getUtils().buildJsSdkConfig(PAGE, ['getLocation']);
      expect(await verify(emulator, { kind: 'config', appId: CORP, ...pick(config) })).toEqual({ ok: true });
    }));

  it('node-easywechat (Work) uploads an image with withFile, sends it as an image message, and sends markdown', () =>
    withEmulator(async (emulator) => {
      const app = easyWork(emulator);
      const dir = mkdtempSync(join(tmpdir(), 'easywechat-media-'));
      const photo = join(dir, 'photo.jpg');
      writeFileSync(photo, TINY_JPEG);
      const client = app.getClient() as unknown as EasyUpload;
      const up = (
        await client.withFile(photo, 'media').post('cgi-bin/media/upload', { params: { type: 'image' } })
      ).toObject();
      expect(up).toMatchObject({ errcode: 0, type: 'image' });
      for (const [msgtype, payload] of [
        ['image', { media_id: up['media_id'] }],
        ['markdown', { content: '**问卷** 已发布' }],
      ] as const) {
        const sent = await app.getClient().request('post', 'cgi-bin/message/send', {
          json: { touser: 'zhangsan', agentid: 1000002, msgtype, [msgtype]: payload },
        });
        expect(sent.toObject(), msgtype).toMatchObject({ errcode: 0 });
      }
    }));

  it('node-easywechat (Work) signs wx.agentConfig with the corp ticket: a client bug the emulator names', () =>
    withEmulator(async (emulator) => {
      const app = easyWork(emulator);
      // Its own agent-ticket fetch works; the signature is made with the other ticket.
      expect(await app.getTicket().getAgentTicket(1000002)).toEqual(expect.any(String));
      const config = await app.getUtils().buildJsSdkAgentConfig?.(1000002, PAGE, ['selectEnterpriseContact']);
      // CLIENT BUG (node-easywechat 3.6.2, Work/JsApiTicket.createAgentConfigSignature): it calls getTicket() (the
      // corp jsapi ticket) where getAgentTicket(agentId) is needed, so the real client refuses it too.
      const result = await verify(emulator, {
        kind: 'agentConfig',
        appId: CORP,
        agentId: 1000002,
        ...pick(config ?? {}),
      });
      expect(result.ok).toBe(false);
      expect(result.errMsg).toBe('agentConfig:invalid signature');
      expect(result.why).toContain('agent ticket (ticket/get?type=agent_config), not the corp ticket');
    }));

  it('wechat-jssdk signs a page the client accepts and completes an OAuth base login', () =>
    withEmulator(async (emulator) => {
      const wechat = new wechatJssdk.Wechat({
        appId: OA,
        appSecret: OA_SECRET,
        wechatRedirectUrl: 'http://localhost:3000/oauth',
        accessTokenUrl: `${emulator.url}/cgi-bin/token`,
        ticketUrl: `${emulator.url}/cgi-bin/ticket/getticket`,
        oAuthUrl: `${emulator.url}/connect/oauth2/authorize`,
        apiUrl: emulator.url,
        store: new wechatJssdk.Store(),
      });
      const signed = await wechat.jssdk.getSignature(PAGE);
      expect(await verify(emulator, { kind: 'config', appId: OA, ...pick(signed) })).toEqual({ ok: true });
      // The authorize link it builds, followed as the emulator's picker would, then its code exchange.
      const authorize = new URL(wechat.oauth.snsUserBaseUrl);
      expect(authorize.origin).toBe(emulator.url);
      authorize.searchParams.set('login_as', 'o-xiaoming');
      const landing = await emulator.fetch(`${authorize.pathname}${authorize.search}`);
      const code = new URL(landing.headers.get('location') ?? 'http://x/').searchParams.get('code') ?? '';
      expect((await wechat.oauth.getUserBaseInfo(code)).openid).toBe('o-xiaoming');
    }));
});

function pick(config: Record<string, unknown>) {
  return { timestamp: config['timestamp'], nonceStr: config['nonceStr'], signature: config['signature'] };
}
