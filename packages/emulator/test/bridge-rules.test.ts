import { runInNewContext } from 'node:vm';
import { jsapiSignature } from '@wxkit/core';
import { describe, expect, it } from 'vitest';
import { BRIDGE_SCRIPT } from '../src/bridge.js';
import type { Emulator } from '../src/index.js';
import { CORP, emulator, get, weComToken } from './helpers.js';

const PAGE = 'http://localhost:3000/survey';
const WECOM_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) wxwork/4.1.22 MicroMessenger/7.0.1';

interface Bridge {
  invoke(
    name: string,
    args: Record<string, unknown>,
    callback: (res: { err_msg: string; [key: string]: unknown }) => void,
  ): void;
  call(name: string): void;
}

/** The bridge script in a bare WeCom window whose fetch reaches the emulator; `banner` is what it last showed. */
function bridgeOn(emu: Emulator, userAgent = WECOM_UA) {
  const shown = { textContent: '', style: {} as Record<string, string> };
  const window: Record<string, unknown> = {
    navigator: { userAgent },
    location: { href: PAGE, origin: 'http://localhost:3000' },
    document: {
      currentScript: null,
      readyState: 'complete',
      getElementById: () => shown,
      createElement: () => shown,
      addEventListener() {},
      dispatchEvent() {},
      body: { appendChild() {} },
    },
    fetch: (url: string, init: RequestInit) => emu.fetch(new URL(url).pathname, init),
    setTimeout,
    Event: class {},
    JSON,
    URL,
  };
  window['window'] = window;
  runInNewContext(BRIDGE_SCRIPT, window);
  const bridge = window['WeixinJSBridge'] as Bridge;
  const invoke = (name: string, args: Record<string, unknown> = {}) =>
    new Promise<string>((resolve) => bridge.invoke(name, args, (res) => resolve(res.err_msg)));
  const answer = (name: string, args: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => bridge.invoke(name, args, (res) => resolve(res)));
  return { bridge, invoke, answer, banner: () => shown.textContent };
}

/** A wx.config the WeCom client accepts for PAGE (the corp jsapi ticket). */
async function configArgs(emu: Emulator, jsApiList: string[]) {
  const token = await weComToken(emu);
  const ticket = String((await get(emu, `/cgi-bin/get_jsapi_ticket?access_token=${token}`))['ticket']);
  const { signature } = jsapiSignature({ ticket, nonceStr: 'n1', timestamp: 1_700_000_000, url: PAGE });
  return {
    verifyAppId: CORP,
    verifyTimestamp: '1700000000',
    verifyNonceStr: 'n1',
    verifySignature: signature,
    verifyJsApiList: jsApiList,
  };
}

describe('bridge permissions the clients apply', () => {
  it('runs a bare WeixinJSBridge.call("closeWindow") without wx.config, as payment-result pages use it', async () => {
    const { bridge, invoke, banner } = bridgeOn(await emulator());
    bridge.call('closeWindow');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(banner()).toMatch(/closeWindow: the client would close this page now/);
    // The JS-SDK route still needs a config: invoke is refused.
    expect(await invoke('closeWindow')).toBe('closeWindow:access denied');
    expect(await invoke('getLocation')).toBe('getLocation:access denied');
  });

  it('runs openUserProfile after wx.config alone (agentConfig is for third-party apps)', async () => {
    const emu = await emulator();
    const { invoke } = bridgeOn(emu);
    expect(await invoke('preVerifyJSAPI', await configArgs(emu, ['openUserProfile']))).toBe(
      'preVerifyJSAPI:ok',
    );
    expect(await invoke('openUserProfile', { type: 1, userid: 'zhangsan' })).toBe('openUserProfile:ok');
    expect(await invoke('selectEnterpriseContact')).toBe('selectEnterpriseContact:fail no permission');
  });

  it('answers an agent-level API without agentConfig "fail no permission" in WeCom, other refusals "access denied"', async () => {
    const emu = await emulator();
    const { invoke } = bridgeOn(emu);
    expect(await invoke('preVerifyJSAPI', await configArgs(emu, ['getCurExternalContact']))).toBe(
      'preVerifyJSAPI:ok',
    );
    expect(await invoke('getCurExternalContact')).toBe('getCurExternalContact:fail no permission');
    expect(await invoke('scanQRCode')).toBe('scanQRCode:access denied');
  });

  it('keeps "access denied" for an agent-level API in the WeChat client', async () => {
    const { invoke } = bridgeOn(await emulator(), 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.50');
    expect(await invoke('getCurExternalContact')).toBe('getCurExternalContact:access denied');
  });
});

describe('checkJsApi answers as a phone does (audit-3 N-L14)', () => {
  it('says true for a real API the emulator does not simulate, false for a name no client has', async () => {
    const { answer } = bridgeOn(await emulator());
    const res = await answer('checkJsApi', {
      jsApiList: ['geoLocation', 'uploadVoice', 'openLocation', 'flyToMoon'],
    });
    expect(res['checkResult']).toEqual({
      geoLocation: true,
      uploadVoice: true,
      openLocation: true,
      flyToMoon: false,
    });
  });
});

/** A wx.agentConfig the WeCom client accepts for PAGE (the agent ticket). */
async function agentArgs(emu: Emulator, jsApiList: string[]) {
  const token = await weComToken(emu);
  const ticket = String(
    (await get(emu, `/cgi-bin/ticket/get?access_token=${token}&type=agent_config`))['ticket'],
  );
  const { signature } = jsapiSignature({ ticket, nonceStr: 'n2', timestamp: 1_700_000_000, url: PAGE });
  return { corpid: CORP, agentid: '1000002', timestamp: '1700000000', nonceStr: 'n2', signature, jsApiList };
}

describe('selectEnterpriseContact answers from the seed (old L14)', () => {
  it("picks the app's visible members, with avatar, the ones asked for first", async () => {
    const emu = await emulator();
    const { invoke, answer } = bridgeOn(emu);
    expect(await invoke('agentConfig', await agentArgs(emu, ['selectEnterpriseContact']))).toBe(
      'agentConfig:ok',
    );
    const picked = await answer('selectEnterpriseContact', {
      mode: 'single',
      type: ['user'],
      selectedUserIds: ['lisi'],
    });
    expect(picked).toMatchObject({
      err_msg: 'selectEnterpriseContact:ok',
      result: {
        userList: [{ id: 'lisi', name: '李四', avatar: expect.stringMatching(/\/_emulator\/avatar\/lisi/) }],
      },
    });
  });

  it('answers result as a JSON string on Android, as some clients do', async () => {
    const emu = await emulator();
    const { invoke, answer } = bridgeOn(
      emu,
      `${WECOM_UA.replace('iPhone; CPU iPhone OS 17_5 like Mac OS X', 'Linux; Android 14')}`,
    );
    await invoke('agentConfig', await agentArgs(emu, ['selectEnterpriseContact']));
    const picked = await answer('selectEnterpriseContact', { mode: 'multi', type: ['user'] });
    expect(typeof picked['result']).toBe('string');
    expect(JSON.parse(String(picked['result']))).toMatchObject({ userList: [{ id: expect.any(String) }] });
  });
});
