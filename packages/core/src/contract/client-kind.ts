/** Which client a page runs in, from its user agent. */
export type ClientKind = 'wecom' | 'wechat' | 'browser';

/** WeCom's UA carries `wxwork/` (and also `MicroMessenger`); WeChat's `MicroMessenger` alone. */
export function clientKind(userAgent: string | null | undefined): ClientKind {
  const ua = userAgent ?? '';
  if (/wxwork\//i.test(ua)) return 'wecom';
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  return 'browser';
}

export const isIOS = (userAgent: string) => /\b(iPhone|iPad|iPod)\b/i.test(userAgent);
export const isAndroid = (userAgent: string) => /\bAndroid\b/i.test(userAgent);
