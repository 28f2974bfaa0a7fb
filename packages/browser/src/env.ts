export type ClientEnv = 'wecom' | 'wechat' | 'browser';

/** WeCom's UA carries `wxwork/`, WeChat's `MicroMessenger` alone. */
export function detectEnv(userAgent: string): ClientEnv {
  if (/wxwork\//i.test(userAgent)) return 'wecom';
  if (/MicroMessenger/i.test(userAgent)) return 'wechat';
  return 'browser';
}

export const isIOS = (userAgent: string) => /iPhone|iPad|iPod/i.test(userAgent);
