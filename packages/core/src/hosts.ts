import { WxConfigError } from './errors/errors.js';
import type { Logger } from './logger.js';

/** Base URLs (scheme + host) of the platform's services. */
export interface Hosts {
  /** WeCom server API. */
  qyapi: string;
  /** Official Account server API. */
  api: string;
  /** Browser OAuth pages of both platforms. */
  open: string;
  /** WeCom web (QR) login. */
  login: string;
  /** Where the JS-SDK script is served. */
  res: string;
  /** WeCom's service-provider pages: the third-party app install page (/3rdapp/install). */
  work: string;
}

export const DEFAULT_HOSTS: Readonly<Hosts> = Object.freeze({
  qyapi: 'https://qyapi.weixin.qq.com',
  api: 'https://api.weixin.qq.com',
  open: 'https://open.weixin.qq.com',
  login: 'https://login.work.weixin.qq.com',
  res: 'https://res.wx.qq.com',
  work: 'https://open.work.weixin.qq.com',
});

/** Path of the official JS-SDK file under `hosts.res`. */
export const JSSDK_SCRIPT_PATH = '/open/js/jweixin-1.6.0.js';

/**
 * The JS-SDK for WeCom pages: the WeCom client supports jweixin up to 1.2.0 (WeCom doc 90514 "jweixin-1.6.0 版本企业
 * 微信客户端暂不支持"; WeCom staff on the developer forum, 2020-2021: 1.6.0 fails config there).
 */
export const WECOM_JSSDK_SCRIPT_PATH = '/open/js/jweixin-1.2.0.js';

export const EMULATOR_HOST_ENV = 'WXKIT_EMULATOR_HOST';

let announced = false;

/**
 * The hosts to call: explicit `hosts` win, then `WXKIT_EMULATOR_HOST=host:port` (every host becomes
 * `http://host:port`), then the real platform.
 */
export function resolveHosts(
  hosts: Partial<Hosts> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
  logger?: Logger,
): Hosts {
  const emulator = env[EMULATOR_HOST_ENV]?.trim();
  let base: Hosts = { ...DEFAULT_HOSTS };
  if (emulator) {
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(emulator)) {
      throw new WxConfigError(
        `@wxkit/core: ${EMULATOR_HOST_ENV}="${emulator}" is not host:port. Set it like ${EMULATOR_HOST_ENV}=127.0.0.1:4100, or unset it to call the real platform.`,
      );
    }
    const url = `http://${emulator}`;
    base = { qyapi: url, api: url, open: url, login: url, res: url, work: url };
    if (!announced && logger) {
      announced = true;
      logger.info(`${EMULATOR_HOST_ENV} is set: every WeChat/WeCom call goes to the emulator at ${url}`);
    }
  }
  const resolved = { ...base };
  for (const key of Object.keys(DEFAULT_HOSTS) as (keyof Hosts)[]) {
    const value = hosts[key];
    if (value === undefined) continue;
    if (!/^https?:\/\/[^/\s]+$/.test(value)) {
      throw new WxConfigError(
        `@wxkit/core: hosts.${key}="${value}" must be a scheme and host with no path, e.g. "https://qyapi.weixin.qq.com".`,
      );
    }
    resolved[key] = value;
  }
  return resolved;
}

/** True when any host points somewhere other than Tencent's own domains (an emulator or a proxy). */
export function isEmulated(hosts: Hosts): boolean {
  return Object.values(hosts).some((url) => !/\.(qq\.com)$/.test(new URL(url).hostname));
}
