import { afterEach, describe, expect, it } from 'vitest';
import { configure, type SignedConfig, type WxLike } from '../src/jssdk.js';

const signed = { timestamp: 1, nonceStr: 'n', signature: 's' };
const config: SignedConfig = {
  appId: 'ww0123456789abcdef',
  scriptUrl: 'http://res.invalid/open/js/jweixin-1.2.0.js',
  ...signed,
  jsApiList: ['getLocation', 'selectEnterpriseContact'],
  agentConfig: {
    ...signed,
    corpid: 'ww0123456789abcdef',
    agentid: 1000002,
    jsApiList: ['getLocation', 'selectEnterpriseContact'],
  },
};

/** jweixin's shape: ready fires after config; this one always succeeds. */
const okWx = (): WxLike => {
  let ready: () => void = () => {};
  return {
    config: () => setTimeout(() => ready()),
    ready: (cb) => {
      ready = cb;
    },
    error: () => {},
  };
};

afterEach(() => {
  delete (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge;
});

describe('configure() on WeCom', () => {
  it('hands the client agentConfig the client names of the APIs (getLocation is geoLocation), so the client allows them', async () => {
    const invoked: Record<string, unknown>[] = [];
    (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge = {
      invoke: (name: string, args: Record<string, unknown>, cb: (r: { err_msg: string }) => void) => {
        invoked.push({ name, ...args });
        cb({ err_msg: `${name}:ok` });
      },
    };
    await configure(okWx(), config, 'wecom', 'https://app.example.com/');
    expect(invoked).toEqual([
      expect.objectContaining({ name: 'agentConfig', jsApiList: ['geoLocation', 'selectEnterpriseContact'] }),
    ]);
  });

  it("rejects with the client's agentConfig message and a hint", async () => {
    (globalThis as { WeixinJSBridge?: unknown }).WeixinJSBridge = {
      invoke: (_n: string, _a: unknown, cb: (r: { err_msg: string }) => void) =>
        cb({ err_msg: 'agentConfig:invalid signature' }),
    };
    await expect(configure(okWx(), config, 'wecom', 'https://app.example.com/')).rejects.toThrow(
      /agentConfig:invalid signature — signed https:\/\/app\.example\.com\//,
    );
  });
});

describe('an invalid signature against the emulator', () => {
  const failing = (): WxLike => {
    let error: (r: { errMsg: string }) => void = () => {};
    return {
      config: () => setTimeout(() => error({ errMsg: 'config:invalid signature' })),
      ready: () => {},
      error: (cb) => {
        error = cb;
      },
    };
  };

  it('names a ticket cached from an earlier emulator run as a cause, only against the emulator', async () => {
    const emulated = { ...config, emulator: { bridgeUrl: 'http://127.0.0.1:4100/jssdk/bridge.js' } };
    await expect(configure(failing(), emulated, 'oa', 'https://app.example.com/')).rejects.toThrow(
      /earlier emulator run.*clear the app's store/,
    );
    await expect(configure(failing(), config, 'oa', 'https://app.example.com/')).rejects.not.toThrow(
      /emulator/,
    );
  });
});
