/**
 * What every feature's seed part checks with: `check` records a problem with its path (the seed's one error lists
 * them all, e.g. `wecom[0].members[2].userid: …`), and the small tests the parts share.
 */
export type Check = (condition: unknown, path: string, rule: string) => void;

export const isList = (v: unknown): v is unknown[] => Array.isArray(v);
export const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** A list of `host[:port]` entries (WeCom trusted and web-login domains, OA 网页授权域名), compared exactly. */
export function checkDomains(check: Check, v: unknown, path: string): void {
  check(isList(v), path, 'a list of host[:port] like "localhost:3000"');
  for (const [i, d] of (isList(v) ? v : []).entries()) {
    check(
      typeof d === 'string' && /^[A-Za-z0-9.-]+(:\d+)?$/.test(d),
      `${path}[${i}]`,
      'host[:port] without scheme or path',
    );
  }
}

/** `{{key.DATA}}` placeholders of a template's content (OA template messages, subscription notifications). */
export const TEMPLATE_CONTENT = /\{\{\w+\.DATA\}\}/;
/** A template id the emulator accepts: 1-64 letters, digits, _ or -. */
export const TEMPLATE_ID = /^[A-Za-z0-9_-]{1,64}$/;
