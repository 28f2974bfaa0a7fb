import type { JssdkConfigReply, Platform, SignedFields } from '@wxkit/core/contract';
import { WxClientError } from './errors.js';

// The reply of the server kit's JS-SDK route, as core's contract defines it for both sides.
export type Signed = SignedFields;
export type SignedConfig = JssdkConfigReply;

export interface WxLike {
  config(options: Record<string, unknown>): void;
  ready(callback: () => void): void;
  error(callback: (result: { errMsg: string }) => void): void;
}

interface Bridge {
  invoke(name: string, args: Record<string, unknown>, callback: (result: { err_msg?: string }) => void): void;
}

export function loadScript(document: Document, src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new WxClientError(`Could not load ${src}`));
    document.head.appendChild(script);
  });
}

/** The client's names for the APIs whose web names differ (jweixin and @wecom/jssdk map them the same way). */
const CLIENT_NAMES: Record<string, string> = {
  getLocation: 'geoLocation',
  previewImage: 'imagePreview',
  onMenuShareTimeline: 'menu:share:timeline',
  onMenuShareAppMessage: 'menu:share:appmessage',
  onMenuShareWechat: 'menu:share:wechat',
  chooseWXPay: 'getBrandWCPayRequest',
  openAddress: 'editAddress',
};
export const clientApiNames = (list: string[]) => list.map((name) => CLIENT_NAMES[name] ?? name);

// Against the emulator a ticket can outlive its issuer: the app cached it (Redis) and the emulator restarted empty.
const EMULATOR_TICKET =
  "; against the emulator, a ticket cached from an earlier emulator run is refused too (the emulator's journal says so): keep its state (wxkit dev does, in .wxkit/) or clear the app's store";

const hintFor = (message: string, url: string, config?: SignedConfig) =>
  /signature/.test(message)
    ? `signed ${url}: the page URL must match exactly (no #; on iOS the landing URL), and the ticket must be fresh${config?.emulator ? EMULATOR_TICKET : ''}`
    : /domain/.test(message)
      ? "add this page's host to the JS-SDK domains (WeCom: the app's trusted domains; OA: JS接口安全域名)"
      : undefined;

/** wx.config, then on WeCom the agentConfig the client verifies with the agent ticket. */
export function configure(wx: WxLike, config: SignedConfig, platform: Platform, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    wx.error((result) => {
      failed = true;
      reject(new WxClientError(result.errMsg, hintFor(result.errMsg, url, config)));
    });
    wx.ready(() => {
      if (failed) return;
      const agent = config.agentConfig;
      const bridge = (globalThis as { WeixinJSBridge?: Bridge }).WeixinJSBridge;
      if (platform !== 'wecom' || !agent || !bridge) return resolve();
      bridge.invoke(
        'agentConfig',
        {
          corpid: agent.corpid,
          agentid: agent.agentid,
          timestamp: agent.timestamp,
          nonceStr: agent.nonceStr,
          signature: agent.signature,
          // WeixinJSBridge is the client: it knows the APIs by its own names.
          jsApiList: clientApiNames(agent.jsApiList),
        },
        (result) => {
          const message = result.err_msg ?? '';
          if (/:ok$/.test(message)) resolve();
          else reject(new WxClientError(message, hintFor(message, url, config)));
        },
      );
    });
    wx.config({
      beta: platform === 'wecom',
      debug: false,
      appId: config.appId,
      timestamp: config.timestamp,
      nonceStr: config.nonceStr,
      signature: config.signature,
      jsApiList: config.jsApiList,
    });
  });
}

export interface WwLike {
  register(options: Record<string, unknown>): void;
  ensureConfigReady(): Promise<unknown>;
}

const pick = (signed: Signed) => ({
  timestamp: signed.timestamp,
  nonceStr: signed.nonceStr,
  signature: signed.signature,
});

/** @wecom/jssdk: ww.register with signature callbacks served by the server kit, then wait for the config. */
export async function register(
  ww: WwLike,
  config: SignedConfig,
  jsApiList: string[],
  sign: (url: string) => Promise<SignedConfig>,
  pageUrl: string,
): Promise<void> {
  const agent = config.agentConfig;
  ww.register({
    corpId: config.appId,
    jsApiList,
    getConfigSignature: async (url: string) => pick(await sign(url)),
    ...(agent
      ? {
          agentId: agent.agentid,
          getAgentConfigSignature: async (url: string) => pick((await sign(url)).agentConfig ?? agent),
        }
      : {}),
  });
  try {
    await ww.ensureConfigReady();
  } catch (error) {
    const message =
      (error as { errMsg?: string; message?: string }).errMsg ?? (error as Error).message ?? String(error);
    throw new WxClientError(message, hintFor(message, pageUrl, config));
  }
}
