import { type Check, checkDomains, isList, isText } from '../seed-check.js';
import { checkMessagesPart, type SeedMessagesPart } from './messages/seed.js';
import { checkSubscribeTemplates, type SeedSubscribeTemplate } from './subscribe/seed.js';
import { checkFollowers, type SeedFollower } from './users/seed.js';

/**
 * The Official Accounts of the seed (`officialAccounts:`): the account itself (credentials, domains); its
 * followers, templates and subscription templates are the parts of oa/users, oa/messages and oa/subscribe.
 * `seed.ts` calls {@link normaliseAccounts} and {@link checkAccounts}.
 */
export interface SeedOfficialAccount extends SeedMessagesPart {
  appId: string;
  name?: string;
  secret: string;
  oauthDomains: string[];
  jsDomains: string[];
  ipWhitelist: string[];
  followers: SeedFollower[];
  /** Subscription notifications (oa-subscribe): the account's 订阅通知 templates (wxaapi/newtmpl/gettemplate). */
  subscribeTemplates?: SeedSubscribeTemplate[];
}

/** Fills an account's defaults: JS domains from the OAuth ones, no IP whitelist, no followers. */
export function normaliseAccounts(raw: Partial<SeedOfficialAccount>[] | undefined): SeedOfficialAccount[] {
  return (raw ?? []).map(
    (oa) =>
      ({
        ...oa,
        oauthDomains: oa.oauthDomains ?? [],
        jsDomains: oa.jsDomains ?? oa.oauthDomains ?? [],
        ipWhitelist: oa.ipWhitelist ?? [],
        followers: oa.followers ?? [],
      }) as SeedOfficialAccount,
  );
}

/** Every account of `officialAccounts:`, each problem with its path (`officialAccounts[0].followers[1].openid`). */
export function checkAccounts(accounts: SeedOfficialAccount[], check: Check): void {
  for (const [o, oa] of (accounts ?? []).entries()) {
    const at = `officialAccounts[${o}]`;
    check(isText(oa.appId), `${at}.appId`, 'required (wx…)');
    check(isText(oa.secret), `${at}.secret`, 'required');
    checkDomains(check, oa.oauthDomains, `${at}.oauthDomains`);
    checkJsDomains(oa.jsDomains, `${at}.jsDomains`, check);
    checkFollowers(oa.followers, at, check);
    checkMessagesPart(oa, at, check);
    checkSubscribeTemplates(oa.subscribeTemplates, at, check);
  }
}

/**
 * JS接口安全域名 (audit-3 N-L18): the MP console takes "域名或路径（例：wx.qq.com或wx.qq.com/mp）", so an entry is a
 * host or a host and a path prefix; core's jsDomainCovers matches them (no port: any port of the host). A port
 * stays allowed for the emulator's local pages (`localhost:3000`), which the real console refuses.
 */
const JS_DOMAIN = /^[A-Za-z0-9.-]+(:\d+)?(\/[^\s?#]*)?$/;

function checkJsDomains(v: unknown, path: string, check: Check): void {
  check(isList(v), path, 'a list of host[:port] or host/path like "example.com/mp"');
  for (const [i, d] of (isList(v) ? v : []).entries())
    check(
      typeof d === 'string' && JS_DOMAIN.test(d),
      `${path}[${i}]`,
      'host[:port] or host/path (e.g. "example.com/mp"), without scheme, query or fragment',
    );
}
