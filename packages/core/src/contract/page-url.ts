import { clientKind, isAndroid, isIOS } from './client-kind.js';
import { withoutHash } from './url.js';

export interface PageUrls {
  userAgent: string;
  /** `location.href` when `wx.config` runs. */
  currentUrl: string;
  /** The URL the document was loaded from (unchanged by pushState / replaceState). */
  entryUrl: string;
}

/**
 * The URLs a client accepts a JS-SDK signature for, the one to sign first. The one home of this rule: the browser
 * kit signs `[0]`, the emulator's bridge verifies against all of them.
 *
 * - WeChat on iPhone/iPad: the URL the page was entered with. pushState and replaceState do not change it, so
 *   a landing URL whose `?code&state` was stripped with replaceState is still signed with them. Sources agree
 *   (practitioners: errMsg `realAuthUrl` shows the landing URL; @wecom/jssdk signs its `originalHref` in WeChat).
 * - WeChat on Android: practitioners sign the current URL and it works; @wecom/jssdk signs the entry URL on every
 *   non-desktop WeChat (`useOriginalURL = isWeChat && !isWindows && !isMac`). The sources disagree, so both
 *   are accepted and the kit signs the current one.
 * - WeCom, every OS: the current URL. @wecom/jssdk (Tencent's WeCom SDK) signs `location.href` inside WeCom and
 *   re-signs when it changes; WeCom staff: "url如果发生改变需要重新agentconfig验证". The iOS landing-URL rule
 *   reported for WeChat is not reported for WeCom.
 * - Desktop and other browsers: the current URL.
 */
export function verifiedPageUrls({ userAgent, currentUrl, entryUrl }: PageUrls): string[] {
  const current = withoutHash(currentUrl);
  const entry = withoutHash(entryUrl || currentUrl);
  const kind = clientKind(userAgent);
  if (kind === 'wechat' && isIOS(userAgent)) return [entry];
  if (kind === 'wechat' && isAndroid(userAgent)) return current === entry ? [current] : [current, entry];
  return [current];
}
