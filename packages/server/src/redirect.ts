/** A same-origin path to return to after login, or undefined when it could leave the site. */
export function safeRedirectPath(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return '/';
  if (value.length > 2048) return undefined;
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  // Only "/path": not "//host", "/\host", "http:", nor control characters that browsers strip.
  for (const candidate of [value, decoded]) {
    if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\'))
      return undefined;
    if (/[\\\u0000-\u001f\u007f]/.test(candidate)) return undefined;
  }
  const resolved = new URL(value, 'http://same.origin');
  if (resolved.origin !== 'http://same.origin') return undefined;
  return resolved.pathname + resolved.search + resolved.hash;
}

export type ClientKind = 'wecom' | 'wechat' | 'browser';

/** WeCom's UA carries `wxwork/`; WeChat's `MicroMessenger` alone. */
export function clientKind(userAgent: string | null): ClientKind {
  const ua = userAgent ?? '';
  if (/wxwork\//i.test(ua)) return 'wecom';
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  return 'browser';
}
