/**
 * Whether an Official Account's JS接口安全域名 entry covers a page URL (audit-3 N-L18).
 *
 * The MP console takes "域名或路径（例：wx.qq.com或wx.qq.com/mp）…不支持IP地址、端口号及短链域名": an entry is a host
 * or a host and a path prefix, and names no port, so a page is matched by its hostname and, for a path entry, by
 * a path at or below that prefix (`wx.qq.com/mp` covers `/mp` and `/mp/a`, not `/mpx`). Quirk: the emulator runs
 * pages on localhost ports, so an entry may still carry a port (`localhost:3000`), matched exactly; a real
 * console refuses such an entry. Unsure: whether the phone checks the page's port at all when the entry names
 * none (here any port of the host passes).
 */
export function jsDomainCovers(entry: string, pageUrl: string): boolean {
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return false;
  }
  const slash = entry.indexOf('/');
  const hostPart = (slash === -1 ? entry : entry.slice(0, slash)).toLowerCase();
  const prefix = slash === -1 ? '' : entry.slice(slash).replace(/\/+$/, '');
  const hostMatches = hostPart.includes(':') ? page.host === hostPart : page.hostname === hostPart;
  if (!hostMatches) return false;
  return prefix === '' || page.pathname === prefix || page.pathname.startsWith(`${prefix}/`);
}
